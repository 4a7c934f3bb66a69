import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../protocol/model.js';
import { iamActionFor } from './actions.js';

// Every model Berth serves, with the IAM prefix its operations are authorized under.
const SERVED: Array<[model: string, prefix: string]> = [['ecs', 'ecs'], ['ecr', 'ecr'], ['ecr-public', 'ecr-public'], ['elbv2', 'elasticloadbalancing'], ['sts', 'sts'], ['iam', 'iam'], ['kms', 'kms'], ['ssm', 'ssm'], ['secretsmanager', 'secretsmanager'], ['acm', 'acm'], ['application-autoscaling', 'application-autoscaling'], ['cloudwatch', 'cloudwatch'], ['logs', 'logs']];

describe('the operation → IAM action table', () => {
  for (const [model, prefix] of SERVED) {
    it(`covers every ${model} operation (so every handler is authorized)`, () => {
      const missing = Object.keys(loadModel(model).operations).filter((op) => !iamActionFor(prefix, op));
      assert.deepEqual(missing, []);
    });
  }

  it('names the action, its resource types with ARN formats and its condition keys', () => {
    const runTask = iamActionFor('ecs', 'RunTask')!;
    assert.equal(runTask.action, 'ecs:RunTask');
    assert.equal(runTask.accessLevel, 'Write');
    assert.deepEqual(runTask.resourceTypes, [{ name: 'task-definition', required: true, arn: 'arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}' }]);
    assert.ok(runTask.conditionKeys.includes('ecs:cluster'));
    assert.equal(iamActionFor('elasticloadbalancing', 'RegisterTargets')?.action, 'elasticloadbalancing:RegisterTargets');
    assert.equal(iamActionFor('ecr', 'ListImageReferrers')?.action, 'ecr:DescribeImages');
    assert.equal(iamActionFor('ecs', 'NoSuchOperation'), undefined);
  });
});
