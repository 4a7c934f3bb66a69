import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '1');
      db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
      db.close();
      assert.throws(() => openSqliteMetricsStore(path), /schema version 99 is newer/);
    } finally {
      cleanup();
    }
  });
});
