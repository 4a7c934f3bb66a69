import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MetricDataQuery } from '../../../protocol/generated/cloudwatch.js';
import { cloudwatchApi } from './api-harness.js';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);
const stat = (Id: string, MetricName: string, Stat = 'Sum', Period = 60, extra: Partial<MetricDataQuery> = {}): MetricDataQuery => ({ Id, MetricStat: { Metric: { Namespace: 'App', MetricName }, Period, Stat }, ...extra });

async function api() {
  const cw = cloudwatchApi('2026-11-30T12:10:00Z');
  await cw.call('PutMetricData', {
    Namespace: 'App',
    MetricData: [
      ...[1, 2, 3, 4].map((v, i) => ({ MetricName: 'Requests', Timestamp: at(i), Value: v * 10 })),
      ...[1, 0, 3].map((v, i) => ({ MetricName: 'Errors', Timestamp: at(i), Value: v })),
      { MetricName: 'Mixed', Timestamp: at(0), Value: 1, Unit: 'Seconds' },
      { MetricName: 'Mixed', Timestamp: at(0), Value: 3000, Unit: 'Milliseconds' },
    ],
  });
  return cw;
}

const run = async (queries: MetricDataQuery[], extra: object = {}) => (await (await api()).call('GetMetricData', { MetricDataQueries: queries, StartTime: at(0), EndTime: at(5), ...extra }));
const series = (r: { Id: string; Label: string; Timestamps: (Date | string | number)[]; Values: number[] }) => ({ id: r.Id, label: r.Label, points: r.Timestamps.map((t, i) => [(t as Date).getTime() / 60_000 - T0 / 60_000, r.Values[i]]) });

describe('GetMetricData', () => {
  it('answers MetricStat and expression queries, newest first, without the ones not returning data', async () => {
    const out = await run([stat('req', 'Requests', 'Sum', 60, { ReturnData: false }), stat('err', 'Errors'), { Id: 'rate', Expression: '100 * err / req', Label: 'Error rate' }]);
    assert.deepEqual(out.MetricDataResults.map(series), [
      { id: 'err', label: 'Errors', points: [[2, 3], [1, 0], [0, 1]] },
      { id: 'rate', label: 'Error rate', points: [[2, 10], [1, 0], [0, 10]] },
    ]);
    assert.deepEqual(out.MetricDataResults.map((r) => r.StatusCode), ['Complete', 'Complete']);
  });

  it('labels queries of one metric by what tells them apart, as AWS', async () => {
    const out = await run([stat('a', 'Requests', 'Sum', 60), stat('b', 'Requests', 'Maximum', 120), stat('c', 'Errors', 'Sum', 60, { Label: 'Max ${MAX}, last ${LAST} (${PROP(\'MetricName\')})' })], { ScanBy: 'TimestampAscending' });
    assert.deepEqual(out.MetricDataResults.map((r) => r.Label), ['Requests Sum 60', 'Requests Maximum 120', 'Max 3.0, last 3.0 (Errors)']);
    assert.deepEqual(series(out.MetricDataResults[1]).points, [[0, 20], [2, 40]]);
  });

  it('merges the units of a query without one and says so', async () => {
    const out = await run([stat('m', 'Mixed', 'Average')]);
    assert.deepEqual(out.MetricDataResults[0].Values, [1500.5]);
    assert.deepEqual(out.MetricDataResults[0].Messages, [{ Code: 'MultipleUnits', Value: "Multiple units returned: '[Milliseconds, Seconds]'" }]);
  });

  it('expands METRICS() into one result per metric, with the query\'s id', async () => {
    const out = await run([stat('m1', 'Requests', 'Sum', 60, { ReturnData: false }), stat('m2', 'Errors', 'Sum', 60, { ReturnData: false }), { Id: 'all', Expression: 'FILL(METRICS(), 0)' }], { ScanBy: 'TimestampAscending' });
    assert.deepEqual(out.MetricDataResults.map(series), [
      { id: 'all', label: 'Requests', points: [[0, 10], [1, 20], [2, 30], [3, 40], [4, 0]] },
      { id: 'all', label: 'Errors', points: [[0, 1], [1, 0], [2, 3], [3, 0], [4, 0]] },
    ]);
  });

  it('answers extended statistics per period; a period put with several units has them only when a Unit is named', async () => {
    const seconds: MetricDataQuery = { Id: 's', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Mixed' }, Period: 60, Stat: 'p50', Unit: 'Seconds' } };
    const out = await run([stat('p', 'Requests', 'p50', 120), stat('t', 'Requests', 'TM(:50%)', 240), stat('m', 'Mixed', 'p50'), seconds], { ScanBy: 'TimestampAscending' });
    assert.deepEqual(out.MetricDataResults.map((r) => series(r).points), [[[0, 10], [2, 30]], [[0, 15]], [], [[0, 1]]]);
  });

  it('pages MaxDatapoints at a time across the results', async () => {
    const cw = await api();
    const input = { MetricDataQueries: [stat('a', 'Requests'), stat('b', 'Errors')], StartTime: at(0), EndTime: at(5), MaxDatapoints: 3, ScanBy: 'TimestampAscending' };
    const pages = [];
    let token: string | undefined;
    do {
      const out = await cw.call('GetMetricData', { ...input, ...(token ? { NextToken: token } : {}) });
      pages.push(out.MetricDataResults.map((r) => `${r.Id}:${r.Values.join(',')}:${r.StatusCode}`));
      token = (out as { NextToken?: string }).NextToken;
    } while (token);
    assert.deepEqual(pages, [['a:10,20,30:PartialData', 'b::PartialData'], ['a:40:Complete', 'b:1,0:PartialData'], ['a::Complete', 'b:3:Complete']]);
  });

  it('checks and evaluates expressions that share references in linear time', async () => {
    // e1 = m + m, e2 = e1 + e1, …: walked naively, 2^300 paths.
    const chain: MetricDataQuery[] = Array.from({ length: 300 }, (_, i) => ({ Id: `e${i + 1}`, Expression: i === 0 ? 'm + m' : `e${i} + e${i}`, ReturnData: i === 299 }));
    const started = performance.now();
    const out = await run([stat('m', 'Errors', 'Sum', 60, { ReturnData: false }), ...chain], { ScanBy: 'TimestampAscending' });
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual(out.MetricDataResults[0].Values, [2 ** 300, 0, 3 * 2 ** 300]);
  });

  const refusals: Array<[string, MetricDataQuery[], string]> = [
    ['an id in upper case', [stat('Req', 'Requests')], 'ValidationError(400): The value Req for parameter MetricDataQueries.member.1.Id is invalid: an id starts with a lower-case letter and holds only letters, digits and underscores.'],
    ['a repeated id', [stat('a', 'Requests'), stat('a', 'Errors')], 'ValidationError(400): The value a for parameter MetricDataQueries.member.2.Id is used by another query of MetricDataQueries.'],
    ['a query with neither MetricStat nor Expression', [{ Id: 'a' }], 'ValidationError(400): Exactly one of MetricDataQueries.member.1.MetricStat and MetricDataQueries.member.1.Expression must be given.'],
    ['a syntax error', [{ Id: 'e1', Expression: 'SUM(' }], 'ValidationError(400): Error in expression e1: The expression ends where a value was expected'],
    ['a percentile with three decimals', [stat('a', 'Requests', 'p99.999')], 'InvalidParameterValueException(400): The value p99.999 for parameter MetricDataQueries.member.1.MetricStat.Stat is invalid.'],
    ['an unknown statistic', [stat('a', 'Requests', 'Median')], 'InvalidParameterValueException(400): The value Median for parameter MetricDataQueries.member.1.MetricStat.Stat is invalid.'],
    ['a FILL over too many periods', [stat('a', 'Requests', 'Sum', 1, { ReturnData: false }), { Id: 'f', Expression: 'FILL(a, 0)', Period: 1 }], 'ValidationError(400): The query spans 1209900 periods of 1 s; FILL and scalar results cover at most 100800.'],
  ];
  for (const [what, queries, expected] of refusals) {
    it(`refuses ${what}`, async () => {
      const cw = cloudwatchApi('2026-11-30T12:10:00Z');
      const wide = what.startsWith('a FILL') ? { StartTime: new Date(T0 - 14 * 86400_000) } : {};
      assert.equal(await cw.failure('GetMetricData', { MetricDataQueries: queries, StartTime: at(0), EndTime: at(5), ...wide }), expected);
    });
  }
});
