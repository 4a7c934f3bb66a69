/**
 * The decision table: AWS's documented evaluation rules and examples (policy evaluation
 * logic, NotAction/NotResource, policy variables, permissions boundaries, session
 * policies, cross-account access, NotPrincipal), one row each.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './evaluate.js';
import {
  ACCOUNT,
  ALICE,
  allow,
  BOB,
  caseRequest,
  CLUSTER,
  deny,
  DEPLOYER_ROLE,
  doc,
  ECS_TASKS,
  EvaluationCase,
  grant,
  OTHER_ACCOUNT,
  OTHER_ROOT,
  ROOT,
  SESSION,
} from './policy-test-support.js';

const CLUSTERS = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster`;
const ALL_ECS = doc(allow('ecs:*'));
const ONLY_ECR = doc(allow('ecr:*'));

export const EVALUATION_CASES: EvaluationCase[] = [
  // Identity policies: actions and resources.
  { name: 'no policy at all: implicit deny', expect: 'ImplicitDeny' },
  { name: 'an exact action and resource allow', identity: doc(allow('ecs:DescribeClusters', CLUSTER)), expect: 'Allow' },
  { name: 'actions compare case-insensitively', identity: doc(allow('ECS:describeclusters', CLUSTER)), expect: 'Allow' },
  { name: 'action * wildcard', identity: doc(allow('ecs:Describe*')), expect: 'Allow' },
  { name: 'action ? matches exactly one character', identity: doc(allow('ecs:DescribeCluster?')), expect: 'Allow' },
  { name: 'action ? does not match two characters', identity: doc(allow('ecs:DescribeClust?')), expect: 'ImplicitDeny' },
  { name: '"*" allows every action', identity: doc(allow('*')), expect: 'Allow' },
  { name: "another service's actions do not apply", identity: ONLY_ECR, expect: 'ImplicitDeny' },
  { name: 'explicit deny beats allow in the same policy', identity: doc(allow('ecs:*'), deny('ecs:DescribeClusters')), expect: 'ExplicitDeny' },
  { name: 'explicit deny in another policy beats allow', identity: [ALL_ECS, doc(deny('ecs:*', CLUSTER))], expect: 'ExplicitDeny' },
  { name: 'a deny for another action does not apply', identity: [ALL_ECS, doc(deny('ecs:DeleteCluster'))], expect: 'Allow' },
  { name: 'NotAction allows everything but the listed actions', identity: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), expect: 'Allow' },
  { name: 'NotAction does not allow the listed actions', identity: doc({ Effect: 'Allow', NotAction: 'ecs:*', Resource: '*' }), expect: 'ImplicitDeny' },
  { name: 'Deny with NotAction denies everything else', identity: [ALL_ECS, doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' })], expect: 'ExplicitDeny' },
  { name: 'NotResource excludes the listed resource', identity: doc({ Effect: 'Allow', Action: 'ecs:*', NotResource: CLUSTER }), expect: 'ImplicitDeny' },
  { name: 'NotResource covers every other resource', identity: doc({ Effect: 'Allow', Action: 'ecs:*', NotResource: `${CLUSTERS}/dev` }), expect: 'Allow' },
  { name: 'resource wildcards per segment', identity: doc(allow('ecs:*', `arn:aws:ecs:*:${ACCOUNT}:cluster/*`)), expect: 'Allow' },
  { name: 'resource ARNs compare case-sensitively', identity: doc(allow('ecs:*', `${CLUSTERS}/Prod`)), expect: 'ImplicitDeny' },
  { name: 'a region wildcard does not reach into the account', identity: doc(allow('ecs:*', 'arn:aws:ecs:*:cluster/*')), expect: 'ImplicitDeny' },
  { name: 'Resource "*" covers actions without resource types', action: 'ecs:ListClusters', resource: '*', identity: doc(allow('ecs:ListClusters')), expect: 'Allow' },
  { name: 'an ARN pattern does not cover the "*" resource', action: 'ecs:ListClusters', resource: '*', identity: doc(allow('ecs:ListClusters', 'arn:aws:ecs:*:*:*')), expect: 'ImplicitDeny' },

  // Policy variables.
  { name: '${aws:username} in a resource', resource: `${CLUSTERS}/alice`, identity: doc(allow('ecs:*', `${CLUSTERS}/\${aws:username}`)), expect: 'Allow' },
  { name: "${aws:username} is not another user's resource", resource: `${CLUSTERS}/bob`, identity: doc(allow('ecs:*', `${CLUSTERS}/\${aws:username}`)), expect: 'ImplicitDeny' },
  { name: 'a variable with no value matches nothing (role sessions have no aws:username)', principal: SESSION, resource: `${CLUSTERS}/ci`, identity: doc(allow('ecs:*', `${CLUSTERS}/\${aws:username}`)), expect: 'ImplicitDeny' },
  { name: 'a default value stands in for a missing key', principal: SESSION, resource: `${CLUSTERS}/shared`, identity: doc(allow('ecs:*', `${CLUSTERS}/\${aws:username, 'shared'}`)), expect: 'Allow' },
  { name: '${aws:PrincipalTag/team} in a resource', resource: `${CLUSTERS}/web`, identity: doc(allow('ecs:*', `${CLUSTERS}/\${aws:PrincipalTag/team}`)), expect: 'Allow' },
  { name: 'Version 2008-10-17 has no variables: ${…} is text', resource: `${CLUSTERS}/alice`, identity: { Version: '2008-10-17', Statement: allow('ecs:*', `${CLUSTERS}/\${aws:username}`) }, expect: 'ImplicitDeny' },
  { name: '${*} is a literal asterisk', resource: `${CLUSTERS}/a*b`, identity: doc(allow('ecs:*', `${CLUSTERS}/a\${*}b`)), expect: 'Allow' },
  { name: '${*} is not a wildcard', resource: `${CLUSTERS}/axxb`, identity: doc(allow('ecs:*', `${CLUSTERS}/a\${*}b`)), expect: 'ImplicitDeny' },
  { name: 'ABAC: resource tag equals ${aws:username}', context: { 'aws:ResourceTag/owner': 'alice' }, identity: doc(allow('ecs:*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } })), expect: 'Allow' },
  { name: 'ABAC: another owner is not allowed', context: { 'aws:ResourceTag/owner': 'bob' }, identity: doc(allow('ecs:*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } })), expect: 'ImplicitDeny' },
  { name: 'a negated operator matches a variable with no value', principal: SESSION, context: { 'aws:ResourceTag/owner': 'ci' }, identity: [ALL_ECS, doc(deny('ecs:*', '*', { Condition: { StringNotEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } }))], expect: 'ExplicitDeny' },
  { name: '${aws:userid} in a condition', context: { 'ecs:cluster': 'AIDAALICEEXAMPLE' }, identity: doc(allow('ecs:*', '*', { Condition: { StringEquals: { 'ecs:cluster': '${aws:userid}' } } })), expect: 'Allow' },

  // Conditions in context.
  { name: 'deny without TLS (aws:SecureTransport false)', context: { 'aws:SecureTransport': false }, identity: [ALL_ECS, doc(deny('ecs:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))], expect: 'ExplicitDeny' },
  { name: 'allow with TLS (aws:SecureTransport true)', context: { 'aws:SecureTransport': true }, identity: [ALL_ECS, doc(deny('ecs:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))], expect: 'Allow' },
  { name: 'a missing key fails an Allow condition', identity: doc(allow('ecs:*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })), expect: 'ImplicitDeny' },
  { name: 'BoolIfExists: a Deny on "no MFA" applies when the key is missing', identity: [ALL_ECS, doc(deny('ecs:*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }))], expect: 'ExplicitDeny' },
  { name: 'condition key names are case-insensitive', context: { 'aws:SourceIp': '203.0.113.9' }, identity: doc(allow('ecs:*', '*', { Condition: { IpAddress: { 'AWS:SOURCEIP': '203.0.113.0/24' } } })), expect: 'Allow' },
  { name: 'keys in one block must all hold (a missing one fails)', identity: doc(allow('ecs:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'web', 'aws:PrincipalTag/role': 'audit' } } })), expect: 'ImplicitDeny' },
  { name: 'operators in one block must all hold', context: { 'aws:SourceIp': '10.0.0.1' }, identity: doc(allow('ecs:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'web' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })), expect: 'ImplicitDeny' },
  { name: 'principal tags come from the principal, not the request', context: { 'aws:PrincipalTag/team': 'admin' }, identity: doc(allow('ecs:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'admin' } } })), expect: 'ImplicitDeny' },
  { name: 'aws:PrincipalArn of a role session is the role', principal: SESSION, identity: doc(allow('ecs:*', '*', { Condition: { ArnEquals: { 'aws:PrincipalArn': DEPLOYER_ROLE } } })), expect: 'Allow' },

  // Resource policies in the caller's account.
  { name: 'a resource policy naming the user allows on its own', resourcePolicy: doc(grant('Allow', { AWS: ALICE.arn })), expect: 'Allow' },
  { name: 'an identity allow suffices without the resource policy', identity: ALL_ECS, resourcePolicy: doc(grant('Allow', { AWS: BOB.arn })), expect: 'Allow' },
  { name: 'a resource policy deny beats an identity allow', identity: ALL_ECS, resourcePolicy: doc(grant('Deny', { AWS: ALICE.arn })), expect: 'ExplicitDeny' },
  { name: 'a resource policy naming someone else grants nothing', resourcePolicy: doc(grant('Allow', { AWS: BOB.arn })), expect: 'ImplicitDeny' },
  { name: 'a resource policy deny for someone else does not apply', identity: ALL_ECS, resourcePolicy: doc(grant('Deny', { AWS: BOB.arn })), expect: 'Allow' },
  { name: 'naming the account delegates to identity policies', resourcePolicy: doc(grant('Allow', { AWS: ACCOUNT })), expect: 'ImplicitDeny' },
  { name: 'naming the account root ARN delegates too', identity: ALL_ECS, resourcePolicy: doc(grant('Allow', { AWS: `arn:aws:iam::${ACCOUNT}:root` })), expect: 'Allow' },
  { name: 'Principal "*" allows every caller', resourcePolicy: doc(grant('Allow', '*')), expect: 'Allow' },
  { name: 'a user named in a resource policy is not limited by its boundary', boundary: ONLY_ECR, resourcePolicy: doc(grant('Allow', { AWS: ALICE.arn })), expect: 'Allow' },
  { name: 'a role named in a resource policy is limited by its boundary', principal: SESSION, boundary: ONLY_ECR, resourcePolicy: doc(grant('Allow', { AWS: DEPLOYER_ROLE })), expect: 'ImplicitDeny' },
  { name: 'a role named in a resource policy needs no identity policy', principal: SESSION, resourcePolicy: doc(grant('Allow', { AWS: DEPLOYER_ROLE })), expect: 'Allow' },
  { name: 'a role session named in a resource policy is not limited by its boundary', principal: SESSION, boundary: ONLY_ECR, resourcePolicy: doc(grant('Allow', { AWS: SESSION.arn })), expect: 'Allow' },
  { name: 'a role named in a resource policy is limited by the session policy', principal: SESSION, session: doc(allow('ecr:*')), resourcePolicy: doc(grant('Allow', { AWS: DEPLOYER_ROLE })), expect: 'ImplicitDeny' },
  { name: 'a role session named in a resource policy is not limited by the session policy', principal: SESSION, session: doc(allow('ecr:*')), resourcePolicy: doc(grant('Allow', { AWS: SESSION.arn })), expect: 'Allow' },
  { name: 'a role with a path is matched through principal.roleArn', principal: { ...SESSION, roleArn: `arn:aws:iam::${ACCOUNT}:role/team/deployer` }, resourcePolicy: doc(grant('Allow', { AWS: `arn:aws:iam::${ACCOUNT}:role/team/deployer` })), expect: 'Allow' },
  { name: 'resource policy condition on aws:PrincipalArn', principal: SESSION, resourcePolicy: doc(grant('Allow', '*', 'ecs:*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/deploy*` } } })), expect: 'Allow' },
  { name: 'NotPrincipal Deny spares a caller listed with its account', identity: ALL_ECS, resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: [ALICE.arn, `arn:aws:iam::${ACCOUNT}:root`] }, Action: 'ecs:*' }), expect: 'Allow' },
  { name: 'NotPrincipal Deny without the account denies the caller', identity: ALL_ECS, resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: ALICE.arn }, Action: 'ecs:*' }), expect: 'ExplicitDeny' },
  { name: 'NotPrincipal Deny always denies a caller with a boundary', identity: ALL_ECS, boundary: ALL_ECS, resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: [ALICE.arn, `arn:aws:iam::${ACCOUNT}:root`] }, Action: 'ecs:*' }), expect: 'ExplicitDeny' },
  { name: 'a resource policy statement for another action does not apply', resourcePolicy: doc(grant('Allow', { AWS: ALICE.arn }, 'ecs:DeleteCluster')), expect: 'ImplicitDeny' },

  // Another account's resource: both sides must allow.
  { name: 'cross-account: identity and resource policy both allow', principal: BOB, resourceAccountId: ACCOUNT, identity: ALL_ECS, resourcePolicy: doc(grant('Allow', { AWS: BOB.arn })), expect: 'Allow' },
  { name: 'cross-account: the identity policy alone is not enough', principal: BOB, resourceAccountId: ACCOUNT, identity: ALL_ECS, expect: 'ImplicitDeny' },
  { name: 'cross-account: the resource policy alone is not enough', principal: BOB, resourceAccountId: ACCOUNT, resourcePolicy: doc(grant('Allow', { AWS: BOB.arn })), expect: 'ImplicitDeny' },
  { name: 'cross-account: trusting the account delegates to its identity policies', principal: BOB, resourceAccountId: ACCOUNT, identity: ALL_ECS, resourcePolicy: doc(grant('Allow', { AWS: OTHER_ACCOUNT })), expect: 'Allow' },
  { name: 'cross-account: a boundary still limits the caller', principal: BOB, resourceAccountId: ACCOUNT, identity: ALL_ECS, boundary: ONLY_ECR, resourcePolicy: doc(grant('Allow', { AWS: BOB.arn })), expect: 'ImplicitDeny' },
  { name: 'cross-account: the other root is allowed by the resource policy', principal: OTHER_ROOT, resourceAccountId: ACCOUNT, resourcePolicy: doc(grant('Allow', { AWS: OTHER_ACCOUNT })), expect: 'Allow' },
  { name: 'cross-account: the other root needs the resource policy', principal: OTHER_ROOT, resourceAccountId: ACCOUNT, expect: 'ImplicitDeny' },

  // Permissions boundaries and session policies intersect with identity policies.
  { name: 'boundary and identity both allow', identity: ALL_ECS, boundary: doc(allow('ecs:Describe*')), expect: 'Allow' },
  { name: 'a boundary that does not allow limits the identity allow', identity: ALL_ECS, boundary: ONLY_ECR, expect: 'ImplicitDeny' },
  { name: 'a boundary grants nothing by itself', boundary: ALL_ECS, expect: 'ImplicitDeny' },
  { name: 'a deny in the boundary is an explicit deny', identity: ALL_ECS, boundary: doc(allow('*'), deny('ecs:DescribeClusters')), expect: 'ExplicitDeny' },
  { name: 'session policy and identity both allow', principal: SESSION, identity: ALL_ECS, session: doc(allow('ecs:Describe*')), expect: 'Allow' },
  { name: 'a session policy that does not allow limits the session', principal: SESSION, identity: ALL_ECS, session: doc(allow('ecr:*')), expect: 'ImplicitDeny' },
  { name: 'a session policy grants nothing by itself', principal: SESSION, session: ALL_ECS, expect: 'ImplicitDeny' },
  { name: 'any one of several session policies may allow', principal: SESSION, identity: ALL_ECS, session: [doc(allow('ecr:*')), doc(allow('ecs:DescribeClusters'))], expect: 'Allow' },
  { name: 'identity ∩ boundary ∩ session: all three allow', principal: SESSION, identity: ALL_ECS, boundary: ALL_ECS, session: ALL_ECS, expect: 'Allow' },

  // The account root.
  { name: 'root in its own account needs no policy', principal: ROOT, expect: 'Allow' },
  { name: 'a resource policy deny applies to root', principal: ROOT, resourcePolicy: doc(grant('Deny', '*')), expect: 'ExplicitDeny' },
  { name: 'identity policies do not apply to root', principal: ROOT, identity: doc(deny('*')), expect: 'Allow' },

  // Role trust policies must allow.
  { name: 'trust policy naming the user allows AssumeRole on its own', action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, resourcePolicy: doc(grant('Allow', { AWS: ALICE.arn }, 'sts:AssumeRole')), expect: 'Allow' },
  { name: 'trust policy naming the account needs an identity allow too', action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, resourcePolicy: doc(grant('Allow', { AWS: ACCOUNT }, 'sts:AssumeRole')), expect: 'ImplicitDeny' },
  { name: 'trust policy naming the account with an identity allow', action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, identity: doc(allow('sts:AssumeRole', DEPLOYER_ROLE)), resourcePolicy: doc(grant('Allow', { AWS: ACCOUNT }, 'sts:AssumeRole')), expect: 'Allow' },
  { name: 'a trust policy naming the service lets it assume the role', principal: ECS_TASKS, action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, resourcePolicy: doc(grant('Allow', { Service: 'ecs-tasks.amazonaws.com' }, 'sts:AssumeRole')), expect: 'Allow' },
  { name: 'service names compare case-insensitively', principal: ECS_TASKS, action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, resourcePolicy: doc(grant('Allow', { Service: ['ECS-Tasks.amazonaws.com'] }, 'sts:AssumeRole')), expect: 'Allow' },
  { name: 'a trust policy naming another service does not', principal: ECS_TASKS, action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, resourcePolicy: doc(grant('Allow', { Service: 'ec2.amazonaws.com' }, 'sts:AssumeRole')), expect: 'ImplicitDeny' },
  { name: 'a trust policy naming the account does not let a service in', principal: ECS_TASKS, action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, resourcePolicy: doc(grant('Allow', { AWS: ACCOUNT }, 'sts:AssumeRole')), expect: 'ImplicitDeny' },
  { name: 'aws:SourceAccount conditions on a service principal hold', principal: ECS_TASKS, action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, context: { 'aws:SourceAccount': ACCOUNT }, resourcePolicy: doc(grant('Allow', { Service: 'ecs-tasks.amazonaws.com' }, 'sts:AssumeRole', { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } })), expect: 'Allow' },
  { name: 'aws:SourceAccount of another account fails the condition', principal: ECS_TASKS, action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, context: { 'aws:SourceAccount': OTHER_ACCOUNT }, resourcePolicy: doc(grant('Allow', { Service: 'ecs-tasks.amazonaws.com' }, 'sts:AssumeRole', { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } })), expect: 'ImplicitDeny' },
  { name: 'a service cannot claim aws:PrincipalArn', principal: ECS_TASKS, action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, context: { 'aws:PrincipalArn': ALICE.arn }, resourcePolicy: doc(grant('Allow', { Service: 'ecs-tasks.amazonaws.com' }, 'sts:AssumeRole', { Condition: { StringEquals: { 'aws:PrincipalArn': ALICE.arn } } })), expect: 'ImplicitDeny' },
  { name: 'an identity allow cannot assume a role whose trust policy does not allow', action: 'sts:AssumeRole', resource: DEPLOYER_ROLE, trust: true, identity: doc(allow('sts:AssumeRole')), resourcePolicy: doc(grant('Allow', { AWS: BOB.arn }, 'sts:AssumeRole')), expect: 'ImplicitDeny' },
];

describe('evaluate: AWS evaluation logic', () => {
  for (const c of EVALUATION_CASES) {
    it(c.name, () => {
      const decision = evaluate(caseRequest(c));
      assert.equal(decision.effect, c.expect, decision.reason);
    });
  }
});

describe('evaluate: reasons', () => {
  it('names the deciding policy and statement', () => {
    const decision = evaluate(caseRequest({ name: '', identity: [ALL_ECS, doc({ ...deny('ecs:*'), Sid: 'NoEcs' })], expect: 'ExplicitDeny' }));
    assert.equal(decision.reason, 'denied by identity policy "identity-1" statement "NoEcs"');
  });

  it('says what was missing', () => {
    const decision = evaluate(caseRequest({ name: '', identity: ALL_ECS, boundary: ONLY_ECR, expect: 'ImplicitDeny' }));
    assert.equal(decision.reason, 'the permissions boundary does not allow it');
  });

  const typeCases: Array<[name: string, c: Parameters<typeof caseRequest>[0], type: string]> = [
    ['an identity deny', { name: '', identity: [ALL_ECS, doc(deny('ecs:*'))], expect: 'ExplicitDeny' }, 'identity-based policy'],
    ['no identity allow', { name: '', identity: ONLY_ECR, expect: 'ImplicitDeny' }, 'identity-based policy'],
    ['a boundary without the action', { name: '', identity: ALL_ECS, boundary: ONLY_ECR, expect: 'ImplicitDeny' }, 'permissions boundary'],
    ['a boundary deny', { name: '', identity: ALL_ECS, boundary: doc(deny('ecs:*')), expect: 'ExplicitDeny' }, 'permissions boundary'],
  ];
  for (const [name, c, type] of typeCases) {
    it(`names the policy type AWS's message names: ${name}`, () => assert.equal(evaluate(caseRequest(c)).policyType, type));
  }
});
