/**
 * The behaviour every MetricsStore must have. Each implementation's test file runs this
 * suite; a test gets a fresh store from `make`.
 */
import { HarnessContext, StoreHarness, withHarness } from '../state/store-harness.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionConformance } from './conformance-distributions.js';
import { Datum, Dimension, MetricFilter, MetricsStore, SeriesKey, Statistic } from './store.js';

export type MetricsHarness = StoreHarness<MetricsStore>;

type Ctx = HarnessContext<MetricsStore>;

const T0 = Date.parse('2026-01-01T00:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ALL: Statistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

const at = (ms: number) => new Date(T0 + ms);
const dims = (...pairs: [string, string][]): Dimension[] => pairs.map(([name, value]) => ({ name, value }));
const SCOPE = { accountId: '000000000000', region: 'us-east-1' };
const WEB: SeriesKey = { ...SCOPE, namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: dims(['TargetGroup', 'targetgroup/web/1'], ['LoadBalancer', 'app/lb/1']) };
const datum = (ms: number, value: number, extra: Partial<Datum> = {}): Datum => ({ ...WEB, timestamp: at(ms), value, ...extra });

/** The series' statistics per period as [offset from T0 in ms, unit, values]. */
function read(store: MetricsStore, period: number, from = 0, to = 500 * DAY, statistics = ALL, series = WEB, unit?: string) {
  return store.query({ series, start: at(from), end: at(to), period, statistics, unit }).map((d) => [d.timestamp.getTime() - T0, d.unit, d.values]);
}

const stats = (SampleCount: number, Sum: number, Minimum: number, Maximum: number) => ({ SampleCount, Average: Sum / SampleCount, Sum, Minimum, Maximum });
const list = (store: MetricsStore, filter: Omit<MetricFilter, 'scope'> = {}) => store.listMetrics({ scope: SCOPE, ...filter });
const names = (keys: SeriesKey[]) => keys.map((k) => `${k.namespace} ${k.metricName} ${k.dimensions.map((d) => `${d.name}=${d.value}`).join(',')}`);

export function metricsConformance(name: string, make: () => MetricsHarness): void {
  const test = (title: string, body: (ctx: Ctx) => void) => it(title, () => withHarness(make, body));

  describe(`MetricsStore conformance: ${name}`, () => {
    describe('put and query', () => {
      test('standard resolution merges a minute into one bucket with every statistic', ({ store }) => {
        store.put([datum(5 * SECOND, 1), datum(20 * SECOND, 2)]);
        store.put([datum(59 * SECOND, 6), datum(MINUTE, 4)]);
        assert.deepEqual(read(store, 60), [[0, 'None', stats(3, 9, 1, 6)], [MINUTE, 'None', stats(1, 4, 4, 4)]]);
        assert.deepEqual(read(store, 1), [[0, 'None', stats(3, 9, 1, 6)], [MINUTE, 'None', stats(1, 4, 4, 4)]], 'a 1-s period cannot split a 60-s bucket');
      });

      test('high resolution keeps seconds; timestamps round down to the second', ({ store }) => {
        store.put([1.7, 2, 2.5].map((s) => datum(s * SECOND, s, { storageResolution: 1 })));
        assert.deepEqual(read(store, 1), [[SECOND, 'None', stats(1, 1.7, 1.7, 1.7)], [2 * SECOND, 'None', stats(2, 4.5, 2, 2.5)]]);
        assert.deepEqual(read(store, 60), [[0, 'None', stats(3, 6.2, 1.7, 2.5)]]);
      });

      test('statistic sets merge with single values', ({ store }) => {
        store.put([datum(0, 0, { value: undefined, statistics: { sum: 10, sampleCount: 4, minimum: 1, maximum: 4 } }), datum(SECOND, 7)]);
        assert.deepEqual(read(store, 60), [[0, 'None', stats(5, 17, 1, 7)]]);
      });

      test('periods count from start; start is inclusive, end exclusive; empty periods are left out; only the statistics asked for', ({ store }) => {
        store.put([29, 30, 89, 90, 200, 210].map((s) => datum(s * SECOND, s, { storageResolution: 1 })));
        assert.deepEqual(read(store, 60, 30 * SECOND, 210 * SECOND, ['Sum', 'SampleCount']), [
          [30 * SECOND, 'None', { Sum: 119, SampleCount: 2 }],
          [90 * SECOND, 'None', { Sum: 90, SampleCount: 1 }],
          [150 * SECOND, 'None', { Sum: 200, SampleCount: 1 }],
        ]);
        assert.deepEqual(read(store, 60, 30 * SECOND, 30 * SECOND), [], 'an empty range');
        assert.deepEqual(read(store, 60, 30 * SECOND + 999, 31 * SECOND - 1), [], 'bounds round down to the second');
        assert.deepEqual(read(store, 60, 10 * SECOND, 10 * SECOND + 500), [], 'a range within one second');
      });

      test('a series is its namespace, name and exact set of dimensions, in any order', ({ store }) => {
        store.put([datum(0, 1), { ...datum(0, 2), dimensions: [...WEB.dimensions].reverse() }]);
        store.put([{ ...datum(0, 5), dimensions: WEB.dimensions.slice(0, 1) }, { ...datum(0, 7), metricName: 'Other' }, { ...datum(0, 9), namespace: 'Other' }]);
        assert.deepEqual(read(store, 60), [[0, 'None', stats(2, 3, 1, 2)]]);
        assert.deepEqual(read(store, 60, 0, DAY, ['Sum'], { ...WEB, dimensions: WEB.dimensions.slice(0, 1) }), [[0, 'None', { Sum: 5 }]]);
        assert.deepEqual(read(store, 60, 0, DAY, ['Sum'], { ...WEB, dimensions: dims(['LoadBalancer', 'app/lb/1']) }), [], 'no series has only this dimension');
        assert.deepEqual(read(store, 60, 0, DAY, ['Sum'], { ...WEB, namespace: 'Missing' }), []);
      });

      test('accounts and regions never see each other\'s series', ({ store }) => {
        const other = { accountId: '111122223333', region: 'us-east-1' };
        const elsewhere = { accountId: '000000000000', region: 'eu-west-1' };
        store.put([datum(0, 1), datum(0, 10, other), datum(0, 100, elsewhere)]);
        assert.deepEqual(read(store, 60, 0, DAY, ['Sum']), [[0, 'None', { Sum: 1 }]]);
        assert.deepEqual(read(store, 60, 0, DAY, ['Sum'], { ...WEB, ...other }), [[0, 'None', { Sum: 10 }]]);
        assert.deepEqual(read(store, 60, 0, DAY, ['Sum'], { ...WEB, ...elsewhere }), [[0, 'None', { Sum: 100 }]]);
        assert.deepEqual(store.listMetrics({ scope: other }).map((k) => [k.accountId, k.region]), [['111122223333', 'us-east-1']]);
        assert.deepEqual(store.listMetrics({ scope: { accountId: '999999999999', region: 'us-east-1' } }), []);
        assert.throws(() => store.listMetrics({ scope: SCOPE, after: { ...WEB, ...other } }), TypeError, 'a page of another scope');
      });

      test('units: one datapoint per unit, or only the unit asked for', ({ store }) => {
        store.put([datum(0, 1, { unit: 'Count' }), datum(SECOND, 2, { unit: 'Bytes' }), datum(2 * SECOND, 3, { unit: 'Count' })]);
        assert.deepEqual(read(store, 60, 0, DAY, ['Sum']), [[0, 'Bytes', { Sum: 2 }], [0, 'Count', { Sum: 4 }]]);
        assert.deepEqual(read(store, 60, 0, DAY, ['Sum'], WEB, 'Count'), [[0, 'Count', { Sum: 4 }]]);
        assert.deepEqual(read(store, 60, 0, DAY, ['Sum'], WEB, 'Seconds'), []);
      });

      test('refuses invalid data with a TypeError and keeps none of the batch', ({ store }) => {
        const bad: Partial<Datum>[] = [
          { value: Number.NaN }, { value: Infinity }, { value: undefined }, { statistics: { sum: 1, sampleCount: 1, minimum: 1, maximum: 1 } },
          { value: undefined, statistics: { sum: 1, sampleCount: 0, minimum: 1, maximum: 1 } },
          { value: undefined, statistics: { sum: 1, sampleCount: 1, minimum: 2, maximum: 1 } },
          { storageResolution: 5 as never }, { timestamp: new Date(Number.NaN) }, { timestamp: new Date(-1000) },
          { namespace: '' }, { metricName: 'a\ud800' }, { dimensions: dims(['A', '1'], ['A', '2']) }, { dimensions: dims(['', '1']) }, { unit: '' },
          { accountId: '' }, { region: undefined as never }, { values: [1] }, { value: undefined, values: [] }, { value: undefined, values: [Number.NaN] },
          { value: undefined, values: [1], counts: [1, 2] }, { value: undefined, values: [1], counts: [0] }, { value: undefined, values: [1], counts: [-1] }, { counts: [1] },
        ];
        for (const extra of bad) assert.throws(() => store.put([datum(0, 1), datum(0, 1, extra)]), TypeError, JSON.stringify(extra));
        assert.deepEqual(read(store, 60), []);
        assert.deepEqual(list(store), []);
        assert.throws(() => read(store, 0), TypeError);
        assert.throws(() => read(store, 1.5), TypeError);
        assert.throws(() => read(store, 60, 0, DAY, ['p99' as Statistic]), TypeError);
      });
    });

    describe('listMetrics', () => {
      const put = (store: MetricsStore, namespace: string, metricName: string, d: Dimension[], ms = 0) => store.put([{ ...SCOPE, namespace, metricName, dimensions: d, timestamp: at(ms), value: 1 }]);
      const fill = (store: MetricsStore) => {
        put(store, 'B', 'm', dims(['LoadBalancer', 'x'], ['TargetGroup', 'a']));
        put(store, 'B', 'm', dims(['LoadBalancer', 'x'], ['TargetGroup', 'b']), HOUR);
        put(store, 'B', 'm', dims(['LoadBalancer', 'y']));
        put(store, 'B', 'n', dims(['LoadBalancer', 'x']), 2 * HOUR);
        put(store, 'A', 'z', []);
        put(store, 'a\u{1F600}', 'm', []);
        put(store, 'a\uFFFF', 'm', []);
      };

      test('lists every series in code point order of namespace, name, dimensions', ({ store }) => {
        fill(store);
        assert.deepEqual(names(list(store)), ['A z ', 'B m LoadBalancer=x,TargetGroup=a', 'B m LoadBalancer=x,TargetGroup=b', 'B m LoadBalancer=y', 'B n LoadBalancer=x', 'a\uFFFF m ', 'a\u{1F600} m ']);
      });

      test('filters by namespace, name, dimension names and values, and recent activity', ({ store }) => {
        fill(store);
        assert.deepEqual(names(list(store, { namespace: 'B', metricName: 'n' })), ['B n LoadBalancer=x']);
        assert.deepEqual(names(list(store, { dimensions: [{ name: 'TargetGroup' }] })), ['B m LoadBalancer=x,TargetGroup=a', 'B m LoadBalancer=x,TargetGroup=b']);
        assert.deepEqual(names(list(store, { dimensions: [{ name: 'LoadBalancer', value: 'x' }, { name: 'TargetGroup', value: 'b' }] })), ['B m LoadBalancer=x,TargetGroup=b']);
        assert.deepEqual(names(list(store, { namespace: 'B', dimensions: [{ name: 'LoadBalancer', value: 'y' }] })), ['B m LoadBalancer=y']);
        assert.deepEqual(names(list(store, { dimensions: [{ name: 'Nope' }] })), []);
        assert.deepEqual(names(list(store, { activeSince: at(HOUR) })), ['B m LoadBalancer=x,TargetGroup=b', 'B n LoadBalancer=x']);
      });

      test('pages with after and limit', ({ store }) => {
        fill(store);
        const all = list(store);
        const pages: SeriesKey[][] = [];
        for (let page = list(store, { limit: 3 }); page.length > 0; page = list(store, { limit: 3, after: page.at(-1) })) pages.push(page);
        assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
        assert.deepEqual(pages.flat(), all);
        assert.deepEqual(list(store, { limit: 0 }), []);
      });

      test('returns copies', ({ store }) => {
        fill(store);
        list(store)[1].dimensions[0].value = 'changed';
        assert.equal(list(store)[1].dimensions[0].value, 'x');
      });
    });

    describe('compact', () => {
      test('rolls whole minutes of 1-s data older than 3 hours into 60-s buckets', ({ store }) => {
        store.put([10, 50, 70, 130].map((s) => datum(s * SECOND, s, { storageResolution: 1 })));
        assert.deepEqual(store.compact(at(3 * HOUR + 90 * SECOND)), { rolledUp: 2, expired: 0, seriesRemoved: 0 }, 'only the first minute is wholly older than 3 h');
        assert.deepEqual(read(store, 1), [[0, 'None', stats(2, 60, 10, 50)], [70 * SECOND, 'None', stats(1, 70, 70, 70)], [130 * SECOND, 'None', stats(1, 130, 130, 130)]]);
        assert.deepEqual(store.compact(at(3 * HOUR + 90 * SECOND)), { rolledUp: 0, expired: 0, seriesRemoved: 0 }, 'idempotent');
        store.compact(at(3 * HOUR + 180 * SECOND));
        assert.deepEqual(read(store, 1), [[0, 'None', stats(2, 60, 10, 50)], [MINUTE, 'None', stats(1, 70, 70, 70)], [2 * MINUTE, 'None', stats(1, 130, 130, 130)]]);
      });

      test('merges rolled-up data with data already at the coarser resolution', ({ store }) => {
        store.put([datum(SECOND, 1, { storageResolution: 1 }), datum(2 * SECOND, 5)]);
        store.compact(at(4 * HOUR));
        assert.deepEqual(read(store, 1), [[0, 'None', stats(2, 6, 1, 5)]]);
      });

      test('60 s → 300 s after 15 days, 300 s → 3600 s after 63 days, deleted after 455 days', ({ store }) => {
        store.put([0, 4, 5, 59, 61].map((m) => datum(m * MINUTE, m)));
        store.compact(at(15 * DAY + 5 * MINUTE));
        assert.deepEqual(read(store, 60), [[0, 'None', stats(2, 4, 0, 4)], [5 * MINUTE, 'None', stats(1, 5, 5, 5)], [59 * MINUTE, 'None', stats(1, 59, 59, 59)], [61 * MINUTE, 'None', stats(1, 61, 61, 61)]]);
        store.compact(at(16 * DAY));
        assert.deepEqual(read(store, 60), [[0, 'None', stats(2, 4, 0, 4)], [5 * MINUTE, 'None', stats(1, 5, 5, 5)], [55 * MINUTE, 'None', stats(1, 59, 59, 59)], [60 * MINUTE, 'None', stats(1, 61, 61, 61)]]);
        store.compact(at(63 * DAY + HOUR));
        assert.deepEqual(read(store, 60), [[0, 'None', stats(4, 68, 0, 59)], [60 * MINUTE, 'None', stats(1, 61, 61, 61)]]);
        store.compact(at(64 * DAY));
        assert.deepEqual(read(store, 60), [[0, 'None', stats(4, 68, 0, 59)], [60 * MINUTE, 'None', stats(1, 61, 61, 61)]]);
        assert.deepEqual(store.compact(at(455 * DAY + HOUR)), { rolledUp: 0, expired: 1, seriesRemoved: 0 });
        assert.deepEqual(read(store, 60), [[60 * MINUTE, 'None', stats(1, 61, 61, 61)]]);
        assert.deepEqual(store.compact(at(455 * DAY + 2 * HOUR)), { rolledUp: 0, expired: 1, seriesRemoved: 1 });
        assert.deepEqual(list(store), []);
      });

      test('data past every tier cascades down and out in one call; other series stay', ({ store }) => {
        store.put([datum(0, 1, { storageResolution: 1 }), datum(SECOND, 2), { ...datum(500 * DAY, 3), metricName: 'Recent' }]);
        assert.deepEqual(store.compact(at(500 * DAY)), { rolledUp: 3, expired: 1, seriesRemoved: 1 });
        assert.deepEqual(names(list(store)), ['AWS/ApplicationELB Recent LoadBalancer=app/lb/1,TargetGroup=targetgroup/web/1']);
        store.put([datum(500 * DAY, 4)]);
        assert.deepEqual(read(store, 60, 500 * DAY, 501 * DAY, ['Sum']), [[500 * DAY, 'None', { Sum: 4 }]], 'a removed series comes back with new data');
      });

      test('keeps sums, counts, minimums and maximums across tiers', ({ store }) => {
        const values = Array.from({ length: 600 }, (_, i) => datum(i * 7 * SECOND, (i * 37) % 101, { storageResolution: i % 2 ? 1 : 60 }));
        store.put(values);
        const before = read(store, 3600);
        for (const day of [1, 20, 100]) store.compact(at(day * DAY));
        assert.deepEqual(read(store, 3600), before);
      });
    });

    distributionConformance(test);

    test('keeps what was put across a reopen', ({ store, reopen }) => {
      store.put([datum(0, 3), datum(SECOND, 4, { storageResolution: 1 })]);
      if (!reopen) return;
      const again = reopen();
      assert.deepEqual(read(again, 60), [[0, 'None', stats(2, 7, 3, 4)]]);
      again.put([datum(2 * SECOND, 5)]);
      assert.deepEqual(read(again, 60, 0, DAY, ['Sum']), [[0, 'None', { Sum: 12 }]]);
      assert.equal(list(again).length, 1);
    });
  });
}
