import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { binsOf, DistributionBuilder, fromBytes, toBytes } from './distribution.js';
import { openSqliteMetricsStore } from './sqlite-metrics-store.js';
import { Datum, MetricsStore } from './store.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const SERIES = { accountId: '000000000000', region: 'us-east-1', namespace: 'App', metricName: 'Latency', dimensions: [] };
const NAMES = ['p0', 'p50', 'p100', 'TC(:100%)'];

type Put = Omit<Partial<Datum>, 'timestamp'> & { second?: number };
const value = (v: number, second = 0): Put => ({ value: v, second });
const set = (sum: number, sampleCount: number, minimum: number, maximum: number, second = 0): Put => ({ statistics: { sum, sampleCount, minimum, maximum }, second });

/** A store in a temp dir, and its datapoints' bins cells as 'NULL', 'UNIFORM' or the packed bins' [index, count] pairs. */
function withStore(body: (store: MetricsStore, cells: () => unknown[]) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bins-'));
  const path = join(dir, 'metrics.db');
  const store = openSqliteMetricsStore(path);
  const cells = () => {
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT bins FROM datapoints ORDER BY resolution, timestamp').pluck().all() as (Buffer | null)[];
    db.close();
    return rows.map((b) => (b === null ? 'NULL' : b.length === 0 ? 'UNIFORM' : binsOf(fromBytes(b)).map((x) => [x.index, x.count])));
  };
  try {
    body(store, cells);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const putAll = (store: MetricsStore, puts: Put[], storageResolution: 1 | 60 = 60) =>
  puts.forEach(({ second = 0, ...p }) => store.put([{ ...SERIES, ...p, timestamp: new Date(T0 + second * 1000), storageResolution }]));

const extended = (store: MetricsStore, period = 60) =>
  store.query({ series: SERIES, start: new Date(T0), end: new Date(T0 + 3600_000), period, statistics: [], extendedStatistics: NAMES }).map((d) => d.extendedStatistics);

describe('metrics.db bins cells', () => {
  // Puts into one 60-s bucket, each its own statement: which cell the upsert leaves, and what a query reads from it.
  const upserts: { title: string; puts: Put[]; cell: unknown; stats: Record<string, number> }[] = [
    { title: 'one value', puts: [value(5)], cell: 'UNIFORM', stats: { p0: 5, p50: 5, p100: 5, 'TC(:100%)': 1 } },
    { title: 'zero', puts: [value(0)], cell: 'UNIFORM', stats: { p0: 0, p50: 0, p100: 0, 'TC(:100%)': 1 } },
    { title: 'one value again, merged in SQL', puts: [value(5), value(5), set(15, 3, 5, 5)], cell: 'UNIFORM', stats: { p0: 5, p50: 5, p100: 5, 'TC(:100%)': 5 } },
    { title: 'another value: bins', puts: [value(5), value(7)], cell: [[162, 1], [196, 1]], stats: { p0: 5, p50: 5, p100: 7, 'TC(:100%)': 2 } },
    { title: 'a set without samples: the bins keep the known ones', puts: [value(5), set(10, 2, 4, 6)], cell: [[162, 1]], stats: {} },
    { title: 'a set without samples, then a value', puts: [set(10, 2, 4, 6), value(5)], cell: [[162, 1]], stats: {} },
    { title: 'a negative value first: no bins, then bins of what follows', puts: [value(-1), value(5), value(5)], cell: [[162, 2]], stats: {} },
    { title: 'bins, then one value', puts: [{ values: [1, 2] }, value(2)], cell: [[0, 1], [70, 2]], stats: { p0: 1, p50: 2, p100: 2, 'TC(:100%)': 3 } },
    { title: 'only sets without samples', puts: [set(10, 2, 4, 6), set(3, 2, 1, 2)], cell: 'NULL', stats: {} },
  ];
  for (const c of upserts) {
    it(`put: ${c.title}`, () => withStore((store, cells) => {
      putAll(store, c.puts);
      assert.deepEqual(cells(), [c.cell]);
      assert.deepEqual(extended(store), [c.stats]);
    }));
  }

  it('a put merging several datums of one bucket writes what they make together', () => withStore((store, cells) => {
    store.put([5, 5, 7].map((v) => ({ ...SERIES, value: v, timestamp: new Date(T0) })));
    store.put([4, 4].map((v) => ({ ...SERIES, value: v, timestamp: new Date(T0 + 60_000) })));
    assert.deepEqual(cells(), [[[162, 2], [196, 1]], 'UNIFORM']);
  }));

  // 1-s buckets rolled up into one 60-s bucket by compaction.
  const rollUps: { title: string; puts: Put[]; cell: unknown; stats: Record<string, number> }[] = [
    { title: 'all one value', puts: [value(3, 0), value(3, 1), set(6, 2, 3, 3, 2)], cell: 'UNIFORM', stats: { p0: 3, p50: 3, p100: 3, 'TC(:100%)': 4 } },
    { title: 'values apart', puts: [value(3, 0), value(4, 1), value(3, 2)], cell: [[111, 2], [140, 1]], stats: { p0: 3, p50: 3, p100: 4, 'TC(:100%)': 3 } },
    { title: 'one value and bins', puts: [value(3, 0), { values: [3, 4], second: 1 }], cell: [[111, 2], [140, 1]], stats: { p0: 3, p50: 3, p100: 4, 'TC(:100%)': 3 } },
    { title: 'one value and a bucket without bins', puts: [value(3, 0), set(10, 2, 4, 6, 1)], cell: [[111, 1]], stats: {} },
  ];
  for (const c of rollUps) {
    it(`compaction: ${c.title}`, () => withStore((store, cells) => {
      putAll(store, c.puts, 1);
      const before = extended(store);
      store.compact(new Date(T0 + 4 * 3600_000));
      assert.deepEqual(cells(), [c.cell]);
      assert.deepEqual([before, extended(store)], [[c.stats], [c.stats]]);
    }));
  }

  it('a period of buckets of one value has percentiles; of different values, merged bins', () => withStore((store) => {
    putAll(store, [value(2, 0), value(2, 60), value(2, 120), value(9, 180)]);
    assert.deepEqual(extended(store, 180), [{ p0: 2, p50: 2, p100: 2, 'TC(:100%)': 3 }, { p0: 9, p50: 9, p100: 9, 'TC(:100%)': 1 }]);
    assert.deepEqual(extended(store, 240), [{ p0: 2, p50: 2, p100: 9, 'TC(:100%)': 4 }]);
  }));

  it('reads and merges the packed bins of a database from before UNIFORM (schema 3)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-bins-v3-'));
    try {
      const path = join(dir, 'metrics.db');
      openSqliteMetricsStore(path).close();
      const db = new Database(path);
      const packed = toBytes(new DistributionBuilder().add(1, 1).add(2, 1).add(3, 2).pack());
      db.prepare("INSERT INTO series (id, account_id, region, namespace, metric_name, dimensions, last_active) VALUES (1, '000000000000', 'us-east-1', 'App', 'Latency', '[]', ?)").run(T0 / 1000);
      db.prepare("INSERT INTO datapoints VALUES (1, 60, ?, 'None', 9, 4, 1, 3, ?)").run(T0 / 1000, packed);
      db.prepare("UPDATE meta SET value = '3' WHERE key = 'schema_version'").run();
      db.close();
      const reopened = openSqliteMetricsStore(path);
      assert.deepEqual(extended(reopened), [{ p0: 1, p50: 2, p100: 3, 'TC(:100%)': 4 }]);
      putAll(reopened, [value(3)]);
      assert.deepEqual(extended(reopened), [{ p0: 1, p50: 3, p100: 3, 'TC(:100%)': 5 }]);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
