/**
 * In-memory Store for unit tests, with the same semantics as the SQLite store
 * (the shared rules live in store-common.ts).
 */
import { createLogger, Logger } from '../platform/log.js';
import { compareCodePoints } from '../platform/code-points.js';
import { Change, IndexDefinition, IndexQuery, ListOptions, Store, StoredRecord, Tx, VersionConflictError } from './store.js';
import { checkIndexQuery, checkKey, checkListOptions, IndexRegistry, keysOf, scopeTx, toJson, Watchers, Write } from './store-common.js';

interface Entry {
  version: number;
  json: string;
}

/** The data and write operations; every change is journaled so a transaction (or a nested one) can be undone. */
class MemoryOps implements Tx {
  readonly tables = new Map<string, Map<string, Entry>>();
  readonly sequences = new Map<string, number>();
  /** Undo actions of the open transaction, oldest first. */
  journal: (() => void)[] = [];
  writes: Write[] = [];
  closed = false;
  readonly indexes = new IndexRegistry();

  get<T>(kind: string, id: string): StoredRecord<T> | undefined {
    this.checkOpen();
    checkKey('kind', kind);
    checkKey('id', id);
    const entry = this.tables.get(kind)?.get(id);
    return entry && toRecord<T>(kind, id, entry);
  }

  list<T>(kind: string, options: ListOptions = {}): StoredRecord<T>[] {
    const table = this.select(kind, options);
    const { after, limit } = options;
    const ids = [...table.keys()].filter((id) => after === undefined || compareCodePoints(id, after) > 0).sort(compareCodePoints);
    return ids.slice(0, limit).map((id) => toRecord<T>(kind, id, table.get(id)!));
  }

  count(kind: string, options: { prefix?: string } = {}): number {
    return this.select(kind, options).size;
  }

  // The fake answers index queries by scanning: same results as SQLite, no bookkeeping to get wrong.
  listByIndex<T>(kind: string, index: string, query: IndexQuery): StoredRecord<T>[] {
    return this.list<T>(kind, { after: query.after }).filter((r) => this.filed(kind, index, query, r.doc)).slice(0, query.limit);
  }

  listIdsByIndex(kind: string, index: string, query: IndexQuery): string[] {
    return this.listByIndex(kind, index, query).map((r) => r.id);
  }

  countByIndex(kind: string, index: string, key: string): number {
    return this.list(kind).filter((r) => this.filed(kind, index, { key }, r.doc)).length;
  }

  private filed(kind: string, index: string, query: IndexQuery, doc: unknown): boolean {
    checkIndexQuery(query);
    return keysOf(this.indexes.get(kind, index), doc).has(query.key);
  }

  put<T>(kind: string, id: string, doc: T, expectedVersion?: number): StoredRecord<T> {
    checkKey('kind', kind);
    checkKey('id', id);
    const json = toJson(doc);
    const current = this.tables.get(kind)?.get(id);
    const actual = current?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== actual) {
      throw new VersionConflictError(kind, id, expectedVersion, actual);
    }
    const entry = { version: actual + 1, json };
    // Key functions run on write, as in SQLite, so a bad key fails the write rather than a later read.
    if (this.indexes.has(kind)) this.indexes.diff(kind, undefined, JSON.parse(json));
    this.setEntry(kind, id, entry);
    this.writes.push({ kind, id, next: entry, previousJson: current?.json });
    return toRecord<T>(kind, id, entry);
  }

  delete(kind: string, id: string): boolean {
    checkKey('kind', kind);
    checkKey('id', id);
    const current = this.tables.get(kind)?.get(id);
    if (!current) return false;
    this.setEntry(kind, id, undefined);
    this.writes.push({ kind, id, previousJson: current.json });
    return true;
  }

  nextSequence(name: string): number {
    checkKey('sequence name', name);
    const previous = this.sequences.get(name);
    const value = (previous ?? 0) + 1;
    this.sequences.set(name, value);
    this.journal.push(() => (previous === undefined ? this.sequences.delete(name) : this.sequences.set(name, previous)));
    return value;
  }

  checkOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  /** The entries of kind whose ids start with the prefix (unordered). */
  private select(kind: string, options: ListOptions): Map<string, Entry> {
    this.checkOpen();
    checkKey('kind', kind);
    checkListOptions(options);
    const table = this.tables.get(kind) ?? new Map<string, Entry>();
    const prefix = options.prefix ?? '';
    return prefix ? new Map([...table].filter(([id]) => id.startsWith(prefix))) : table;
  }

  private setEntry(kind: string, id: string, entry: Entry | undefined): void {
    let table = this.tables.get(kind);
    if (!table) this.tables.set(kind, (table = new Map()));
    const previous = table.get(id);
    const target = table;
    this.journal.push(() => (previous ? target.set(id, previous) : target.delete(id)));
    if (entry) table.set(id, entry);
    else table.delete(id);
  }
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function toRecord<T>(kind: string, id: string, entry: Entry): StoredRecord<T> {
  return { kind, id, version: entry.version, doc: JSON.parse(entry.json) as T };
}

export class MemoryStore implements Store {
  private readonly ops = new MemoryOps();
  private readonly watchers: Watchers;
  private depth = 0;

  constructor(log: Logger = createLogger()) {
    this.watchers = new Watchers(log);
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
    return this.ops.countByIndex(kind, index, key);
  }

  defineIndex<T>(definition: IndexDefinition<T>): void {
    this.ops.indexes.define(definition);
  }

  transact<R>(fn: (tx: Tx) => R): R {
    this.ops.checkOpen();
    const mark = { journal: this.ops.journal.length, writes: this.ops.writes.length };
    const scope = scopeTx(this.ops);
    this.depth++;
    let result: R;
    try {
      result = fn(scope.tx);
      // Matches better-sqlite3: an async callback would commit before its awaits ran.
      if (isThenable(result)) throw new TypeError('Transaction function cannot return a promise');
    } catch (err) {
      this.undo(mark.journal, mark.writes);
      throw err;
    } finally {
      scope.end();
      this.depth--;
    }
    if (this.depth === 0) this.commit();
    return result;
  }

  watch(listener: (change: Change) => void): () => void {
    this.ops.checkOpen();
    return this.watchers.add(listener);
  }

  close(): void {
    this.ops.closed = true;
  }

  private undo(journalMark: number, writesMark: number): void {
    const { journal } = this.ops;
    while (journal.length > journalMark) journal.pop()!();
    this.ops.writes.length = writesMark;
  }

  private commit(): void {
    const writes = this.ops.writes;
    this.ops.journal = [];
    this.ops.writes = [];
    this.watchers.publish(writes);
  }
}
