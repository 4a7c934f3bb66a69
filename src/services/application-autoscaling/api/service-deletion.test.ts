import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aasApi, AasApi, ECS_TARGET, SCOPE } from './api-harness.js';

const CPU = { TargetValue: 75, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } };
const STEP = { AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }] };

/** A target with a target tracking policy, a step policy with the user's alarm, and a scheduled action. */
async function scaled(api: AasApi) {
  await api.register();
  const tracking = await api.call('PutScalingPolicy', { ...ECS_TARGET, PolicyName: 'cpu75', PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: CPU });
  const step = await api.call('PutScalingPolicy', { ...ECS_TARGET, PolicyName: 'cpu-high', StepScalingPolicyConfiguration: STEP });
  api.alarms!.putAlarm(SCOPE, { AlarmName: 'web-cpu-high', Threshold: 75, AlarmActions: [step.PolicyARN] });
  await api.call('PutScheduledAction', { ...ECS_TARGET, ScheduledActionName: 'night', Schedule: 'cron(0 22 * * ? *)', ScalableTargetAction: { MinCapacity: 0 } });
  return { trackingAlarms: tracking.Alarms.map((a) => a.AlarmName) };
}

describe('deleting the ECS service of a scalable target', () => {
  it('deregisters the target with its policies and scheduled actions, as AWS does for DeleteService', async () => {
    const api = aasApi();
    const { trackingAlarms } = await scaled(api);
    await api.register({ MinCapacity: 3 });
    api.scaler.remove(api.store, SCOPE, 'prod', 'web');
    const found = await Promise.all([
      api.call('DescribeScalableTargets', { ServiceNamespace: 'ecs' }).then((o) => o.ScalableTargets),
      api.call('DescribeScalingPolicies', { ServiceNamespace: 'ecs' }).then((o) => o.ScalingPolicies),
      api.call('DescribeScheduledActions', { ServiceNamespace: 'ecs' }).then((o) => o.ScheduledActions),
    ]);
    assert.deepEqual(found, [[], [], []]);
    assert.equal(await api.failure('DeregisterScalableTarget', ECS_TARGET),
      'ObjectNotFoundException: No scalable target registered for service namespace: ecs, resource ID: service/prod/web, scalable dimension: ecs:service:DesiredCount');
    assert.deepEqual(trackingAlarms.filter((name) => api.alarms!.alarms.has(name)), [], 'the target tracking alarms go with their policy');
    assert.ok(api.alarms!.alarms.has('web-cpu-high'), 'the user\'s alarm stays');
    assert.equal((await api.activities()).length, 1, 'the activities stay');
  });

  it('leaves other services\' targets alone, and a service made again under the name starts unregistered', async () => {
    const api = aasApi();
    api.scaler.add('prod', 'api', 1);
    await api.register();
    await api.register({ ResourceId: 'service/prod/api' });
    api.scaler.remove(api.store, SCOPE, 'prod', 'web');
    const ids = async () => (await api.call('DescribeScalableTargets', { ServiceNamespace: 'ecs' })).ScalableTargets.map((t) => t.ResourceId);
    assert.deepEqual(await ids(), ['service/prod/api']);
    assert.equal(await api.failure('RegisterScalableTarget', { ...ECS_TARGET, MinCapacity: 1, MaxCapacity: 2 }), 'ValidationException: ECS service doesn\'t exist: service/prod/web', 'draining');
    api.scaler.add('prod', 'web', 1);
    await api.register();
    assert.deepEqual(await ids(), ['service/prod/api', 'service/prod/web']);
  });

  it('records scaling against a draining service as Failed with ECS\'s reason, never an error', async () => {
    // The target outlives its service only when the deletion went unseen (e.g. Berth ran without this module then).
    const api = aasApi();
    await api.register();
    const { PolicyARN } = await api.call('PutScalingPolicy', { ...ECS_TARGET, PolicyName: 'cpu-high', StepScalingPolicyConfiguration: STEP });
    api.alarms!.putAlarm(SCOPE, { AlarmName: 'web-cpu-high', Threshold: 75, AlarmActions: [PolicyARN] });
    await api.call('PutScheduledAction', { ...ECS_TARGET, ScheduledActionName: 'soon', Schedule: 'at(2026-03-01T12:01:00)', ScalableTargetAction: { MinCapacity: 2 } });
    api.scaler.draining.add('prod/web');
    api.scaler.services.set('prod/web', 0);
    api.alarms!.act(SCOPE, 'web-cpu-high', 90, api.clock.now());
    api.pass(60_000);
    const shown = (await api.activities()).map((a) => [a.Cause, a.StatusCode, a.StatusMessage]);
    assert.deepEqual(shown, [
      ['minimum capacity was set to 2', 'Failed', 'Failed to set desired count to 2. Reason: Service was not ACTIVE.'],
      ['scheduled action name soon was triggered', 'Successful', 'Successfully set min capacity to 2'],
      ['monitor alarm web-cpu-high in state ALARM triggered policy cpu-high', 'Failed', 'Failed to set desired count to 1. Reason: Service was not ACTIVE.'],
    ]);
  });
});
