/**
 * A SQLite database file of its own beside the document store (metrics.db, logs.db): WAL,
 * `synchronous = NORMAL` and a schema upgraded by numbered migrations. NORMAL syncs the WAL
 * at checkpoints, not at every commit: a crash of Berth loses nothing, a power loss at most
 * the last moments (never corruption), and high-rate writes do not compete with the
 * document store's fsyncs on the same disk.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** migrations[i] upgrades schema version i to i + 1; the file is left at migrations.length. */
export function openSidecarDatabase(path: string, migrations: readonly string[]): Database.Database {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, path, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: Database.Database, path: string, migrations: readonly string[]): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    const current = Number(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() ?? 0);
    if (current > migrations.length) throw new Error(`${path}: schema version ${current} is newer than this Berth supports (${migrations.length})`);
    if (current === migrations.length) return;
    for (const sql of migrations.slice(current)) db.exec(sql);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(migrations.length));
  }).immediate();
}
