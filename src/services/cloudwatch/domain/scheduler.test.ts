import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutMetricAlarmInput } from '../../../protocol/generated/cloudwatch.js';
import { ACCOUNT, cloudwatchApi, CloudWatchApi, REGION, SCOPE } from '../api/api-harness.js';
import { AlarmActionEvent } from './ports.js';
import { KIND } from './records.js';

const POLICY = `arn:aws:autoscaling:${REGION}:${ACCOUNT}:scalingPolicy:1234:resource/ecs/service/web/api:policyName/out`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:ops`;
const alarm = (over: Partial<PutMetricAlarmInput> = {}): PutMetricAlarmInput => ({
  AlarmName: 'cpu', MetricName: 'CPU', Namespace: 'App', Statistic: 'Average', Period: 60, EvaluationPeriods: 1,
  Threshold: 70, ComparisonOperator: 'GreaterThanThreshold', ...over,
});

const put = (api: CloudWatchApi, value: number, secondsAgo = 0, StorageResolution?: number) =>
  api.call('PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'CPU', Value: value, Timestamp: new Date(api.clock.now().getTime() - secondsAgo * 1000), ...(StorageResolution ? { StorageResolution } : {}) }] });
const state = async (api: CloudWatchApi, name = 'cpu') => (await api.call('DescribeAlarms', { AlarmNames: [name] })).MetricAlarms[0];
const history = async (api: CloudWatchApi, type: string) => (await api.call('DescribeAlarmHistory', { HistoryItemType: type, ScanBy: 'TimestampAscending' })).AlarmHistoryItems.map((h) => h.HistorySummary);

describe('the alarm scheduler', () => {
  it('moves an alarm to ALARM and back to OK, a minute at a time, with AWS\'s reasons', async () => {
    const api = cloudwatchApi('2026-11-30T12:00:05Z');
    await api.call('PutMetricAlarm', alarm());
    await put(api, 85);
    api.advance(60);
    const a = await state(api);
    assert.deepEqual([a.StateValue, a.StateReason], ['ALARM', 'Threshold Crossed: 1 datapoint [85.0 (30/11/26 12:00:00)] was greater than the threshold (70.0).']);
    assert.equal(JSON.parse(a.StateReasonData).evaluatedDatapoints[0].value, 85);
    await put(api, 10);
    api.advance(30);
    assert.equal((await state(api)).StateValue, 'ALARM', 'evaluated once a minute');
    api.advance(30);
    assert.equal((await state(api)).StateValue, 'OK');
    assert.deepEqual(await history(api, 'StateUpdate'), ['Alarm updated from INSUFFICIENT_DATA to ALARM', 'Alarm updated from ALARM to OK']);
  });

  it('goes to INSUFFICIENT_DATA when the data stops for the whole evaluation range', async () => {
    const api = cloudwatchApi('2026-11-30T12:00:05Z');
    await api.call('PutMetricAlarm', alarm());
    await put(api, 5);
    api.advance(60);
    assert.equal((await state(api)).StateValue, 'OK');
    api.advance(120);
    assert.equal((await state(api)).StateValue, 'OK', 'missing data within the evaluation range is not yet insufficient');
    api.advance(60);
    const a = await state(api);
    assert.deepEqual([a.StateValue, a.StateReason], ['INSUFFICIENT_DATA', 'Insufficient Data: 1 datapoint was unknown.']);
  });

  it('treats missing data as breaching when told to', async () => {
    const api = cloudwatchApi('2026-11-30T12:00:05Z');
    await api.call('PutMetricAlarm', alarm({ EvaluationPeriods: 2, TreatMissingData: 'breaching' }));
    api.advance(60);
    assert.equal((await state(api)).StateReason, 'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].');
  });

  it('performs actions on state changes, and Auto Scaling ones again at every evaluation in ALARM', async () => {
    const api = cloudwatchApi('2026-11-30T12:00:05Z');
    const seen: AlarmActionEvent[] = [];
    api.book.onAction('arn:aws:autoscaling:', (e) => seen.push(e));
    await api.call('PutMetricAlarm', alarm({ AlarmActions: [POLICY, TOPIC], OKActions: [POLICY] }));
    for (let minute = 0; minute < 3; minute++) {
      await put(api, 90);
      api.advance(60);
    }
    assert.deepEqual(seen.map((e) => [e.state, e.value, e.threshold, e.alarmName, e.actionArn === POLICY]), [['ALARM', 90, 70, 'cpu', true], ['ALARM', 90, 70, 'cpu', true], ['ALARM', 90, 70, 'cpu', true]]);
    assert.deepEqual(seen[0].scope, SCOPE);
    await put(api, 5);
    api.advance(60);
    assert.deepEqual(seen.map((e) => e.state), ['ALARM', 'ALARM', 'ALARM', 'OK']);
    assert.deepEqual(await history(api, 'Action'), [
      `Successfully executed action ${POLICY}`, `Failed to execute action ${TOPIC}. Received error: "Berth has no service that performs actions of sns."`,
      `Successfully executed action ${POLICY}`, `Successfully executed action ${POLICY}`, `Successfully executed action ${POLICY}`,
    ]);
  });

  it('records a performer\'s failure and performs nothing while actions are disabled', async () => {
    const api = cloudwatchApi('2026-11-30T12:00:05Z');
    api.book.onAction('arn:aws:autoscaling:', () => {
      throw new Error('No scalable target registered');
    });
    await api.call('PutMetricAlarm', alarm({ AlarmActions: [POLICY], ActionsEnabled: false }));
    await put(api, 90);
    api.advance(60);
    assert.deepEqual(await history(api, 'Action'), []);
    await api.call('EnableAlarmActions', { AlarmNames: ['cpu'] });
    await api.call('SetAlarmState', { AlarmName: 'cpu', StateValue: 'OK', StateReason: 'reset' });
    await put(api, 90);
    api.advance(60);
    assert.deepEqual(await history(api, 'Action'), [`Failed to execute action ${POLICY}. Received error: "No scalable target registered"`]);
  });

  it('evaluates metric-math alarms', async () => {
    const api = cloudwatchApi('2026-11-30T12:00:05Z');
    await api.call('PutMetricAlarm', {
      AlarmName: 'ratio', EvaluationPeriods: 1, Threshold: 0.5, ComparisonOperator: 'GreaterThanThreshold', DatapointsToAlarm: 1,
      Metrics: [
        { Id: 'cpu', MetricStat: { Metric: { Namespace: 'App', MetricName: 'CPU' }, Period: 60, Stat: 'Maximum' }, ReturnData: false },
        { Id: 'e1', Expression: 'cpu / 100' },
      ],
    });
    await put(api, 80);
    api.advance(60);
    assert.equal((await state(api, 'ratio')).StateReason, 'Threshold Crossed: 1 out of the last 1 datapoints [0.8 (30/11/26 12:00:00)] was greater than the threshold (0.5) (minimum 1 datapoint for OK -> ALARM transition).');
  });

  it('evaluates 10-second alarms every 10 seconds on high-resolution data', async () => {
    const api = cloudwatchApi('2026-11-30T12:00:05Z');
    await api.call('PutMetricAlarm', alarm({ Period: 10 }));
    await put(api, 99, 2, 1);
    api.advance(10);
    assert.equal((await state(api)).StateReason, 'Threshold Crossed: 1 datapoint [99.0 (30/11/26 12:00:00)] was greater than the threshold (70.0).');
  });

  it('compresses time: with a 1-second minute a 2-second alarm is evaluated every 2 seconds', async () => {
    const api = cloudwatchApi('2026-11-30T12:00:00.500Z', 1);
    await api.call('PutMetricAlarm', alarm({ Period: 2 }));
    await put(api, 99, 0, 1);
    api.advance(2);
    assert.equal((await state(api)).StateValue, 'ALARM');
  });

  it('keeps history 30 days', async () => {
    const api = cloudwatchApi('2026-11-30T12:00:05Z');
    await api.call('PutMetricAlarm', alarm());
    api.scheduler.sweepHistory(api.clock.now());
    assert.equal(api.store.count(KIND.history), 1);
    api.clock.advance(31 * 24 * 3600_000);
    api.scheduler.sweepHistory(api.clock.now());
    assert.equal(api.store.count(KIND.history), 0);
  });
});

describe('the alarms port', () => {
  it('puts, reads and deletes alarms as PutMetricAlarm and DeleteAlarms do', async () => {
    const api = cloudwatchApi();
    api.book.putAlarm(SCOPE, alarm({ AlarmName: 'TargetTracking-service/web/api-AlarmHigh' }));
    assert.deepEqual(api.book.alarmState(SCOPE, 'TargetTracking-service/web/api-AlarmHigh'), {
      alarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:TargetTracking-service/web/api-AlarmHigh`, state: 'INSUFFICIENT_DATA', updated: api.clock.now(),
      freshEvaluationSeconds: 120,
    });
    assert.throws(() => api.book.putAlarm(SCOPE, alarm({ Period: 45 })), { code: 'ValidationError' });
    api.book.deleteAlarms(SCOPE, ['TargetTracking-service/web/api-AlarmHigh', 'never-existed']);
    assert.equal(api.book.alarmState(SCOPE, 'TargetTracking-service/web/api-AlarmHigh'), undefined);
  });

  // [minute, alarm, seconds]: Period × EvaluationPeriods plus one evaluation interval; a shortened minute only shortens the interval.
  const fresh: [number, Partial<PutMetricAlarmInput>, number][] = [
    [60, { Period: 60, EvaluationPeriods: 3 }, 240],
    [60, { Period: 10, EvaluationPeriods: 2 }, 30],
    [60, { Period: 30, EvaluationPeriods: 1 }, 40],
    [1, { Period: 60, EvaluationPeriods: 3 }, 181],
    [1, { Period: 2, EvaluationPeriods: 2 }, 6],
    [1, { Period: undefined, MetricName: undefined, Namespace: undefined, Statistic: undefined, EvaluationPeriods: 2, Metrics: [
      { Id: 'm', MetricStat: { Metric: { Namespace: 'App', MetricName: 'CPU' }, Period: 5, Stat: 'Sum' }, ReturnData: false }, { Id: 'e', Expression: 'm * 2' },
    ] }, 15],
  ];
  for (const [minute, over, seconds] of fresh) {
    it(`answers ${seconds} s until a fresh evaluation for ${over.Metrics ? 'a metric-math alarm' : `${over.EvaluationPeriods} × ${over.Period} s`} with a ${minute}-second minute`, () => {
      const api = cloudwatchApi(undefined, minute);
      api.book.putAlarm(SCOPE, alarm(over));
      assert.equal(api.book.alarmState(SCOPE, 'cpu')?.freshEvaluationSeconds, seconds);
    });
  }
});
