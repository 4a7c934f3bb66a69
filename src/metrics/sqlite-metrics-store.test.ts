import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { metricsConformance } from './conformance.js';
import { openSqliteMetricsStore } from './sqlite-metrics-store.js';

/** A database path inside a fresh temp dir, in a subdirectory the store must create. */
function tempDb(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-metrics-'));
  return { path: join(dir, 'data', 'metrics.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

metricsConformance('SqliteMetricsStore', () => {
  const { path, cleanup } = tempDb();
  return { store: openSqliteMetricsStore(path), reopen: () => openSqliteMetricsStore(path), cleanup };
});

describe('SqliteMetricsStore', () => {
  it('lays out the database as documented and refuses a newer schema', () => {
    const { path, cleanup } = tempDb();
    try {
      openSqliteMetricsStore(path).close();
      const db = new Database(path);
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
      assert.deepEqual(tables, ['datapoints', 'meta', 'series', 'series_dimensions']);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '4');
      db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
      db.close();
      assert.throws(() => openSqliteMetricsStore(path), /schema version 99 is newer/);
    } finally {
      cleanup();
    }
  });

  it('moves the series of a database from before scopes to the account and region it is given', () => {
    const { path, cleanup } = tempDb();
    try {
      mkdirSync(dirname(path), { recursive: true });
      const db = new Database(path);
      db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO meta VALUES ('schema_version', '1');
        CREATE TABLE series (id INTEGER PRIMARY KEY, namespace TEXT NOT NULL, metric_name TEXT NOT NULL, dimensions TEXT NOT NULL,
          last_active INTEGER NOT NULL, UNIQUE (namespace, metric_name, dimensions));
        CREATE TABLE series_dimensions (name TEXT, value TEXT, series INTEGER, PRIMARY KEY (name, value, series)) WITHOUT ROWID;
        CREATE TABLE datapoints (series INTEGER, resolution INTEGER, timestamp INTEGER, unit TEXT, sum_value REAL NOT NULL,
          sample_count REAL NOT NULL, min_value REAL NOT NULL, max_value REAL NOT NULL, PRIMARY KEY (series, resolution, timestamp, unit)) WITHOUT ROWID;
        INSERT INTO series VALUES (7, 'App', 'Hits', '[["Host","a"]]', 1767225600);
        INSERT INTO series_dimensions VALUES ('Host', 'a', 7);
        INSERT INTO datapoints VALUES (7, 60, 1767225600, 'Count', 5, 2, 2, 3);`);
      db.close();
      const scope = { accountId: '111122223333', region: 'us-east-1' };
      const store = openSqliteMetricsStore(path, scope);
      const series = { ...scope, namespace: 'App', metricName: 'Hits', dimensions: [{ name: 'Host', value: 'a' }] };
      assert.deepEqual(store.listMetrics({ scope, dimensions: [{ name: 'Host', value: 'a' }] }), [series]);
      assert.deepEqual(store.listMetrics({ scope: { ...scope, region: 'eu-west-1' } }), []);
      const [point] = store.query({ series, start: new Date(1767225600_000), end: new Date(1767225660_000), period: 60, statistics: ['Sum'], extendedStatistics: ['p50'] });
      assert.deepEqual([point.values, point.extendedStatistics], [{ Sum: 5 }, {}], 'data from before distributions has no percentiles');
      store.close();
    } finally {
      cleanup();
    }
  });
});
