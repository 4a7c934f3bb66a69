import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aasApi, ECS_TARGET } from './api-harness.js';

const TT = { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } };

describe('scalable targets', () => {
  it('registers an ECS service with the service-linked role, nothing suspended, and an ARN of its own', async () => {
    const api = aasApi();
    const { ScalableTargetARN } = await api.register();
    assert.match(ScalableTargetARN, /^arn:aws:application-autoscaling:eu-west-1:123456789012:scalable-target\/[0-9a-f]{36}$/);
    const [target] = (await api.call('DescribeScalableTargets', { ServiceNamespace: 'ecs' })).ScalableTargets;
    assert.deepEqual(target, {
      ...ECS_TARGET, MinCapacity: 1, MaxCapacity: 10, ScalableTargetARN, CreationTime: api.clock.now(),
      RoleARN: 'arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
      SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
    });
  });

  it('brings the desired count within new bounds, as an activity naming the bound', async () => {
    const api = aasApi();
    await api.register({ MinCapacity: 3 });
    assert.equal(api.scaler.desired('prod', 'web'), 3);
    await api.register({ MaxCapacity: 2, MinCapacity: 1 });
    assert.equal(api.scaler.desired('prod', 'web'), 2);
    const [lowered, raised] = await api.activities();
    assert.deepEqual([raised.Description, raised.Cause, raised.StatusCode, raised.StatusMessage], [
      'Setting desired count to 3.', 'minimum capacity was set to 3', 'Successful', 'Successfully set desired count to 3. Change successfully fulfilled by ecs.',
    ]);
    assert.deepEqual([lowered.Description, lowered.Cause], ['Setting desired count to 2.', 'maximum capacity was set to 2']);
    await api.register({ SuspendedState: { DynamicScalingInSuspended: true } });
    assert.equal((await api.activities()).length, 2, 'no bounds given, nothing to bring within them');
  });

  it('updates on a second registration, keeping what the call leaves out', async () => {
    const api = aasApi();
    const first = await api.register({ RoleARN: 'arn:aws:iam::123456789012:role/scaler' });
    const again = await api.call('RegisterScalableTarget', { ...ECS_TARGET, MaxCapacity: 6, SuspendedState: { ScheduledScalingSuspended: true } });
    assert.equal(again.ScalableTargetARN, first.ScalableTargetARN);
    const [target] = (await api.call('DescribeScalableTargets', { ServiceNamespace: 'ecs', ResourceIds: ['service/prod/web'] })).ScalableTargets;
    assert.deepEqual([target.MinCapacity, target.MaxCapacity, target.RoleARN, target.SuspendedState], [
      1, 6, 'arn:aws:iam::123456789012:role/scaler', { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: true },
    ]);
    assert.equal(await api.failure('RegisterScalableTarget', { ...ECS_TARGET, Tags: { team: 'a' } }),
      'ValidationException: The scalable target that you tried to tag already exists. To update tags on an existing scalable target, use the TagResource API.');
  });

  it('refuses what AWS refuses', async () => {
    const api = aasApi();
    const cases: Array<[object, string]> = [
      [{ ScalableDimension: 'dynamodb:table:ReadCapacityUnits' }, 'ValidationException: Unsupported service namespace, resource type or scalable dimension'],
      [{ ResourceId: 'cluster/prod' }, 'ValidationException: Unsupported service namespace, resource type or scalable dimension'],
      [{ ServiceNamespace: 'dynamodb', ScalableDimension: 'dynamodb:table:ReadCapacityUnits', ResourceId: 'table/t' },
        'ValidationException: Berth scales ECS services only (service namespace ecs, scalable dimension ecs:service:DesiredCount), not dynamodb'],
      [{ ResourceId: 'service/prod/api' }, 'ValidationException: ECS service doesn\'t exist: service/prod/api'],
      [{ MinCapacity: 5, MaxCapacity: 4 }, 'ValidationException: Minimum capacity cannot be greater than maximum capacity'],
      [{ MinCapacity: -1 }, 'ValidationException: 1 validation error detected: Value \'-1\' at \'minCapacity\' failed to satisfy constraint: Member must have value greater than or equal to 0'],
      [{ MinCapacity: undefined }, 'ValidationException: MinCapacity and MaxCapacity are required for registering a new scalable target'],
      [{ Tags: { 'aws:owner': 'x' } }, 'ValidationException: Tag keys starting with "aws:" are reserved for use by AWS.'],
    ];
    for (const [over, message] of cases) assert.equal(await api.failure('RegisterScalableTarget', { ...ECS_TARGET, MinCapacity: 1, MaxCapacity: 10, ...over }), message, JSON.stringify(over));
    assert.equal(await api.failure('DeregisterScalableTarget', ECS_TARGET),
      'ObjectNotFoundException: No scalable target registered for service namespace: ecs, resource ID: service/prod/web, scalable dimension: ecs:service:DesiredCount');
  });

  it('deregisters with the target\'s policies, their alarms and its scheduled actions; its activities stay', async () => {
    const api = aasApi();
    await api.register({ MinCapacity: 3 });
    await api.call('PutScalingPolicy', { ...ECS_TARGET, PolicyName: 'cpu70', PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: TT });
    await api.call('PutScheduledAction', { ...ECS_TARGET, ScheduledActionName: 'night', Schedule: 'cron(0 22 * * ? *)', ScalableTargetAction: { MaxCapacity: 1 } });
    assert.equal(api.alarms!.alarms.size, 2);
    await api.call('DeregisterScalableTarget', ECS_TARGET);
    assert.equal(api.alarms!.alarms.size, 0);
    assert.deepEqual((await api.call('DescribeScalingPolicies', { ServiceNamespace: 'ecs' })).ScalingPolicies, []);
    assert.deepEqual((await api.call('DescribeScheduledActions', { ServiceNamespace: 'ecs' })).ScheduledActions, []);
    assert.deepEqual(api.store.list('application-autoscaling/scheduled-action-due').length, 0);
    assert.equal((await api.activities({ ResourceId: 'service/prod/web' })).length, 1);
  });

  it('pages and filters DescribeScalableTargets', async () => {
    const api = aasApi();
    for (const name of ['a', 'b', 'c']) {
      api.scaler.add('prod', name, 1);
      await api.register({ ResourceId: `service/prod/${name}` });
    }
    const first = await api.call('DescribeScalableTargets', { ServiceNamespace: 'ecs', MaxResults: 2 });
    assert.deepEqual(first.ScalableTargets.map((t) => t.ResourceId), ['service/prod/a', 'service/prod/b']);
    const second = await api.call('DescribeScalableTargets', { ServiceNamespace: 'ecs', MaxResults: 2, NextToken: first.NextToken });
    assert.deepEqual(second.ScalableTargets.map((t) => t.ResourceId), ['service/prod/c']);
    assert.equal(second.NextToken, undefined);
    const some = await api.call('DescribeScalableTargets', { ServiceNamespace: 'ecs', ResourceIds: ['service/prod/c', 'service/prod/x'] });
    assert.deepEqual(some.ScalableTargets.map((t) => t.ResourceId), ['service/prod/c']);
    assert.deepEqual((await api.call('DescribeScalableTargets', { ServiceNamespace: 'dynamodb' })).ScalableTargets, []);
    assert.equal(await api.failure('DescribeScalableTargets', { ServiceNamespace: 'ecs', NextToken: 'nope' }), 'InvalidNextTokenException: Invalid NextToken');
    assert.equal(await api.failure('DescribeScalableTargets', { ServiceNamespace: 'ecs', MaxResults: 51 }),
      'ValidationException: 1 validation error detected: Value \'51\' at \'maxResults\' failed to satisfy constraint: Member must have value less than or equal to 50');
  });

  it('tags a target by its ARN', async () => {
    const api = aasApi();
    const { ScalableTargetARN: arn } = await api.register({ Tags: { env: 'prod' } });
    await api.call('TagResource', { ResourceARN: arn, Tags: { team: 'web', env: 'staging' } });
    assert.deepEqual((await api.call('ListTagsForResource', { ResourceARN: arn })).Tags, { env: 'staging', team: 'web' });
    await api.call('UntagResource', { ResourceARN: arn, TagKeys: ['env'] });
    assert.deepEqual((await api.call('ListTagsForResource', { ResourceARN: arn })).Tags, { team: 'web' });
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    assert.equal(await api.failure('TagResource', { ResourceARN: arn, Tags: many }), 'TooManyTagsException: A scalable target can have at most 50 tags.');
    const missing = arn.replace(/[0-9a-f]{36}$/, '0'.repeat(36));
    assert.equal(await api.failure('ListTagsForResource', { ResourceARN: missing }), `ResourceNotFoundException: Resource not found: ${missing}`);
  });
});
