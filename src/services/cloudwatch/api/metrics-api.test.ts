import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MetricDatum } from '../../../protocol/generated/cloudwatch.js';
import { cloudwatchApi } from './api-harness.js';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const HOST = [{ Name: 'Host', Value: 'a' }];

async function withData(data: MetricDatum[], namespace = 'App') {
  const api = cloudwatchApi('2026-11-30T12:10:00Z');
  await api.call('PutMetricData', { Namespace: namespace, MetricData: data });
  return api;
}

describe('PutMetricData and GetMetricStatistics', () => {
  it('answers each statistic per period and unit, labelled with the metric name', async () => {
    const api = await withData([
      { MetricName: 'Latency', Dimensions: HOST, Timestamp: at(5), Value: 10, Unit: 'Milliseconds' },
      { MetricName: 'Latency', Dimensions: HOST, Timestamp: at(50), Values: [20, 30], Counts: [1, 2], Unit: 'Milliseconds' },
      { MetricName: 'Latency', Dimensions: HOST, Timestamp: at(70), StatisticValues: { SampleCount: 2, Sum: 8, Minimum: 3, Maximum: 5 }, Unit: 'Milliseconds' },
      { MetricName: 'Latency', Dimensions: HOST, Timestamp: at(80), Value: 1, Unit: 'Seconds' },
    ]);
    const out = await api.call('GetMetricStatistics', { Namespace: 'App', MetricName: 'Latency', Dimensions: HOST, StartTime: at(0), EndTime: at(300), Period: 60, Statistics: ['Sum', 'SampleCount', 'Average', 'Maximum'] });
    assert.equal(out.Label, 'Latency');
    assert.deepEqual(out.Datapoints.map((d) => ({ ...d, Timestamp: (d.Timestamp as Date).toISOString() })), [
      { Timestamp: '2026-11-30T12:00:00.000Z', Unit: 'Milliseconds', Sum: 90, SampleCount: 4, Average: 22.5, Maximum: 30 },
      { Timestamp: '2026-11-30T12:01:00.000Z', Unit: 'Milliseconds', Sum: 8, SampleCount: 2, Average: 4, Maximum: 5 },
      { Timestamp: '2026-11-30T12:01:00.000Z', Unit: 'Seconds', Sum: 1, SampleCount: 1, Average: 1, Maximum: 1 },
    ]);
    const seconds = await api.call('GetMetricStatistics', { Namespace: 'App', MetricName: 'Latency', Dimensions: HOST, StartTime: at(0), EndTime: at(300), Period: 300, Statistics: ['Sum'], Unit: 'Seconds' });
    assert.deepEqual(seconds.Datapoints.map((d) => [d.Sum, d.Unit]), [[1, 'Seconds']]);
  });

  it('matches dimensions exactly and keeps high-resolution data to the second', async () => {
    const api = await withData([
      { MetricName: 'Hits', Timestamp: at(1), Value: 1, StorageResolution: 1 },
      { MetricName: 'Hits', Timestamp: at(12), Value: 2, StorageResolution: 1 },
      { MetricName: 'Hits', Dimensions: HOST, Timestamp: at(12), Value: 100 },
    ]);
    const out = await api.call('GetMetricStatistics', { Namespace: 'App', MetricName: 'Hits', StartTime: at(0), EndTime: at(60), Period: 10, Statistics: ['Sum'] });
    assert.deepEqual(out.Datapoints.map((d) => [(d.Timestamp as Date).toISOString(), d.Sum]), [['2026-11-30T12:00:00.000Z', 1], ['2026-11-30T12:00:10.000Z', 2]]);
  });

  it('answers no datapoints for a period finer than old data\'s resolution, as AWS', async () => {
    const api = cloudwatchApi('2026-11-30T18:00:00Z');
    await api.call('PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'Old', Timestamp: at(30), Value: 1 }] });
    const query = (Period: number) => api.call('GetMetricStatistics', { Namespace: 'App', MetricName: 'Old', StartTime: at(0), EndTime: at(600), Period, Statistics: ['Sum'] });
    assert.equal((await query(10)).Datapoints.length, 0);
    assert.equal((await query(60)).Datapoints.length, 1);
  });

  it('answers extended statistics from Values and single values; periods of statistic sets have none', async () => {
    const api = await withData([
      { MetricName: 'Latency', Timestamp: at(5), Values: [10, 20, 30, 40], Counts: [1, 1, 1, 7] },
      { MetricName: 'Latency', Timestamp: at(65), Value: 0.25 },
      { MetricName: 'Latency', Timestamp: at(125), StatisticValues: { SampleCount: 2, Sum: 8, Minimum: 3, Maximum: 5 } },
    ]);
    const out = await api.call('GetMetricStatistics', { Namespace: 'App', MetricName: 'Latency', StartTime: at(0), EndTime: at(300), Period: 60, ExtendedStatistics: ['p50', 'p10', 'TM(:30%)', 'PR(:20)', 'IQM'] });
    assert.deepEqual(out.Datapoints.map((d) => [(d.Timestamp as Date).toISOString(), d.ExtendedStatistics, d.Sum]), [
      ['2026-11-30T12:00:00.000Z', { p50: 40, p10: 10, 'TM(:30%)': 20, 'PR(:20)': 20, IQM: 39 }, undefined],
      ['2026-11-30T12:01:00.000Z', { p50: 0.25, p10: 0.25, 'TM(:30%)': 0.25, 'PR(:20)': 100, IQM: 0.25 }, undefined],
    ]);
  });

  it('keeps each account and region\'s metrics to itself', async () => {
    const api = cloudwatchApi('2026-11-30T12:10:00Z');
    const other = { accountId: '210987654321' };
    const elsewhere = { region: 'us-west-2' };
    for (const [over, Value] of [[{}, 1], [other, 10], [elsewhere, 100]] as const) {
      await api.call('PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'Hits', Timestamp: at(5), Value }] }, over);
    }
    const sum = async (over: object) => (await api.call('GetMetricStatistics', { Namespace: 'App', MetricName: 'Hits', StartTime: at(0), EndTime: at(60), Period: 60, Statistics: ['Sum'] }, over)).Datapoints.map((d) => d.Sum);
    assert.deepEqual([await sum({}), await sum(other), await sum(elsewhere), await sum({ accountId: '999999999999' })], [[1], [10], [100], []]);
    const listed = async (over: object) => (await api.call('ListMetrics', { Namespace: 'App' }, over)).Metrics.length;
    assert.deepEqual([await listed(other), await listed({ accountId: '999999999999' })], [1, 0]);
    const query = { MetricDataQueries: [{ Id: 'h', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Hits' }, Period: 60, Stat: 'Sum' } }], StartTime: at(0), EndTime: at(60) };
    assert.deepEqual((await api.call('GetMetricData', query, elsewhere)).MetricDataResults[0].Values, [100]);
  });

  const refusals: Array<[string, object, string]> = [
    ['no statistics', {}, 'InvalidParameterCombinationException(400): At least one of the parameters Statistics and ExtendedStatistics must be specified.'],
    ['both kinds of statistics', { Statistics: ['Sum'], ExtendedStatistics: ['p99'] }, 'InvalidParameterCombinationException(400): The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.'],
    ['an extended statistic it does not know', { ExtendedStatistics: ['p99', 'p100.5'] }, 'InvalidParameterValueException(400): The value p100.5 for parameter ExtendedStatistics.member.2 is invalid.'],
    ['an empty range', { Statistics: ['Sum'], EndTime: at(0) }, 'InvalidParameterValueException(400): The parameter StartTime must be less than the parameter EndTime.'],
    ['more than 1,440 datapoints', { Statistics: ['Sum'], Period: 1, EndTime: at(1441) }, 'InvalidParameterCombinationException(400): You have requested up to 1,441 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.'],
    ['a 7-second period', { Statistics: ['Sum'], Period: 7 }, 'InvalidParameterValueException(400): The parameter Period must be 1, 5, 10, 20, 30 or a multiple of 60.'],
    ['a repeated dimension', { Statistics: ['Sum'], Dimensions: [...HOST, ...HOST] }, 'InvalidParameterValueException(400): The collection Dimensions must not contain duplicate dimension names: Host.'],
  ];
  for (const [what, over, expected] of refusals) {
    it(`GetMetricStatistics refuses ${what}`, async () => {
      const api = cloudwatchApi();
      assert.equal(await api.failure('GetMetricStatistics', { Namespace: 'App', MetricName: 'm', StartTime: at(0), EndTime: at(600), Period: 60, ...over }), expected);
    });
  }
});

describe('ListMetrics', () => {
  it('filters by namespace, name, dimensions and recent activity', async () => {
    const api = await withData([
      { MetricName: 'A', Dimensions: HOST, Value: 1 },
      { MetricName: 'A', Dimensions: [{ Name: 'Host', Value: 'b' }, { Name: 'Az', Value: '1a' }], Value: 1 },
      { MetricName: 'B', Value: 1, Timestamp: at(0) },
    ]);
    await api.call('PutMetricData', { Namespace: 'Other', MetricData: [{ MetricName: 'A', Value: 1 }] });
    const names = async (input: object) => (await api.call('ListMetrics', input)).Metrics.map((m) => `${m.Namespace}/${m.MetricName}${m.Dimensions.map((d) => ` ${d.Name}=${d.Value}`).join('')}`);
    assert.deepEqual(await names({ Namespace: 'App' }), ['App/A Az=1a Host=b', 'App/A Host=a', 'App/B']);
    assert.deepEqual(await names({ MetricName: 'A', Dimensions: [{ Name: 'Az' }] }), ['App/A Az=1a Host=b']);
    assert.deepEqual(await names({ Dimensions: [{ Name: 'Host', Value: 'a' }] }), ['App/A Host=a']);
    api.clock.advance(4 * 3600_000);
    await api.call('PutMetricData', { Namespace: 'App', MetricData: [{ MetricName: 'B', Value: 1 }] });
    assert.deepEqual(await names({ RecentlyActive: 'PT3H' }), ['App/B']);
  });

  it('pages 500 metrics at a time', async () => {
    const api = await withData(Array.from({ length: 501 }, (_, i) => ({ MetricName: `m${String(i).padStart(3, '0')}`, Value: i })));
    const first = await api.call('ListMetrics', { Namespace: 'App' });
    assert.equal(first.Metrics.length, 500);
    const second = await api.call('ListMetrics', { Namespace: 'App', NextToken: first.NextToken });
    assert.deepEqual(second.Metrics.map((m) => m.MetricName), ['m500']);
    assert.equal((second as { NextToken?: string }).NextToken, undefined);
    assert.equal(await api.failure('ListMetrics', { NextToken: 'not-a-token' }), 'InvalidNextToken(400): The NextToken provided is not valid.');
  });
});
