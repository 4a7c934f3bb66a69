import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aasApi, ECS_TARGET } from './api-harness.js';

const MINUTE = 60_000;
const action = (name: string, Schedule: string, ScalableTargetAction: object, more: object = {}) => ({ ...ECS_TARGET, ScheduledActionName: name, Schedule, ScalableTargetAction, ...more });

describe('scheduled actions', () => {
  it('stores an action with its ARN, UTC by default, and answers it back', async () => {
    const api = aasApi();
    await api.register();
    await api.call('PutScheduledAction', action('evening', 'cron(0 18 ? * MON-FRI *)', { MinCapacity: 2, MaxCapacity: 5 }, { Timezone: 'Europe/Berlin', EndTime: new Date('2027-01-01T00:00:00Z') }));
    await api.call('PutScheduledAction', action('once', 'at(2026-03-02T08:00:00)', { MaxCapacity: 3 }));
    const actions = (await api.call('DescribeScheduledActions', { ServiceNamespace: 'ecs' })).ScheduledActions;
    assert.deepEqual(actions.map((a) => [a.ScheduledActionName, a.Timezone]), [['evening', 'Europe/Berlin'], ['once', 'UTC']]);
    assert.match(actions[0].ScheduledActionARN, /^arn:aws:autoscaling:eu-west-1:123456789012:scheduledAction:[0-9a-f-]{36}:resource\/ecs\/service\/prod\/web:scheduledActionName\/evening$/);
    assert.deepEqual(actions[0], {
      ...ECS_TARGET, ScheduledActionName: 'evening', ScheduledActionARN: actions[0].ScheduledActionARN, Schedule: 'cron(0 18 ? * MON-FRI *)',
      Timezone: 'Europe/Berlin', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 5 }, EndTime: new Date('2027-01-01T00:00:00Z'), CreationTime: api.clock.now(),
    });
    const named = await api.call('DescribeScheduledActions', { ServiceNamespace: 'ecs', ScheduledActionNames: ['once'] });
    assert.deepEqual(named.ScheduledActions.map((a) => a.ScheduledActionName), ['once']);
  });

  it('sets the bounds at the scheduled time and brings the desired count within them, as two activities', async () => {
    const api = aasApi();
    await api.register();
    await api.call('PutScheduledAction', action('morning', 'at(2026-03-01T12:05:00)', { MinCapacity: 4, MaxCapacity: 8 }));
    api.pass(4 * MINUTE);
    assert.equal(api.scaler.desired('prod', 'web'), 2);
    api.pass(MINUTE);
    assert.equal(api.scaler.desired('prod', 'web'), 4);
    const [desired, bounds] = await api.activities();
    assert.deepEqual([bounds.Description, bounds.Cause, bounds.StatusCode, bounds.StatusMessage, 'EndTime' in bounds], [
      'Setting min capacity to 4 and max capacity to 8', 'scheduled action name morning was triggered', 'Successful', 'Successfully set min capacity to 4 and max capacity to 8', false,
    ]);
    assert.deepEqual([desired.Description, desired.Cause, desired.StatusMessage], [
      'Setting desired count to 4.', 'minimum capacity was set to 4', 'Successfully set desired count to 4. Change successfully fulfilled by ecs.',
    ]);
    const [target] = (await api.call('DescribeScalableTargets', { ServiceNamespace: 'ecs' })).ScalableTargets;
    assert.deepEqual([target.MinCapacity, target.MaxCapacity], [4, 8]);
    api.pass(60 * MINUTE);
    assert.equal((await api.activities()).length, 2, 'at() runs once');
  });

  it('runs a recurring action every time, skips it while scheduled scaling is suspended, and records a run that fails', async () => {
    const api = aasApi();
    await api.register();
    await api.call('PutScheduledAction', action('pulse', 'rate(5 minutes)', { MaxCapacity: 1 }));
    api.pass(5 * MINUTE);
    assert.equal(api.scaler.desired('prod', 'web'), 1);
    await api.register({ SuspendedState: { ScheduledScalingSuspended: true }, MaxCapacity: 10 });
    api.scaler.add('prod', 'web', 5);
    api.pass(5 * MINUTE);
    assert.equal(api.scaler.desired('prod', 'web'), 5, 'suspended: nothing ran');
    await api.register({ SuspendedState: { ScheduledScalingSuspended: false } });
    await api.call('PutScheduledAction', action('pulse', 'rate(5 minutes)', { MinCapacity: 20 }));
    api.pass(5 * MINUTE);
    const [failed] = await api.activities();
    assert.deepEqual([failed.StatusCode, failed.StatusMessage], ['Failed', 'Failed to set min capacity to 20. Reason: Minimum capacity cannot be greater than maximum capacity']);
  });

  it('moves an updated action to its new time and keeps its ARN and creation time', async () => {
    const api = aasApi();
    await api.register();
    await api.call('PutScheduledAction', action('a', 'at(2026-03-01T13:00:00)', { MinCapacity: 3 }));
    const [before] = (await api.call('DescribeScheduledActions', { ServiceNamespace: 'ecs' })).ScheduledActions;
    api.clock.advance(MINUTE);
    await api.call('PutScheduledAction', { ...ECS_TARGET, ScheduledActionName: 'a', Schedule: 'at(2026-03-01T12:10:00)' });
    const [after] = (await api.call('DescribeScheduledActions', { ServiceNamespace: 'ecs' })).ScheduledActions;
    assert.deepEqual([after.ScheduledActionARN, after.CreationTime, after.ScalableTargetAction], [before.ScheduledActionARN, before.CreationTime, { MinCapacity: 3 }]);
    assert.deepEqual(api.store.list('application-autoscaling/scheduled-action-due').map((r) => r.id.split('|')[0]), ['2026-03-01T12:10:00.000Z']);
    api.pass(10 * MINUTE);
    assert.equal(api.scaler.desired('prod', 'web'), 3);
  });

  it('refuses what AWS refuses', async () => {
    const api = aasApi();
    assert.equal(await api.failure('PutScheduledAction', action('a', 'rate(1 hour)', { MinCapacity: 1 })),
      'ObjectNotFoundException: No scalable target registered for service namespace: ecs, resource ID: service/prod/web, scalable dimension: ecs:service:DesiredCount');
    await api.register();
    const cases: Array<[object, string]> = [
      [action('a', 'rate(1 hours)', { MinCapacity: 1 }), 'ValidationException: Schedule expression rate(1 hours) is not valid: use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)'],
      [action('a', 'cron(0 10 * * ?)', { MinCapacity: 1 }), 'ValidationException: Schedule expression cron(0 10 * * ?) is not valid: use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)'],
      [action('a', 'rate(1 hour)', { MinCapacity: 1 }, { Timezone: 'Mars/Olympus' }), 'ValidationException: Timezone Mars/Olympus is not a valid IANA time zone name'],
      [action('a', 'rate(1 hour)', {}), 'ValidationException: At least one of minimum capacity and maximum capacity should be provided'],
      [action('a', 'rate(1 hour)', { MinCapacity: 3, MaxCapacity: 2 }), 'ValidationException: Minimum capacity cannot be greater than maximum capacity'],
      [action('a', 'rate(1 hour)', { MinCapacity: 1 }, { StartTime: new Date('2026-04-01T00:00:00Z'), EndTime: new Date('2026-03-01T00:00:00Z') }),
        'ValidationException: The start time must be before the end time'],
      [{ ...ECS_TARGET, ScheduledActionName: 'a', ScalableTargetAction: { MinCapacity: 1 } }, 'ValidationException: Schedule is required for a new scheduled action'],
    ];
    for (const [input, message] of cases) assert.equal(await api.failure('PutScheduledAction', input), message);
    assert.equal(await api.failure('DeleteScheduledAction', { ...ECS_TARGET, ScheduledActionName: 'a' }),
      'ObjectNotFoundException: No scheduled action found for service namespace: ecs, resource ID: service/prod/web, scalable dimension: ecs:service:DesiredCount, scheduled action name: a');
  });

  it('drops activities six weeks after they began', async () => {
    const api = aasApi();
    await api.register({ MinCapacity: 3 });
    assert.equal(api.store.list('application-autoscaling/scaling-activity').length, 1);
    api.pass(42 * 24 * 60 * MINUTE - MINUTE);
    assert.equal(api.store.list('application-autoscaling/scaling-activity').length, 1);
    api.pass(MINUTE);
    assert.equal(api.store.list('application-autoscaling/scaling-activity').length, 0);
    assert.equal(api.store.list('application-autoscaling/scaling-activity-expiry').length, 0);
  });
});
