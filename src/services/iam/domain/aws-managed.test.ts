/** The built-in AWS managed policies: AWS's ARNs and paths, documents IAM's parser accepts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { evaluate } from '../../../iam/policy/evaluate.js';
import { AWS_MANAGED, awsManagedPolicy, isAwsManagedArn, SERVICE_LINKED_ROLES } from './aws-managed.js';

const REQUIRED = [
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
  'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess',
  'arn:aws:iam::aws:policy/AmazonECS_FullAccess',
  'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess',
  'arn:aws:iam::aws:policy/SecretsManagerReadWrite',
  'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess',
  'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy',
];

describe('AWS managed policies', () => {
  it('are present under their AWS ARNs', () => {
    for (const arn of REQUIRED) assert.ok(awsManagedPolicy(arn), arn);
    // AWS has the task execution policy only under service-role/.
    assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy'), undefined);
    assert.equal(isAwsManagedArn('arn:aws:iam::aws:policy/x'), true);
    assert.equal(isAwsManagedArn('arn:aws:iam::123456789012:policy/x'), false);
  });

  it('every document parses as an identity policy and as a boundary', () => {
    for (const p of AWS_MANAGED) {
      assert.doesNotThrow(() => parsePolicy(p.document, 'identity'), p.PolicyName);
      assert.doesNotThrow(() => parsePolicy(p.document, 'boundary'), p.PolicyName);
      assert.match(p.PolicyId, /^ANPA[A-Z0-9]{17}$/);
      assert.match(p.DefaultVersionId, /^v\d+$/);
      assert.match(p.CreateDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(p.Arn, `arn:aws:iam::aws:policy${p.Path}${p.PolicyName}`);
    }
  });

  it('grant what AWS documents them to grant', () => {
    const principal = { arn: 'arn:aws:iam::123456789012:user/u', accountId: '123456789012', type: 'user' as const, userId: 'AIDAEXAMPLEEXAMPLE12', username: 'u' };
    const decide = (name: string, action: string) => evaluate({ principal, action, resource: '*', identityPolicies: [parsePolicy(awsManagedPolicy(name)!.document, 'identity')] }).effect;
    const table: Array<[string, string, string]> = [
      ['arn:aws:iam::aws:policy/AdministratorAccess', 'iam:CreateUser', 'Allow'],
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'ecs:DescribeClusters', 'Allow'],
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'iam:ListRoles', 'Allow'],
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'ecs:RunTask', 'ImplicitDeny'],
      ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy', 'ecr:BatchGetImage', 'Allow'],
      ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy', 'logs:PutLogEvents', 'Allow'],
      ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy', 'ecr:PutImage', 'ImplicitDeny'],
      ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly', 'ecr:GetAuthorizationToken', 'Allow'],
      ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly', 'ecr:PutImage', 'ImplicitDeny'],
      ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser', 'ecr:PutImage', 'Allow'],
      ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess', 'ecr:DeleteRepository', 'Allow'],
    ];
    for (const [arn, action, effect] of table) assert.equal(decide(arn, action), effect, `${arn} ${action}`);
  });

  it("the ECS service-linked role gets AmazonECSServiceRolePolicy", () => {
    assert.ok(awsManagedPolicy(SERVICE_LINKED_ROLES['ecs.amazonaws.com'].policyArn!)?.serviceRole);
  });
});
