import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { storeConformance } from './conformance.js';
import { openSqliteStore } from './sqlite-store.js';

/** A database path inside a fresh temp dir, in a subdirectory the store must create. */
function tempDb(): { dir: string; path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-store-'));
  return { dir, path: join(dir, 'state', 'berth.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

storeConformance('SqliteStore', () => {
  const { path, cleanup } = tempDb();
  return { store: openSqliteStore(path), reopen: () => openSqliteStore(path), cleanup };
});

describe('SqliteStore', () => {
  it('keeps a committed write when the process is killed right after commit', () => {
    const { dir, path, cleanup } = tempDb();
    try {
      const script = `
        const { openSqliteStore } = require(${JSON.stringify(join(__dirname, 'sqlite-store.js'))});
        const store = openSqliteStore(${JSON.stringify(path)});
        store.transact((tx) => { tx.put('k', 'a', { v: 1 }); tx.nextSequence('s'); });
        process.kill(process.pid, 'SIGKILL');`;
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      assert.equal(child.signal, 'SIGKILL', child.stderr);
      assert.ok(statSync(`${path}-wal`).size > 0, 'the write is only in the WAL: the store was never closed');
      assert.equal(statSync(join(dir, 'state')).mode & 0o777, 0o700);
      const store = openSqliteStore(path);
      try {
        assert.deepEqual(store.get('k', 'a'), { kind: 'k', id: 'a', version: 1, doc: { v: 1 } });
        assert.equal(store.transact((tx) => tx.nextSequence('s')), 2);
      } finally {
        store.close();
      }
    } finally {
      cleanup();
    }
  });

  it('lays out the database as documented and refuses a newer schema', () => {
    const { path, cleanup } = tempDb();
    try {
      openSqliteStore(path).close();
      const db = new Database(path);
      const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
      assert.deepEqual(tables.map((t) => t.name), ['index_counts', 'index_entries', 'meta', 'records', 'sequences']);
      for (const t of tables) {
        if (['records', 'sequences'].includes(t.name)) assert.doesNotMatch(t.sql, /WITHOUT ROWID/);
        else assert.match(t.sql, /WITHOUT ROWID/);
      }
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '3');
      db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
      db.close();
      assert.throws(() => openSqliteStore(path), /schema version 99 is newer/);
    } finally {
      cleanup();
    }
  });

  it('keeps every record when it moves a schema-2 database to the rowid records table', () => {
    const { path, cleanup } = tempDb();
    try {
      mkdirSync(dirname(path));
      const db = new Database(path);
      db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE records (kind TEXT, id TEXT, version INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
        CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE TABLE index_entries (kind TEXT, name TEXT, key TEXT, id TEXT, PRIMARY KEY (kind, name, key, id)) WITHOUT ROWID;
        CREATE TABLE index_counts (kind TEXT, name TEXT, key TEXT, n INTEGER NOT NULL, PRIMARY KEY (kind, name, key)) WITHOUT ROWID;
        INSERT INTO meta VALUES ('schema_version', '2');`);
      const insert = db.prepare('INSERT INTO records VALUES (?, ?, ?, ?)');
      for (let i = 0; i < 50; i++) insert.run('k', `id-${String(i).padStart(2, '0')}`, i + 1, JSON.stringify({ n: i, pad: 'x'.repeat(3000) }));
      db.close();
      const store = openSqliteStore(path);
      try {
        assert.equal(store.count('k'), 50);
        assert.deepEqual(store.get<{ n: number }>('k', 'id-07')?.doc.n, 7);
        assert.equal(store.get('k', 'id-07')?.version, 8);
        assert.deepEqual(store.list('k', { after: 'id-47' }).map((r) => r.id), ['id-48', 'id-49']);
      } finally {
        store.close();
      }
    } finally {
      cleanup();
    }
  });
});
