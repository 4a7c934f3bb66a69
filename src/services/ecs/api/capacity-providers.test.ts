/** The capacity provider operations, and Auto Scaling group providers placing tasks on their host group. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addRegisteredHost, hostDoc, instanceSetup } from './instance-test-support.js';

const ASG = (name: string) => `arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:57ffcb94-11f0-4d6d-bf60-3bac5e000000:autoScalingGroupName/${name}`;
const CP_ARN = (name: string) => `arn:aws:ecs:us-east-1:000000000000:capacity-provider/${name}`;

async function withProvider(name = 'web', group = 'web-hosts') {
  const h = await instanceSetup();
  const created = await h.call('CreateCapacityProvider', { name, autoScalingGroupProvider: { autoScalingGroupArn: ASG(group) }, tags: [{ key: 'team', value: 'a' }] });
  return { ...h, created };
}

const describeOne = async (h: Awaited<ReturnType<typeof withProvider>>, ref: string) =>
  (await h.call('DescribeCapacityProviders', { capacityProviders: [ref], include: ['TAGS'] })).capacityProviders[0];

describe('CreateCapacityProvider', () => {
  it('answers the provider with AWS\'s defaults filled in', async () => {
    const { created } = await withProvider();
    // Through JSON, as the wire drops undefined members.
    assert.deepEqual(JSON.parse(JSON.stringify(created.capacityProvider)), {
      capacityProviderArn: CP_ARN('web'), name: 'web', status: 'ACTIVE', type: 'EC2_AUTOSCALING', tags: [{ key: 'team', value: 'a' }],
      autoScalingGroupProvider: {
        autoScalingGroupArn: ASG('web-hosts'), managedTerminationProtection: 'DISABLED', managedDraining: 'ENABLED',
        managedScaling: { status: 'DISABLED', targetCapacity: 100, minimumScalingStepSize: 1, maximumScalingStepSize: 10000, instanceWarmupPeriod: 300 },
      },
    });
  });

  const refused: [string, Record<string, unknown>, string, RegExp][] = [
    ['a reserved prefix', { name: 'ecs-web', autoScalingGroupProvider: { autoScalingGroupArn: ASG('x') } }, 'InvalidParameterException', /cannot be prefixed/],
    ['an existing name', { name: 'web', autoScalingGroupProvider: { autoScalingGroupArn: ASG('x') } }, 'ClientException', /already exists/],
    ['an Auto Scaling group already used', { name: 'other', autoScalingGroupProvider: { autoScalingGroupArn: ASG('web-hosts') } }, 'ClientException', /already being used by another capacity provider/],
    ['an ARN that is not an Auto Scaling group\'s', { name: 'other', autoScalingGroupProvider: { autoScalingGroupArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/c' } }, 'InvalidParameterException', /Auto Scaling group ARN is not valid/],
    ['no provider configuration', { name: 'other' }, 'InvalidParameterException', /autoScalingGroupProvider must be specified/],
  ];
  for (const [what, input, code, message] of refused) {
    it(`refuses ${what}`, async () => {
      const h = await withProvider();
      await assert.rejects(h.call('CreateCapacityProvider', input as never), { code, message });
    });
  }
});

describe('DescribeCapacityProviders', () => {
  it('lists the AWS-managed providers, then the account\'s; tags only when asked for', async () => {
    const h = await withProvider();
    const all = await h.call('DescribeCapacityProviders', {});
    assert.deepEqual(all.capacityProviders.map((c) => [c.name, c.type, c.tags]), [['FARGATE', 'FARGATE', []], ['FARGATE_SPOT', 'FARGATE_SPOT', []], ['web', 'EC2_AUTOSCALING', []]]);
    assert.deepEqual((await describeOne(h, CP_ARN('web'))).tags, [{ key: 'team', value: 'a' }]);
  });

  it('pages with maxResults and reports unknown names as failures', async () => {
    const h = await withProvider();
    const first = await h.call('DescribeCapacityProviders', { maxResults: 2 });
    const second = await h.call('DescribeCapacityProviders', { maxResults: 2, nextToken: first.nextToken });
    assert.deepEqual([...first.capacityProviders, ...second.capacityProviders].map((c) => c.name), ['FARGATE', 'FARGATE_SPOT', 'web']);
    assert.equal(second.nextToken, undefined);
    const missing = await h.call('DescribeCapacityProviders', { capacityProviders: ['nope'] });
    assert.deepEqual(missing.failures, [{ arn: 'nope', reason: 'MISSING' }]);
    await assert.rejects(h.call('DescribeCapacityProviders', { maxResults: 11 }), { code: 'InvalidParameterException' });
  });
});

describe('UpdateCapacityProvider', () => {
  it('changes managed scaling and termination protection; the update completes at once', async () => {
    const h = await withProvider();
    const answer = await h.call('UpdateCapacityProvider', { name: 'web', autoScalingGroupProvider: { managedScaling: { status: 'ENABLED', targetCapacity: 75 }, managedTerminationProtection: 'ENABLED' } });
    assert.equal(answer.capacityProvider.updateStatus, 'UPDATE_IN_PROGRESS');
    const now = await describeOne(h, 'web');
    assert.equal(now.updateStatus, 'UPDATE_COMPLETE');
    assert.deepEqual(now.autoScalingGroupProvider?.managedScaling, { status: 'ENABLED', targetCapacity: 75, minimumScalingStepSize: 1, maximumScalingStepSize: 10000, instanceWarmupPeriod: 300 });
    assert.equal(now.autoScalingGroupProvider?.managedTerminationProtection, 'ENABLED');
  });

  it('refuses an unknown provider', async () => {
    const h = await withProvider();
    await assert.rejects(h.call('UpdateCapacityProvider', { name: 'nope', autoScalingGroupProvider: {} }), { code: 'ClientException', message: /does not exist/ });
  });
});

describe('DeleteCapacityProvider', () => {
  it('fails while a cluster uses it, then deletes once it is removed; a deleted provider is INACTIVE', async () => {
    const h = await withProvider();
    await h.call('PutClusterCapacityProviders', { cluster: 'c', capacityProviders: ['web'], defaultCapacityProviderStrategy: [] });
    const failed = await h.call('DeleteCapacityProvider', { capacityProvider: 'web' });
    assert.deepEqual([failed.capacityProvider.status, failed.capacityProvider.updateStatus], ['ACTIVE', 'DELETE_FAILED']);
    assert.match(failed.capacityProvider.updateStatusReason ?? '', /associated with cluster: c/);
    await h.call('PutClusterCapacityProviders', { cluster: 'c', capacityProviders: [], defaultCapacityProviderStrategy: [] });
    const deleting = await h.call('DeleteCapacityProvider', { capacityProvider: CP_ARN('web') });
    assert.deepEqual([deleting.capacityProvider.status, deleting.capacityProvider.updateStatus], ['ACTIVE', 'DELETE_IN_PROGRESS']);
    const gone = await describeOne(h, 'web');
    assert.deepEqual([gone.status, gone.updateStatus], ['INACTIVE', 'DELETE_COMPLETE']);
    assert.deepEqual((await h.call('DescribeCapacityProviders', {})).capacityProviders.map((c) => c.name), ['FARGATE', 'FARGATE_SPOT']);
    await assert.rejects(h.call('DeleteCapacityProvider', { capacityProvider: 'web' }), { code: 'ClientException', message: /^The specified capacity provider does not exist/ });
    await assert.rejects(h.call('PutClusterCapacityProviders', { cluster: 'c', capacityProviders: ['web'], defaultCapacityProviderStrategy: [] }), { code: 'InvalidParameterException' });
    await h.call('CreateCapacityProvider', { name: 'web', autoScalingGroupProvider: { autoScalingGroupArn: ASG('web-hosts') } });
  });

  it('refuses the AWS-managed providers', async () => {
    const h = await withProvider();
    await assert.rejects(h.call('DeleteCapacityProvider', { capacityProvider: 'FARGATE' }), { code: 'InvalidParameterException', message: /reserved/ });
  });
});

describe('tags on capacity providers', () => {
  it('TagResource, UntagResource and ListTagsForResource take the provider ARN', async () => {
    const h = await withProvider();
    await h.call('TagResource', { resourceArn: CP_ARN('web'), tags: [{ key: 'env', value: 'prod' }] });
    await h.call('UntagResource', { resourceArn: CP_ARN('web'), tagKeys: ['team'] });
    assert.deepEqual((await h.call('ListTagsForResource', { resourceArn: CP_ARN('web') })).tags, [{ key: 'env', value: 'prod' }]);
  });
});

describe('Auto Scaling group providers place tasks on their host group', () => {
  async function clusterWithGroup() {
    const h = await withProvider();
    const inGroup = addRegisteredHost(h.store, { ...hostDoc(1), group: 'web-hosts' }, 'c');
    addRegisteredHost(h.store, { ...hostDoc(2), group: 'other' }, 'c');
    addRegisteredHost(h.store, hostDoc(3), 'c');
    await h.call('CreateCapacityProvider', { name: 'empty', autoScalingGroupProvider: { autoScalingGroupArn: ASG('nobody') } });
    await h.call('PutClusterCapacityProviders', { cluster: 'c', capacityProviders: ['web', 'empty', 'FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'web', weight: 1 }] });
    return { ...h, inGroup };
  }

  it('RunTask with the strategy places every task on the group\'s instances, launch type EC2', async () => {
    const h = await clusterWithGroup();
    const r = await h.call('RunTask', { cluster: 'c', taskDefinition: 'sleep', count: 6, capacityProviderStrategy: [{ capacityProvider: 'web', weight: 1 }] });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(new Set(r.tasks.map((t) => [t.containerInstanceArn, t.launchType, t.capacityProviderName].join())), new Set([[h.inGroup, 'EC2', 'web'].join()]));
  });

  it('the cluster\'s default strategy applies when RunTask names neither', async () => {
    const h = await clusterWithGroup();
    const r = await h.call('RunTask', { cluster: 'c', taskDefinition: 'sleep' });
    assert.deepEqual([r.tasks[0].containerInstanceArn, r.tasks[0].capacityProviderName], [h.inGroup, 'web']);
  });

  it('a provider whose group has no instance in the cluster places nothing', async () => {
    const h = await clusterWithGroup();
    const r = await h.call('RunTask', { cluster: 'c', taskDefinition: 'sleep', count: 2, capacityProviderStrategy: [{ capacityProvider: 'empty', weight: 1 }] });
    assert.equal(r.tasks.length, 0);
    assert.deepEqual(r.failures.map((f) => [f.arn, f.reason]), [[CP_ARN('empty'), 'MISSING'], [CP_ARN('empty'), 'MISSING']]);
  });

  it('a strategy may not mix Fargate with Auto Scaling group providers', async () => {
    const h = await clusterWithGroup();
    await assert.rejects(h.call('RunTask', { cluster: 'c', taskDefinition: 'sleep', capacityProviderStrategy: [{ capacityProvider: 'web', weight: 1 }, { capacityProvider: 'FARGATE', weight: 1 }] }),
      { code: 'InvalidParameterException', message: /cannot contain a mix/ });
  });

  it('CreateService keeps an EC2 definition on an Auto Scaling group strategy (no Fargate checks)', async () => {
    const h = await clusterWithGroup();
    const { service } = await h.call('CreateService', { cluster: 'c', serviceName: 's', taskDefinition: 'sleep', desiredCount: 1, capacityProviderStrategy: [{ capacityProvider: 'web', weight: 1, base: 1 }] });
    assert.deepEqual(service.capacityProviderStrategy, [{ capacityProvider: 'web', weight: 1, base: 1 }]);
    assert.equal(service.platformVersion, undefined);
  });
});
