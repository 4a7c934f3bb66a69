import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../../protocol/errors.js';
import { aasApi, AasApi, ECS_TARGET, SCOPE } from './api-harness.js';

const CPU = { TargetValue: 75, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ScaleOutCooldown: 60, ScaleInCooldown: 120 };
const MEMORY = { TargetValue: 60, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' } };

async function tracked(api: AasApi, name = 'cpu75', config: object = CPU) {
  const out = await api.call('PutScalingPolicy', { ...ECS_TARGET, PolicyName: name, PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: config });
  return { high: out.Alarms[0].AlarmName, low: out.Alarms[1]?.AlarmName };
}

/** The alarm acts with `value` after `seconds` more on the clock. */
function act(api: AasApi, alarm: string, value: number, seconds = 0) {
  api.clock.advance(seconds * 1000);
  api.alarms!.act(SCOPE, alarm, value, api.clock.now());
}

const desired = (api: AasApi) => api.scaler.desired('prod', 'web');

describe('dynamic scaling', () => {
  it('scales out proportionally to the metric when the high alarm acts, in AWS\'s words', async () => {
    const api = aasApi();
    await api.register();
    const { high } = await tracked(api);
    act(api, high, 90);
    assert.equal(desired(api), 3, 'ceil(2 × 90 / 75)');
    const [activity] = await api.activities();
    assert.deepEqual([activity.Description, activity.Cause, activity.StatusCode, activity.StatusMessage], [
      'Setting desired count to 3.', `monitor alarm ${high} in state ALARM triggered policy cpu75`, 'Successful', 'Successfully set desired count to 3. Change successfully fulfilled by ecs.',
    ]);
  });

  it('counts a scale-out within its cooldown as part of the next one', async () => {
    const api = aasApi();
    await api.register();
    const { high } = await tracked(api);
    act(api, high, 90);
    act(api, high, 90, 30);
    assert.equal(desired(api), 3, 'the same load again within the cooldown: the 1 added already answers it');
    act(api, high, 150, 10);
    assert.equal(desired(api), 4, 'a larger load: from the 2 before the cooldown began, ceil(2 × 150 / 75)');
    act(api, high, 90, 30);
    assert.equal(desired(api), 5, 'the cooldown over: ceil(4 × 90 / 75)');
  });

  it('scales in when the low alarm acts, then waits out the scale-in cooldown', async () => {
    const api = aasApi();
    await api.register();
    api.scaler.add('prod', 'web', 6);
    const { low } = await tracked(api);
    act(api, low, 30);
    assert.equal(desired(api), 3, 'ceil(6 × 30 / 75)');
    act(api, low, 20, 60);
    assert.equal(desired(api), 3, 'within the 120 s cooldown');
    act(api, low, 20, 60);
    assert.equal(desired(api), 1, 'ceil(3 × 20 / 75)');
  });

  it('scales in only when every target tracking policy that may scale in is ready to', async () => {
    const api = aasApi();
    await api.register();
    api.scaler.add('prod', 'web', 6);
    const cpu = await tracked(api);
    const memory = await tracked(api, 'mem60', MEMORY);
    act(api, cpu.low, 30);
    assert.equal(desired(api), 6, 'memory is not low: no scale-in');
    act(api, memory.low, 30);
    assert.equal(desired(api), 3, 'both low: ceil(6 × 30 / 60), the memory policy acting');
  });

  it('records a policy that cannot move as not scaled, once per reason, shown only when asked for', async () => {
    const api = aasApi();
    await api.register({ MaxCapacity: 2 });
    const { high } = await tracked(api);
    act(api, high, 90);
    act(api, high, 95, 60);
    assert.equal(desired(api), 2);
    assert.deepEqual(await api.activities(), []);
    const notScaled = await api.activities({ IncludeNotScaledActivities: true });
    assert.equal(notScaled.length, 1);
    assert.deepEqual([notScaled[0].Description, notScaled[0].StatusCode, notScaled[0].NotScaledReasons], [
      'Attempting to scale due to alarm triggered', 'Failed', [{ Code: 'AlreadyAtMaxCapacity', MaxCapacity: 2 }],
    ]);
  });

  it('does nothing in a suspended direction', async () => {
    const api = aasApi();
    await api.register({ SuspendedState: { DynamicScalingOutSuspended: true } });
    const { high } = await tracked(api);
    act(api, high, 150);
    assert.equal(desired(api), 2);
    assert.deepEqual(await api.activities({ IncludeNotScaledActivities: true }), []);
  });

  it('runs a step scaling policy from a user\'s alarm, by the step its breach falls in', async () => {
    const api = aasApi();
    await api.register();
    const { PolicyARN } = await api.call('PutScalingPolicy', {
      ...ECS_TARGET, PolicyName: 'cpu-high', StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 10, ScalingAdjustment: 3 }],
      },
    });
    api.alarms!.putAlarm(SCOPE, { AlarmName: 'web-cpu-gt-75', Threshold: 75, AlarmActions: [PolicyARN] });
    act(api, 'web-cpu-gt-75', 90);
    assert.equal(desired(api), 5, 'a breach of 15: +3');
    const [activity] = await api.activities();
    assert.equal(activity.Cause, 'monitor alarm web-cpu-gt-75 in state ALARM triggered policy cpu-high');
  });

  it('records a change ECS refuses as a Failed activity', async () => {
    const api = aasApi();
    await api.register();
    const { high } = await tracked(api);
    api.scaler.setDesiredCount = () => {
      throw new ServiceError('InvalidParameterException', 'The service is draining.');
    };
    act(api, high, 90);
    const [activity] = await api.activities();
    assert.deepEqual([activity.StatusCode, activity.StatusMessage], ['Failed', 'Failed to set desired count to 3. Reason: The service is draining.']);
  });

  it('chooses a step by the alarm\'s datapoints aggregated as MetricAggregationType says', async () => {
    // Threshold 75; +1 from 0 to 10 over it, +3 from 10 up. Datapoints 70, 80, 90 (oldest first).
    const cases: Array<[string | undefined, number[] | undefined, number]> = [
      [undefined, [70, 80, 90], 3],
      ['Average', [70, 80, 90], 3],
      ['Maximum', [70, 80, 90], 5],
      ['Minimum', [70, 80, 90], 2],
      ['Minimum', [80, 88, 90], 3],
      ['Minimum', undefined, 5],
    ];
    for (const [type, datapoints, expected] of cases) {
      const api = aasApi();
      await api.register();
      const { PolicyARN } = await api.call('PutScalingPolicy', {
        ...ECS_TARGET, PolicyName: 'cpu-high', StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity', ...(type ? { MetricAggregationType: type } : {}),
          StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 10, ScalingAdjustment: 3 }],
        },
      });
      api.alarms!.putAlarm(SCOPE, { AlarmName: 'web-cpu-gt-75', Threshold: 75, AlarmActions: [PolicyARN] });
      api.alarms!.act(SCOPE, 'web-cpu-gt-75', 90, api.clock.now(), datapoints);
      assert.equal(desired(api), expected, `${type ?? 'no type'} of ${datapoints ? `[${datapoints}]` : 'the newest datapoint alone'}`);
    }
  });
});
