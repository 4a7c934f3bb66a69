/**
 * The part of the MetricsStore conformance suite about distributions: which puts feed
 * them, which periods have extended statistics, and that merging (puts, periods,
 * compaction, a reopen) keeps them. The statistics' arithmetic has its own table-driven
 * tests (extended-statistics.test.ts).
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { HarnessContext } from '../state/store-harness.js';
import { Datum, MetricsStore, SeriesKey } from './store.js';

type Test = (title: string, body: (ctx: HarnessContext<MetricsStore>) => void) => void;

const T0 = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const LATENCY: SeriesKey = { accountId: '000000000000', region: 'us-east-1', namespace: 'App', metricName: 'Latency', dimensions: [] };
const at = (ms: number) => new Date(T0 + ms);
const put = (store: MetricsStore, ms: number, extra: Partial<Datum>) => store.put([{ ...LATENCY, timestamp: at(ms), ...extra }]);
const ONE_TO_HUNDRED = Array.from({ length: 100 }, (_, i) => i + 1);

/** The extended statistics of each period, as [offset from T0 in ms, unit, values]. */
function extended(store: MetricsStore, names: string[], period = 60, unit?: string, to = DAY) {
  return store.query({ series: LATENCY, start: at(0), end: at(to), period, statistics: ['SampleCount'], extendedStatistics: names, unit })
    .map((d) => [d.timestamp.getTime() - T0, d.unit, d.extendedStatistics]);
}

export function distributionConformance(test: Test): void {
  describe('distributions and extended statistics', () => {
    test('values with counts: percentiles, trimmed means, ranks; a single sample comes back exactly', ({ store }) => {
      put(store, 0, { values: ONE_TO_HUNDRED });
      put(store, 60_000, { value: 0.123 });
      assert.deepEqual(extended(store, ['p0', 'p50', 'p100', 'tm90', 'PR(:10)', 'IQM']), [
        [0, 'None', { p0: 1, p50: 50, p100: 100, tm90: 45.5, 'PR(:10)': 10, IQM: 50.5 }],
        [60_000, 'None', { p0: 0.123, p50: 0.123, p100: 0.123, tm90: 0.123, 'PR(:10)': 100, IQM: 0.123 }],
      ]);
    });

    test('statistic sets feed the distribution only when their samples are known', ({ store }) => {
      put(store, 0, { statistics: { sum: 12, sampleCount: 4, minimum: 3, maximum: 3 } });
      put(store, 60_000, { statistics: { sum: 7, sampleCount: 1, minimum: 7, maximum: 7 } });
      put(store, 120_000, { statistics: { sum: 10, sampleCount: 2, minimum: 4, maximum: 6 } });
      put(store, 180_000, { value: 5 });
      put(store, 180_000, { statistics: { sum: 10, sampleCount: 2, minimum: 4, maximum: 6 } });
      assert.deepEqual(extended(store, ['p50']), [
        [0, 'None', { p50: 3 }],
        [60_000, 'None', { p50: 7 }],
        [120_000, 'None', {}],
        [180_000, 'None', {}],
      ]);
    });

    test('a period with a negative value has no extended statistics', ({ store }) => {
      put(store, 0, { values: [1, -2, 3] });
      put(store, 60_000, { value: 4 });
      put(store, 60_000, { value: -1 });
      put(store, 120_000, { value: 0 });
      assert.deepEqual(extended(store, ['p90']), [[0, 'None', {}], [60_000, 'None', {}], [120_000, 'None', { p90: 0 }]]);
    });

    test('merges puts, buckets of a period, and units apart', ({ store }) => {
      for (const [i, v] of ONE_TO_HUNDRED.entries()) put(store, i * 1000, { value: v, storageResolution: i % 2 ? 1 : 60, unit: 'Milliseconds' });
      put(store, 0, { value: 1000, unit: 'Seconds' });
      assert.deepEqual(extended(store, ['p99', 'TC(10%:20%)', 'TC(:100%)'], 300), [
        [0, 'Milliseconds', { p99: 99, 'TC(10%:20%)': 10, 'TC(:100%)': 100 }],
        [0, 'Seconds', { p99: 1000, 'TC(10%:20%)': 0.1, 'TC(:100%)': 1 }],
      ]);
      assert.deepEqual(extended(store, ['p99'], 300, 'Seconds'), [[0, 'Seconds', { p99: 1000 }]]);
    });

    test('compaction keeps the distributions of the buckets it rolls up', ({ store }) => {
      const values = Array.from({ length: 600 }, (_, i) => ({ i, v: ((i * 37) % 101) + 1 }));
      for (const { i, v } of values) put(store, i * 7000, { value: v, storageResolution: i % 2 ? 1 : 60 });
      const names = ['p10', 'p50', 'p99', 'TM(5%:95%)', 'WM(5%:95%)', 'PR(20:80)'];
      const before = extended(store, names, 3600);
      for (const day of [1, 20, 100]) store.compact(at(day * DAY));
      assert.deepEqual(extended(store, names, 3600, undefined, 500 * DAY), before);
    });

    test('refuses an extended statistic it does not know with a TypeError', ({ store }) => {
      for (const name of ['p101', 'p99.999', 'TM(90%:10%)', 'PR(10%:20%)', 'Median']) assert.throws(() => extended(store, [name]), TypeError, name);
    });

    test('keeps distributions across a reopen', ({ store, reopen }) => {
      put(store, 0, { values: [1, 2, 3], counts: [1, 1, 2] });
      if (!reopen) return;
      const again = reopen();
      put(again, 1000, { value: 10 });
      assert.deepEqual(extended(again, ['p50', 'p100', 'TS(:80%)']), [[0, 'None', { p50: 3, p100: 10, 'TS(:80%)': 9 }]]);
    });
  });
}
