import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ecsCallScope } from './iam-scope.js';

const ctx = { region: 'eu-west-1', accountId: '111122223333' };
const A = 'arn:aws:ecs:eu-west-1:111122223333';

describe('ECS resources for IAM', () => {
  // ecs:cluster is set only for actions the table lists it for (not CreateService).
  const cases: Array<[operation: string, input: object, resources: string[] | undefined, cluster?: string]> = [
    ['ListClusters', {}, undefined],
    ['DescribeClusters', { clusters: ['prod', `${A}:cluster/dev`] }, [`${A}:cluster/prod`, `${A}:cluster/dev`]],
    ['DescribeClusters', {}, [`${A}:cluster/default`]],
    ['CreateCluster', { clusterName: 'new' }, [`${A}:cluster/new`]],
    ['DescribeServices', { cluster: 'prod', services: ['web', `${A}:service/prod/api`] }, [`${A}:service/prod/web`, `${A}:service/prod/api`], `${A}:cluster/prod`],
    ['CreateService', { cluster: `${A}:cluster/prod`, serviceName: 'web', taskDefinition: 'app' }, [`${A}:service/prod/web`]],
    ['DescribeTasks', { cluster: 'prod', tasks: ['abc'] }, [`${A}:task/prod/abc`], `${A}:cluster/prod`],
    ['RunTask', { cluster: 'prod', taskDefinition: 'app:3' }, [`${A}:task-definition/app:3`], `${A}:cluster/prod`],
    ['RunTask', { taskDefinition: 'app' }, [`${A}:task-definition/app:*`], `${A}:cluster/default`],
    ['RegisterTaskDefinition', { family: 'app', containerDefinitions: [] }, [`${A}:task-definition/app:*`]],
    ['PutAttributes', { cluster: 'prod', attributes: [{ name: 'stack', value: 'blue', targetId: 'i1' }, { name: 'tier', targetId: `${A}:container-instance/prod/i2` }, { name: 'x', targetId: 'i1' }] },
      [`${A}:container-instance/prod/i1`, `${A}:container-instance/prod/i2`], `${A}:cluster/prod`],
  ];
  for (const [operation, input, resources, cluster] of cases) {
    it(`${operation} ${JSON.stringify(input)}`, () => {
      const scope = ecsCallScope(operation, input, ctx);
      assert.deepEqual(scope?.resources, resources);
      assert.equal(scope?.context?.['ecs:cluster'], cluster);
    });
  }
});
