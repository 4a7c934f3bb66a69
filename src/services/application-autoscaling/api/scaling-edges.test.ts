import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aasApi, ECS_TARGET, SCOPE } from './api-harness.js';

const ALL_SUSPENDED = { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true };

describe('scaling at the edges', () => {
  it('brings the desired count within new bounds at once, whatever is suspended (suspension stops policies and scheduled actions only)', async () => {
    const cases: Array<[string, object, number, number, string | undefined]> = [
      ['a minimum above the count scales out to it', { MinCapacity: 5, MaxCapacity: 10 }, 2, 5, 'minimum capacity was set to 5'],
      ['a maximum below the count scales in to it', { MinCapacity: 0, MaxCapacity: 3 }, 6, 3, 'maximum capacity was set to 3'],
      ['bounds around the count change nothing', { MinCapacity: 1, MaxCapacity: 10 }, 4, 4, undefined],
      ['all suspended, a new minimum still scales out', { MinCapacity: 4, MaxCapacity: 10, SuspendedState: ALL_SUSPENDED }, 2, 4, 'minimum capacity was set to 4'],
      ['scale-in suspended, a new maximum still scales in', { MinCapacity: 1, MaxCapacity: 2, SuspendedState: { DynamicScalingInSuspended: true } }, 6, 2, 'maximum capacity was set to 2'],
      ['equal bounds pin the count', { MinCapacity: 3, MaxCapacity: 3 }, 7, 3, 'maximum capacity was set to 3'],
    ];
    for (const [what, registration, before, after, cause] of cases) {
      const api = aasApi();
      api.scaler.add('prod', 'web', before);
      await api.call('RegisterScalableTarget', { ...ECS_TARGET, ...registration });
      assert.equal(api.scaler.desired('prod', 'web'), after, what);
      assert.deepEqual((await api.activities()).map((a) => a.Cause), cause ? [cause] : [], what);
    }
  });

  it('resumes a suspended direction at the alarm\'s next invocation while it stays in ALARM', async () => {
    const api = aasApi();
    await api.register({ SuspendedState: { DynamicScalingOutSuspended: true } });
    const { PolicyARN } = await api.call('PutScalingPolicy', {
      ...ECS_TARGET, PolicyName: 'out', StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }] },
    });
    api.alarms!.putAlarm(SCOPE, { AlarmName: 'high', Threshold: 50, AlarmActions: [PolicyARN] });
    api.alarms!.act(SCOPE, 'high', 60, api.clock.now());
    assert.equal(api.scaler.desired('prod', 'web'), 2, 'suspended');
    await api.call('RegisterScalableTarget', { ...ECS_TARGET, SuspendedState: { DynamicScalingOutSuspended: false } });
    api.clock.advance(60_000);
    api.alarms!.act(SCOPE, 'high', 60, api.clock.now());
    assert.equal(api.scaler.desired('prod', 'web'), 4, 'resumed');
  });

  it('scales out at once during a scale-in cooldown, and keeps a step policy\'s scale-out base through its cooldown', async () => {
    const api = aasApi();
    await api.register();
    api.scaler.add('prod', 'web', 6);
    const step = (name: string, StepAdjustments: object[]) =>
      api.call('PutScalingPolicy', { ...ECS_TARGET, PolicyName: name, StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity', Cooldown: 300, StepAdjustments } });
    const out = await step('out', [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 2 }, { MetricIntervalLowerBound: 10, ScalingAdjustment: 3 }]);
    const scaleIn = await step('in', [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -1 }]);
    api.alarms!.putAlarm(SCOPE, { AlarmName: 'low', Threshold: 20, AlarmActions: [scaleIn.PolicyARN] });
    api.alarms!.putAlarm(SCOPE, { AlarmName: 'high', Threshold: 70, AlarmActions: [out.PolicyARN] });
    const steps: Array<[string, number, number, number]> = [
      ['low', 10, 0, 5],
      ['low', 10, 60, 5],
      ['high', 75, 10, 7],
      ['high', 90, 10, 8],
      ['high', 90, 10, 8],
      ['high', 75, 300, 10],
    ];
    const seen: Array<number | undefined> = [];
    for (const [alarm, value, seconds] of steps) {
      api.clock.advance(seconds * 1000);
      api.alarms!.act(SCOPE, alarm, value, api.clock.now());
      seen.push(api.scaler.desired('prod', 'web'));
    }
    assert.deepEqual(seen, steps.map((s) => s[3]), 'in 1; held by its cooldown; out 2 at once; +3 counts the 2 (one more); held; the cooldown over, +2');
  });
});
