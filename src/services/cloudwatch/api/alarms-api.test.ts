import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutMetricAlarmInput } from '../../../protocol/generated/cloudwatch.js';
import { ACCOUNT, cloudwatchApi, REGION } from './api-harness.js';

const ARN = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:ops`;
const alarm = (AlarmName: string, over: Partial<PutMetricAlarmInput> = {}): PutMetricAlarmInput => ({
  AlarmName, MetricName: 'CPUUtilization', Namespace: 'AWS/ECS', Statistic: 'Average', Period: 60, EvaluationPeriods: 2,
  Threshold: 70, ComparisonOperator: 'GreaterThanThreshold', Dimensions: [{ Name: 'ClusterName', Value: 'web' }], ...over,
});

describe('alarms through the API', () => {
  it('creates an alarm in INSUFFICIENT_DATA, unchecked, and describes it as AWS does', async () => {
    const api = cloudwatchApi();
    await api.call('PutMetricAlarm', alarm('cpu-high', { AlarmDescription: 'CPU over 70', AlarmActions: [TOPIC], TreatMissingData: 'notBreaching' }));
    const [a] = (await api.call('DescribeAlarms', { AlarmNames: ['cpu-high'] })).MetricAlarms;
    const t = api.clock.now().toISOString();
    assert.deepEqual(a, {
      AlarmName: 'cpu-high', AlarmArn: `${ARN}cpu-high`, AlarmDescription: 'CPU over 70', AlarmConfigurationUpdatedTimestamp: t,
      ActionsEnabled: true, OKActions: [], AlarmActions: [TOPIC], InsufficientDataActions: [],
      StateValue: 'INSUFFICIENT_DATA', StateReason: 'Unchecked: Initial alarm creation', StateUpdatedTimestamp: t,
      MetricName: 'CPUUtilization', Namespace: 'AWS/ECS', Statistic: 'Average', ExtendedStatistic: undefined, Dimensions: [{ Name: 'ClusterName', Value: 'web' }], Period: 60,
      Unit: undefined, EvaluationPeriods: 2, DatapointsToAlarm: undefined, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching', EvaluateLowSampleCountPercentile: undefined, Metrics: undefined, StateTransitionedTimestamp: t,
    });
  });

  it('filters DescribeAlarms by names, prefix, state, action prefix and type, and pages by name', async () => {
    const api = cloudwatchApi();
    for (const name of ['b-disk', 'a-cpu', 'a-mem']) await api.call('PutMetricAlarm', alarm(name, name === 'a-mem' ? { OKActions: [TOPIC] } : {}));
    await api.call('SetAlarmState', { AlarmName: 'b-disk', StateValue: 'ALARM', StateReason: 'testing' });
    const names = async (input: object) => (await api.call('DescribeAlarms', input)).MetricAlarms.map((a) => a.AlarmName);
    assert.deepEqual(await names({}), ['a-cpu', 'a-mem', 'b-disk']);
    assert.deepEqual(await names({ AlarmNamePrefix: 'a-' }), ['a-cpu', 'a-mem']);
    assert.deepEqual(await names({ AlarmNames: ['b-disk', 'nope'] }), ['b-disk']);
    assert.deepEqual(await names({ StateValue: 'ALARM' }), ['b-disk']);
    assert.deepEqual(await names({ ActionPrefix: 'arn:aws:sns:' }), ['a-mem']);
    assert.deepEqual(await names({ AlarmTypes: ['CompositeAlarm'] }), []);
    const first = await api.call('DescribeAlarms', { MaxRecords: 2 });
    assert.deepEqual(first.CompositeAlarms, []);
    assert.deepEqual(await names({ MaxRecords: 2, NextToken: first.NextToken }), ['b-disk']);
    assert.equal(await api.failure('DescribeAlarms', { AlarmNames: ['a'], AlarmNamePrefix: 'a' }), 'InvalidParameterCombinationException(400): The parameters AlarmNames and AlarmNamePrefix are mutually exclusive and you have specified both.');
  });

  it('finds the alarms of a metric, its dimensions matched as a set', async () => {
    const api = cloudwatchApi();
    await api.call('PutMetricAlarm', alarm('two', { Dimensions: [{ Name: 'A', Value: '1' }, { Name: 'B', Value: '2' }] }));
    await api.call('PutMetricAlarm', alarm('sum', { Statistic: 'Sum', Dimensions: [{ Name: 'B', Value: '2' }, { Name: 'A', Value: '1' }] }));
    await api.call('PutMetricAlarm', alarm('other'));
    const find = async (input: object) => (await api.call('DescribeAlarmsForMetric', { MetricName: 'CPUUtilization', Namespace: 'AWS/ECS', ...input })).MetricAlarms.map((a) => a.AlarmName);
    assert.deepEqual(await find({ Dimensions: [{ Name: 'B', Value: '2' }, { Name: 'A', Value: '1' }] }), ['sum', 'two']);
    assert.deepEqual(await find({ Dimensions: [{ Name: 'A', Value: '1' }, { Name: 'B', Value: '2' }], Statistic: 'Average' }), ['two']);
    assert.deepEqual(await find({ Period: 300 }), []);
  });

  it('SetAlarmState changes the state and its history; the same state changes nothing', async () => {
    const api = cloudwatchApi();
    await api.call('PutMetricAlarm', alarm('cpu'));
    await api.call('SetAlarmState', { AlarmName: 'cpu', StateValue: 'ALARM', StateReason: 'testing purposes', StateReasonData: '{"x":1}' });
    await api.call('SetAlarmState', { AlarmName: 'cpu', StateValue: 'ALARM', StateReason: 'again' });
    const [a] = (await api.call('DescribeAlarms', {})).MetricAlarms;
    assert.deepEqual([a.StateValue, a.StateReason, a.StateReasonData], ['ALARM', 'testing purposes', '{"x":1}']);
    const [item] = (await api.call('DescribeAlarmHistory', { AlarmName: 'cpu', HistoryItemType: 'StateUpdate' })).AlarmHistoryItems;
    assert.equal(item.HistorySummary, 'Alarm updated from INSUFFICIENT_DATA to ALARM');
    assert.deepEqual(JSON.parse(item.HistoryData), {
      version: '1.0', oldState: { stateValue: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation' }, newState: { stateValue: 'ALARM', stateReason: 'testing purposes', stateReasonData: { x: 1 } },
    });
    assert.equal(item.AlarmType, 'MetricAlarm');
    assert.equal(await api.failure('SetAlarmState', { AlarmName: 'nope', StateValue: 'OK', StateReason: 'r' }), 'ResourceNotFound(404): ');
    assert.equal(await api.failure('SetAlarmState', { AlarmName: 'cpu', StateValue: 'OK', StateReason: 'r', StateReasonData: '{' }), 'InvalidFormatFault(400): The parameter StateReasonData must be valid JSON.');
  });

  it('records configuration history: created, updated (the state kept), actions disabled, deleted', async () => {
    const api = cloudwatchApi();
    await api.call('PutMetricAlarm', alarm('cpu'));
    await api.call('SetAlarmState', { AlarmName: 'cpu', StateValue: 'OK', StateReason: 'fine' });
    api.clock.advance(1000);
    await api.call('PutMetricAlarm', alarm('cpu', { Threshold: 80 }));
    const [a] = (await api.call('DescribeAlarms', {})).MetricAlarms;
    assert.deepEqual([a.StateValue, a.Threshold, a.StateReason], ['OK', 80, 'fine']);
    await api.call('DisableAlarmActions', { AlarmNames: ['cpu', 'nope'] });
    assert.equal((await api.call('DescribeAlarms', {})).MetricAlarms[0].ActionsEnabled, false);
    await api.call('DeleteAlarms', { AlarmNames: ['cpu', 'nope'] });
    assert.deepEqual((await api.call('DescribeAlarms', {})).MetricAlarms, []);
    const history = (await api.call('DescribeAlarmHistory', { AlarmName: 'cpu', HistoryItemType: 'ConfigurationUpdate', ScanBy: 'TimestampAscending' })).AlarmHistoryItems;
    assert.deepEqual(history.map((h) => h.HistorySummary), ['Alarm "cpu" created', 'Alarm "cpu" updated', 'Alarm "cpu" updated', 'Alarm "cpu" deleted']);
    const update = JSON.parse(history[1].HistoryData);
    assert.deepEqual([update.type, update.originalUpdatedFields, update.updatedAlarm.threshold], ['Update', { threshold: 70, alarmConfigurationUpdatedTimestamp: '2026-11-30T12:00:00.000+0000' }, 80]);
    assert.equal(JSON.parse(history[0].HistoryData).createdAlarm.statistic, 'AVERAGE');
  });

  it('pages history newest first, filtered by dates', async () => {
    const api = cloudwatchApi();
    await api.call('PutMetricAlarm', alarm('cpu'));
    for (const state of ['OK', 'ALARM', 'OK'] as const) {
      api.clock.advance(60_000);
      await api.call('SetAlarmState', { AlarmName: 'cpu', StateValue: state, StateReason: state });
    }
    const page1 = await api.call('DescribeAlarmHistory', { HistoryItemType: 'StateUpdate', MaxRecords: 2 });
    const page2 = await api.call('DescribeAlarmHistory', { HistoryItemType: 'StateUpdate', MaxRecords: 2, NextToken: page1.NextToken });
    assert.deepEqual([...page1.AlarmHistoryItems, ...page2.AlarmHistoryItems].map((h) => h.HistorySummary), ['Alarm updated from ALARM to OK', 'Alarm updated from OK to ALARM', 'Alarm updated from INSUFFICIENT_DATA to OK']);
    const start = new Date(Date.parse('2026-11-30T12:01:30Z'));
    assert.equal((await api.call('DescribeAlarmHistory', { StartDate: start, EndDate: new Date(start.getTime() + 60_000) })).AlarmHistoryItems.length, 1);
    assert.deepEqual((await api.call('DescribeAlarmHistory', { AlarmTypes: ['CompositeAlarm'] })).AlarmHistoryItems, []);
  });

  it('tags alarms by ARN', async () => {
    const api = cloudwatchApi();
    await api.call('PutMetricAlarm', alarm('cpu', { Tags: [{ Key: 'team', Value: 'web' }] }));
    await api.call('TagResource', { ResourceARN: `${ARN}cpu`, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'ops' }] });
    assert.deepEqual((await api.call('ListTagsForResource', { ResourceARN: `${ARN}cpu` })).Tags, [{ Key: 'team', Value: 'ops' }, { Key: 'env', Value: 'prod' }]);
    await api.call('UntagResource', { ResourceARN: `${ARN}cpu`, TagKeys: ['team', 'absent'] });
    assert.deepEqual((await api.call('ListTagsForResource', { ResourceARN: `${ARN}cpu` })).Tags, [{ Key: 'env', Value: 'prod' }]);
    const foreign = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:cpu`;
    assert.equal(await api.failure('ListTagsForResource', { ResourceARN: foreign }), `ResourceNotFoundException(404): The specified resource ${foreign} does not exist.`);
    assert.equal(await api.failure('TagResource', { ResourceARN: `${ARN}cpu`, Tags: [{ Key: 'aws:x', Value: '1' }] }), 'InvalidParameterValueException(400): Tag keys beginning with aws: are reserved for AWS.');
  });
});
