/**
 * The durable Store: one SQLite database in WAL mode, fsynced on every commit.
 * Layout and semantics: ./README.md.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { createLogger, Logger } from '../platform/log.js';
import { checkIndexQuery, checkKey, checkListOptions, IndexRegistry, keysOf, scopeTx, toJson, Watchers, Write } from './store-common.js';
import { Change, IndexDefinition, IndexQuery, ListOptions, Store, StoredRecord, Tx, VersionConflictError } from './store.js';

/** MIGRATIONS[i] upgrades schema version i to i + 1; the schema version is MIGRATIONS.length. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE records (
     kind TEXT, id TEXT, version INTEGER NOT NULL, doc TEXT NOT NULL,
     PRIMARY KEY (kind, id)
   ) WITHOUT ROWID;
   CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);`,
  // Secondary indexes: entries for range scans, a count per key so counting reads one row.
  `CREATE TABLE index_entries (
     kind TEXT, name TEXT, key TEXT, id TEXT,
     PRIMARY KEY (kind, name, key, id)
   ) WITHOUT ROWID;
   CREATE TABLE index_counts (
     kind TEXT, name TEXT, key TEXT, n INTEGER NOT NULL,
     PRIMARY KEY (kind, name, key)
   ) WITHOUT ROWID;`,
  // Documents (typically 1-8 KiB) overflowed WITHOUT ROWID pages, which keep only ~1 KiB of a
  // row in the tree: a get read three or more pages. A rowid table keeps them inline.
  `CREATE TABLE records_rowid (
     kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
     PRIMARY KEY (kind, id)
   );
   INSERT INTO records_rowid (kind, id, version, doc) SELECT kind, id, version, doc FROM records;
   DROP TABLE records;
   ALTER TABLE records_rowid RENAME TO records;`,
];

const REBUILD_PAGE = 1000;
const COUNT_CACHE_SIZE = 10_000;

interface Row {
  id: string;
  version: number;
  doc: string;
}

function prepareStatements(db: Database.Database) {
  const rows = 'SELECT id, version, doc FROM records WHERE kind = ?';
  return {
    get: db.prepare(`${rows} AND id = ?`),
    // Bounds on the primary key make prefix listing an index range scan; max() folds `after` into the lower bound.
    listRange: db.prepare(`${rows} AND id >= max(?, ?) AND id < ? ORDER BY id LIMIT ?`),
    listFrom: db.prepare(`${rows} AND id >= max(?, ?) ORDER BY id LIMIT ?`),
    countRange: db.prepare('SELECT count(*) FROM records WHERE kind = ? AND id >= ? AND id < ?').pluck(),
    countFrom: db.prepare('SELECT count(*) FROM records WHERE kind = ? AND id >= ?').pluck(),
    upsert: db.prepare(
      `INSERT INTO records (kind, id, version, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, doc = excluded.doc`,
    ),
    delete: db.prepare('DELETE FROM records WHERE kind = ? AND id = ?'),
    listIndexed: db.prepare(
      `SELECT r.id, r.version, r.doc FROM index_entries e JOIN records r ON r.kind = e.kind AND r.id = e.id
       WHERE e.kind = ? AND e.name = ? AND e.key = ? ORDER BY e.id LIMIT ?`,
    ),
    listIndexedAfter: db.prepare(
      `SELECT r.id, r.version, r.doc FROM index_entries e JOIN records r ON r.kind = e.kind AND r.id = e.id
       WHERE e.kind = ? AND e.name = ? AND e.key = ? AND e.id > ? ORDER BY e.id LIMIT ?`,
    ),
    listIndexedIds: db.prepare('SELECT id FROM index_entries WHERE kind = ? AND name = ? AND key = ? ORDER BY id LIMIT ?').pluck(),
    listIndexedIdsAfter: db.prepare('SELECT id FROM index_entries WHERE kind = ? AND name = ? AND key = ? AND id > ? ORDER BY id LIMIT ?').pluck(),
    countIndexed: db.prepare('SELECT n FROM index_counts WHERE kind = ? AND name = ? AND key = ?').pluck(),
    addEntry: db.prepare('INSERT INTO index_entries (kind, name, key, id) VALUES (?, ?, ?, ?)'),
    removeEntry: db.prepare('DELETE FROM index_entries WHERE kind = ? AND name = ? AND key = ? AND id = ?'),
    bumpCount: db.prepare(
      `INSERT INTO index_counts (kind, name, key, n) VALUES (?, ?, ?, ?)
       ON CONFLICT (kind, name, key) DO UPDATE SET n = n + excluded.n`,
    ),
    dropEmptyCount: db.prepare('DELETE FROM index_counts WHERE kind = ? AND name = ? AND key = ? AND n = 0'),
    clearEntries: db.prepare('DELETE FROM index_entries WHERE kind = ? AND name = ?'),
    clearCounts: db.prepare('DELETE FROM index_counts WHERE kind = ? AND name = ?'),
    indexVersion: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
    setIndexVersion: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
    nextSequence: db
      .prepare(
        `INSERT INTO sequences (name, value) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .pluck(),
  };
}

/**
 * The smallest string above every string that starts with prefix (in code point
 * order, which is SQLite's UTF-8 byte order), or undefined when there is none.
 */
function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (points.at(-1) === 0x10ffff) points.pop();
  const last = points.pop();
  if (last === undefined) return undefined;
  points.push(last === 0xd7ff ? 0xe000 : last + 1); // U+D800-DFFF are not characters
  return String.fromCodePoint(...points);
}

/** Reads and writes on the connection; writes are only reachable through a transaction (see transact). */
class SqliteOps implements Tx {
  writes: Write[] = [];
  readonly indexes = new IndexRegistry();

  constructor(private readonly s: ReturnType<typeof prepareStatements>) {}

  listByIndex<T>(kind: string, index: string, query: IndexQuery): StoredRecord<T>[] {
    checkIndexQuery(query);
    this.indexes.get(kind, index);
    const { key, after, limit = -1 } = query;
    const rows = (after === undefined ? this.s.listIndexed.all(kind, index, key, limit) : this.s.listIndexedAfter.all(kind, index, key, after, limit)) as Row[];
    return rows.map((row) => toRecord<T>(kind, row));
  }

  listIdsByIndex(kind: string, index: string, query: IndexQuery): string[] {
    checkIndexQuery(query);
    this.indexes.get(kind, index);
    const { key, after, limit = -1 } = query;
    return (after === undefined ? this.s.listIndexedIds.all(kind, index, key, limit) : this.s.listIndexedIdsAfter.all(kind, index, key, after, limit)) as string[];
  }

  countByIndex(kind: string, index: string, key: string): number {
    checkKey('index key', key);
    this.indexes.get(kind, index);
    return (this.s.countIndexed.get(kind, index, key) as number | undefined) ?? 0;
  }

  /** Files the record under its new keys and out of its old ones (docs as stored JSON; undefined: absent). */
  reindex(kind: string, id: string, beforeJson: string | undefined, afterJson: string | undefined): void {
    if (!this.indexes.has(kind)) return;
    const parse = (json?: string) => (json === undefined ? undefined : JSON.parse(json));
    for (const { name, removed, added } of this.indexes.diff(kind, parse(beforeJson), parse(afterJson))) {
      for (const key of removed) this.file(kind, name, key, id, -1);
      for (const key of added) this.file(kind, name, key, id, 1);
    }
  }

  private file(kind: string, name: string, key: string, id: string, delta: 1 | -1): void {
    if (delta > 0) this.s.addEntry.run(kind, name, key, id);
    else this.s.removeEntry.run(kind, name, key, id);
    this.s.bumpCount.run(kind, name, key, delta);
    if (delta < 0) this.s.dropEmptyCount.run(kind, name, key);
  }

  /** (Re)builds an index whose stored version differs from the definition's. */
  define(def: IndexDefinition): void {
    this.indexes.define(def);
    const marker = `index:${def.kind}:${def.name}`;
    if (this.s.indexVersion.get(marker) === String(def.version)) return;
    this.s.clearEntries.run(def.kind, def.name);
    this.s.clearCounts.run(def.kind, def.name);
    // In pages: SQLite cannot write while a statement is still iterating.
    for (let rows = this.list(def.kind, { limit: REBUILD_PAGE }); rows.length > 0; rows = this.list(def.kind, { after: rows.at(-1)!.id, limit: REBUILD_PAGE })) {
      for (const row of rows) for (const key of keysOf(def, row.doc)) this.file(def.kind, def.name, key, row.id, 1);
    }
    this.s.setIndexVersion.run(marker, String(def.version));
  }

  get<T>(kind: string, id: string): StoredRecord<T> | undefined {
    checkKey('kind', kind);
    checkKey('id', id);
    const row = this.s.get.get(kind, id) as Row | undefined;
    return row && toRecord<T>(kind, row);
  }

  list<T>(kind: string, options: ListOptions = {}): StoredRecord<T>[] {
    checkKey('kind', kind);
    checkListOptions(options);
    const { prefix = '', after, limit = -1 } = options;
    // after + NUL is the smallest id strictly greater than after.
    const from = after === undefined ? '' : after + '\0';
    const end = prefixEnd(prefix);
    const rows = (
      end === undefined ? this.s.listFrom.all(kind, prefix, from, limit) : this.s.listRange.all(kind, prefix, from, end, limit)
    ) as Row[];
    return rows.map((row) => toRecord<T>(kind, row));
  }

  count(kind: string, options: { prefix?: string } = {}): number {
    checkKey('kind', kind);
    checkListOptions(options);
    const prefix = options.prefix ?? '';
    const end = prefixEnd(prefix);
    return (end === undefined ? this.s.countFrom.get(kind, prefix) : this.s.countRange.get(kind, prefix, end)) as number;
  }

  put<T>(kind: string, id: string, doc: T, expectedVersion?: number): StoredRecord<T> {
    checkKey('kind', kind);
    checkKey('id', id);
    const json = toJson(doc);
    const current = this.s.get.get(kind, id) as Row | undefined;
    const actual = current?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== actual) {
      throw new VersionConflictError(kind, id, expectedVersion, actual);
    }
    const version = actual + 1;
    this.reindex(kind, id, current?.doc, json);
    this.s.upsert.run(kind, id, version, json);
    this.writes.push({ kind, id, next: { version, json }, previousJson: current?.doc });
    return toRecord<T>(kind, { id, version, doc: json });
  }

  delete(kind: string, id: string): boolean {
    checkKey('kind', kind);
    checkKey('id', id);
    const current = this.s.get.get(kind, id) as Row | undefined;
    if (!current) return false;
    this.reindex(kind, id, current.doc, undefined);
    this.s.delete.run(kind, id);
    this.writes.push({ kind, id, previousJson: current.doc });
    return true;
  }

  nextSequence(name: string): number {
    checkKey('sequence name', name);
    return this.s.nextSequence.get(name) as number;
  }
}

function toRecord<T>(kind: string, row: Row): StoredRecord<T> {
  return { kind, id: row.id, version: row.version, doc: JSON.parse(row.doc) as T };
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly ops: SqliteOps;
  private readonly watchers: Watchers;
  private readonly atomic: Database.Transaction<(fn: (tx: Tx) => unknown, tx: Tx) => unknown>;
  /**
   * Index counts read outside transactions (DescribeClusters reads four per call). Any
   * transaction or index rebuild empties it, so it never outlives the rows it counted.
   */
  private readonly counts = new Map<string, number>();

  constructor(path: string, log: Logger = createLogger()) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.db = new Database(path);
    try {
      configure(this.db);
      migrate(this.db, path);
      this.ops = new SqliteOps(prepareStatements(this.db));
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.watchers = new Watchers(log);
    // Nested calls run as savepoints, so an inner failure undoes only the inner writes.
    this.atomic = this.db.transaction((fn: (tx: Tx) => unknown, tx: Tx) => fn(tx));
  }

  get<T>(kind: string, id: string): StoredRecord<T> | undefined {
    return this.ops.get<T>(kind, id);
  }

  list<T>(kind: string, options?: ListOptions): StoredRecord<T>[] {
    return this.ops.list<T>(kind, options);
  }

  count(kind: string, options?: { prefix?: string }): number {
    return this.ops.count(kind, options);
  }

  listByIndex<T>(kind: string, index: string, query: IndexQuery): StoredRecord<T>[] {
    return this.ops.listByIndex<T>(kind, index, query);
  }

  listIdsByIndex(kind: string, index: string, query: IndexQuery): string[] {
    return this.ops.listIdsByIndex(kind, index, query);
  }

  countByIndex(kind: string, index: string, key: string): number {
    if (this.db.inTransaction) return this.ops.countByIndex(kind, index, key);
    const cacheKey = `${kind}\0${index}\0${key}`;
    const cached = this.counts.get(cacheKey);
    if (cached !== undefined) return cached;
    const n = this.ops.countByIndex(kind, index, key);
    if (this.counts.size >= COUNT_CACHE_SIZE) this.counts.clear();
    this.counts.set(cacheKey, n);
    return n;
  }

  defineIndex<T>(definition: IndexDefinition<T>): void {
    this.counts.clear();
    this.db.transaction(() => this.ops.define(definition)).immediate();
  }

  transact<R>(fn: (tx: Tx) => R): R {
    const mark = this.ops.writes.length;
    const scope = scopeTx(this.ops);
    let result: R;
    try {
      // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on lock upgrade.
      result = this.atomic.immediate(fn, scope.tx) as R;
    } catch (err) {
      this.ops.writes.length = mark;
      throw err;
    } finally {
      scope.end();
      this.counts.clear();
    }
    if (!this.db.inTransaction) this.publish();
    return result;
  }

  watch(listener: (change: Change) => void): () => void {
    if (!this.db.open) throw new Error('store is closed');
    return this.watchers.add(listener);
  }

  close(): void {
    this.db.close();
  }

  private publish(): void {
    const writes = this.ops.writes;
    this.ops.writes = [];
    this.watchers.publish(writes);
  }
}

function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // FULL fsyncs the WAL on every commit: an accepted write survives power loss, not just a crash.
  db.pragma('synchronous = FULL');
  // macOS fsync does not reach the platter; this makes SQLite use F_FULLFSYNC there (no-op elsewhere).
  db.pragma('fullfsync = ON');
  // Lets external readers (sqlite3 CLI, backups) briefly hold locks without failing our writes.
  db.pragma('busy_timeout = 5000');
}

function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    const stored = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as string | undefined;
    const current = Number(stored ?? 0);
    if (current > MIGRATIONS.length) {
      throw new Error(`${path}: schema version ${current} is newer than this Berth supports (${MIGRATIONS.length})`);
    }
    if (current === MIGRATIONS.length) return;
    for (const sql of MIGRATIONS.slice(current)) db.exec(sql);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(MIGRATIONS.length));
  }).immediate();
}

export function openSqliteStore(path: string, log?: Logger): Store {
  return new SqliteStore(path, log);
}
