import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { eventStoreConformance } from './conformance.js';
import { openSqliteEventStore } from './sqlite-event-store.js';

/** A database path inside a fresh temp dir, in a subdirectory the store must create. */
function tempDb(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-logs-'));
  return { path: join(dir, 'data', 'logs.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

eventStoreConformance('SqliteEventStore', () => {
  const { path, cleanup } = tempDb();
  return { store: openSqliteEventStore(path), reopen: () => openSqliteEventStore(path), cleanup };
});

describe('SqliteEventStore', () => {
  it('lays out the database as documented and refuses a newer schema', () => {
    const { path, cleanup } = tempDb();
    try {
      openSqliteEventStore(path).close();
      const db = new Database(path);
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
      assert.deepEqual(tables, ['checkpoints', 'events', 'groups', 'meta', 'streams']);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
      db.close();
      assert.throws(() => openSqliteEventStore(path), /schema version 99 is newer/);
    } finally {
      cleanup();
    }
  });

  it('pages through a group in order by walking its index, not by sorting it', () => {
    const { path, cleanup } = tempDb();
    try {
      openSqliteEventStore(path).close();
      const db = new Database(path);
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT e.id FROM events e INDEXED BY events_by_group JOIN streams s ON s.id = e.stream
        WHERE e.grp = 1 AND e.timestamp >= 0 AND (e.timestamp, e.id) > (0, 0) ORDER BY e.timestamp, e.id LIMIT 10`).all() as { detail: string }[];
      db.close();
      const details = plan.map((p) => p.detail).join('\n');
      assert.match(details, /events_by_group/);
      assert.doesNotMatch(details, /TEMP B-TREE/, details);
    } finally {
      cleanup();
    }
  });
});
