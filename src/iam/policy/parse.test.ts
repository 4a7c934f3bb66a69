/** parsePolicy: the grammar, the rules per policy kind, and IAM's error messages. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGES, PolicyError } from './errors.js';
import { PolicyKind } from './model.js';
import { parsePolicy } from './parse.js';
import { allow, doc, grant, Json } from './policy-test-support.js';

const v = (...statements: Json[]) => JSON.stringify(doc(...statements));
const ALICE_ARN = 'arn:aws:iam::111122223333:user/alice';

/** [name, document, kind, IAM's message (undefined: accepted)] */
const CASES: Array<[string, string, PolicyKind, string | undefined]> = [
  ['a minimal identity policy', v(allow('ecs:*')), 'identity', undefined],
  ['Statement as a single object', JSON.stringify({ Version: '2012-10-17', Statement: allow('ecs:*') }), 'identity', undefined],
  ['no Version (2008-10-17)', JSON.stringify({ Statement: [allow('ecs:*')] }), 'identity', undefined],
  ['condition values as numbers and booleans', v(allow('ecs:*', '*', { Condition: { NumericLessThan: { 'ecs:count': [10, '20'] }, Bool: { 'aws:SecureTransport': true } } })), 'identity', undefined],
  ['a resource policy without Resource (the resource it is attached to)', v(grant('Allow', { AWS: ALICE_ARN })), 'resource', undefined],
  ['a trust policy', v(grant('Allow', { Service: 'ecs-tasks.amazonaws.com' }, 'sts:AssumeRole')), 'trust', undefined],
  ['not JSON', '{"Version": "2012-10-17", ', 'identity', MESSAGES.syntax],
  ['a JSON array', '[]', 'identity', MESSAGES.syntax],
  ['an unknown top-level element', JSON.stringify({ ...doc(allow('ecs:*')), Statements: [] }), 'identity', MESSAGES.syntax],
  ['an unknown Version', JSON.stringify({ Version: '2013-01-01', Statement: [allow('ecs:*')] }), 'identity', MESSAGES.syntax],
  ['no Statement', JSON.stringify({ Version: '2012-10-17' }), 'identity', MESSAGES.syntax],
  ['a null Version', JSON.stringify({ Version: null, Statement: [allow('ecs:*')] }), 'identity', MESSAGES.syntax],
  ['two set operators', v(allow('ecs:*', '*', { Condition: { 'ForAllValues:ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } } })), 'identity', MESSAGES.syntax],
  ['an empty Statement list', JSON.stringify({ Version: '2012-10-17', Statement: [] }), 'identity', MESSAGES.syntax],
  ['an unknown statement element', v({ ...allow('ecs:*'), Actions: 'ecs:*' }), 'identity', MESSAGES.syntax],
  ['Action and NotAction together', v({ ...allow('ecs:*'), NotAction: 'iam:*' }), 'identity', MESSAGES.syntax],
  ['an Effect that is neither Allow nor Deny', v({ ...allow('ecs:*'), Effect: 'Permit' }), 'identity', MESSAGES.syntax],
  ['Effect in lower case', v({ ...allow('ecs:*'), Effect: 'allow' }), 'identity', MESSAGES.legacy],
  ['a number as Action', v({ ...allow('ecs:*'), Action: 7 }), 'identity', MESSAGES.syntax],
  ['a condition key without an operator', v(allow('ecs:*', '*', { Condition: { 'ecs:cluster': 'prod' } })), 'identity', MESSAGES.syntax],
  ['an unknown condition operator', v(allow('ecs:*', '*', { Condition: { StringEqualz: { 'ecs:cluster': 'prod' } } })), 'identity', MESSAGES.syntax],
  ['NullIfExists', v(allow('ecs:*', '*', { Condition: { NullIfExists: { 'ecs:cluster': 'true' } } })), 'identity', MESSAGES.syntax],
  ['a null condition value', v(allow('ecs:*', '*', { Condition: { StringEquals: { 'ecs:cluster': null } } })), 'identity', MESSAGES.syntax],
  ['a date IAM cannot read', v(allow('ecs:*', '*', { Condition: { DateLessThan: { 'aws:CurrentTime': 'yesterday' } } })), 'identity', MESSAGES.legacy],
  ['a condition key without a vendor', v(allow('ecs:*', '*', { Condition: { IpAddress: { SourceIp: '10.0.0.0/8' } } })), 'identity', MESSAGES.vendorMissing],
  ['a __proto__ element', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*","__proto__":{}}]}', 'identity', MESSAGES.syntax],
  ['Principal in an identity policy', v({ ...allow('ecs:*'), Principal: '*' }), 'identity', MESSAGES.principalNotAllowed],
  ['NotPrincipal in a permissions boundary', v({ ...allow('ecs:*'), NotPrincipal: { AWS: ALICE_ARN } }), 'boundary', MESSAGES.principalNotAllowed],
  ['Principal in a session policy', v({ ...allow('ecs:*'), Principal: '*' }), 'session', MESSAGES.principalNotAllowed],
  ['an identity statement without Resource', v({ Effect: 'Allow', Action: 'ecs:*' }), 'identity', MESSAGES.resourcesMissing],
  ['an empty Action list', v(allow([])), 'identity', MESSAGES.actionsMissing],
  ['no Action', v({ Effect: 'Allow', Resource: '*' }), 'identity', MESSAGES.actionsMissing],
  ['Resource in a trust policy', v({ ...grant('Allow', { AWS: ALICE_ARN }, 'sts:AssumeRole'), Resource: '*' }), 'trust', 'Has prohibited field Resource'],
  ['a trust policy without Principal', v({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', MESSAGES.trustWithoutPrincipal],
  ['a resource policy without Principal', v(allow('ecs:*')), 'resource', MESSAGES.principalMissing],
  ['duplicate Sids', v({ ...allow('ecs:*'), Sid: 'A' }, { ...allow('ecr:*'), Sid: 'A' }), 'identity', MESSAGES.sidNotUnique],
  ['a Sid with a dash in an IAM policy', v({ ...allow('ecs:*'), Sid: 'read-only' }), 'identity', MESSAGES.sidNotAlphanumeric],
  ['a Sid with a dash in a resource policy', v({ ...grant('Allow', '*'), Sid: 'read-only' }), 'resource', undefined],
  ['an action without a vendor', v(allow('DescribeClusters')), 'identity', MESSAGES.vendorMissing],
  ['an action with two colons', v(allow('ecs:Describe:Clusters')), 'identity', MESSAGES.actionColons],
  ['a wildcard in the vendor', v(allow('ec*:Describe*')), 'identity', 'Vendor ec* is not valid'],
  ['a resource that is not an ARN', v(allow('ecs:*', 'cluster/prod')), 'identity', 'Resource cluster/prod must be in ARN format or "*".'],
  ['a wildcard in the resource vendor', v(allow('ecs:*', 'arn:aws:ec*:us-east-1:111122223333:cluster/prod')), 'identity', MESSAGES.resourceVendorWildcard],
  ['a partial wildcard in a principal', v(grant('Allow', { AWS: 'arn:aws:iam::*:root' })), 'resource', 'Invalid principal in policy: "AWS":"arn:aws:iam::*:root"'],
  ['a principal that is not an ARN', v(grant('Allow', { AWS: 'alice' })), 'resource', 'Invalid principal in policy: "AWS":"alice"'],
  ['an unknown principal type', v(grant('Allow', { Group: 'admins' })), 'resource', 'Invalid principal in policy: "Group":"admins"'],
];

describe('parsePolicy: grammar and IAM errors', () => {
  for (const [name, json, kind, message] of CASES) {
    it(`${name} (${kind}) → ${message ?? 'accepted'}`, () => {
      if (message === undefined) {
        assert.doesNotThrow(() => parsePolicy(json, kind));
        return;
      }
      assert.throws(
        () => parsePolicy(json, kind),
        (e: unknown) => e instanceof PolicyError && e.code === 'MalformedPolicyDocument' && e.message === message,
      );
    });
  }
});

describe('parsePolicy: the compiled policy', () => {
  it('keeps kind, version, Id, name and Sids', () => {
    const policy = parsePolicy(JSON.stringify({ Id: 'p1', Statement: { ...allow('ecs:*'), Sid: 'Read' } }), 'identity', { name: 'readers' });
    assert.deepEqual(
      { kind: policy.kind, version: policy.version, id: policy.id, name: policy.name, sids: policy.statements.map((s) => s.sid) },
      { kind: 'identity', version: '2008-10-17', id: 'p1', name: 'readers', sids: ['Read'] },
    );
  });

  it('reports the first problem in IAM order: syntax before the kind rules', () => {
    assert.throws(() => parsePolicy(v({ ...allow('ecs:*'), Principal: '*', Effect: 'Permit' }), 'identity'), { message: MESSAGES.syntax });
  });
});
