/**
 * Rules both stores share, so the SQLite store and the memory fake cannot drift
 * apart: write records, change delivery, transaction scoping and input checks.
 */
import { Logger } from '../platform/log.js';
import { Change, IndexDefinition, IndexQuery, ListOptions, Tx } from './store.js';

/** One write inside a transaction, kept as JSON so the caller's later mutations cannot leak into watchers. */
export interface Write {
  kind: string;
  id: string;
  /** Absent for a delete. */
  next?: { version: number; json: string };
  previousJson?: string;
}

type Listener = (change: Change) => void;

/**
 * Delivers committed writes: one Change per record per commit, records in
 * first-write order. Commits made by a listener are queued behind the changes
 * still being delivered, so every listener sees all changes in commit order.
 */
export class Watchers {
  private readonly listeners = new Set<Listener>();
  private queue: Change[] = [];
  private delivering = false;

  constructor(private readonly log: Logger) {}

  add(listener: Listener): () => void {
    // A wrapper per subscription, so subscribing one function twice yields two independent subscriptions.
    const subscription: Listener = (change) => listener(change);
    this.listeners.add(subscription);
    return () => {
      this.listeners.delete(subscription);
    };
  }

  publish(writes: Write[]): void {
    if (this.listeners.size === 0) return;
    for (const change of toChanges(writes)) this.queue.push(change);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let i = 0; i < this.queue.length; i++) this.deliver(this.queue[i]);
    } finally {
      this.queue = [];
      this.delivering = false;
    }
  }

  private deliver(change: Change): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.log.error('state watcher failed', { kind: change.kind, id: change.id, err });
      }
    }
  }
}

/** Merges writes per record (keeping the first previous doc) and drops records created and deleted in one commit. */
function toChanges(writes: Write[]): Change[] {
  const merged = new Map<string, Write>();
  for (const w of writes) {
    const key = `${w.kind.length}:${w.kind}${w.id}`;
    const first = merged.get(key);
    merged.set(key, first ? { ...w, previousJson: first.previousJson } : w);
  }
  const changes: Change[] = [];
  for (const { kind, id, next, previousJson } of merged.values()) {
    if (!next && previousJson === undefined) continue;
    const change: Change = { kind, id };
    if (next) change.record = { kind, id, version: next.version, doc: JSON.parse(next.json) };
    if (previousJson !== undefined) change.previous = JSON.parse(previousJson);
    changes.push(change);
  }
  return changes;
}

/** Wraps ops in a Tx that refuses use once its transaction has ended (a late write would bypass commit and watchers). */
export function scopeTx(ops: Tx): { tx: Tx; end(): void } {
  let open = true;
  const check = () => {
    if (!open) throw new Error('transaction has already ended');
  };
  const tx: Tx = {
    get: <T>(kind: string, id: string) => (check(), ops.get<T>(kind, id)),
    list: <T>(kind: string, options?: ListOptions) => (check(), ops.list<T>(kind, options)),
    count: (kind, options) => (check(), ops.count(kind, options)),
    listByIndex: <T>(kind: string, index: string, query: IndexQuery) => (check(), ops.listByIndex<T>(kind, index, query)),
    listIdsByIndex: (kind, index, query) => (check(), ops.listIdsByIndex(kind, index, query)),
    countByIndex: (kind, index, key) => (check(), ops.countByIndex(kind, index, key)),
    put: <T>(kind: string, id: string, doc: T, expectedVersion?: number) => (check(), ops.put(kind, id, doc, expectedVersion)),
    delete: (kind, id) => (check(), ops.delete(kind, id)),
    nextSequence: (name) => (check(), ops.nextSequence(name)),
  };
  return { tx, end: () => (open = false) };
}

const LONE_SURROGATE = /\p{Cs}/u;

/** SQLite stores text as UTF-8, which cannot hold lone surrogates; both stores reject them so keys round-trip exactly. */
export function checkKey(what: string, value: string): void {
  if (typeof value !== 'string' || LONE_SURROGATE.test(value)) {
    throw new TypeError(`${what} must be a well-formed string, got ${JSON.stringify(value)}`);
  }
}

export function checkListOptions({ prefix, after, limit }: ListOptions): void {
  if (prefix !== undefined) checkKey('prefix', prefix);
  if (after !== undefined) checkKey('after', after);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }
}

export function toJson(doc: unknown): string {
  const json = JSON.stringify(doc);
  if (json === undefined) throw new TypeError('document is not JSON-serializable');
  return json;
}

/** The indexes defined per kind, and what a write changes in them. */
export class IndexRegistry {
  private readonly byKind = new Map<string, Map<string, IndexDefinition>>();

  define(def: IndexDefinition): void {
    checkKey('kind', def.kind);
    checkKey('index name', def.name);
    let defs = this.byKind.get(def.kind);
    if (!defs) this.byKind.set(def.kind, (defs = new Map()));
    defs.set(def.name, def);
  }

  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  get(kind: string, name: string): IndexDefinition {
    const def = this.byKind.get(kind)?.get(name);
    if (!def) throw new Error(`no index ${name} on ${kind}`);
    return def;
  }

  /** Per index of the kind: keys to drop and keys to add when `before` becomes `after` (undefined: absent). */
  diff(kind: string, before: unknown, after: unknown): { name: string; removed: string[]; added: string[] }[] {
    const out = [];
    for (const def of this.byKind.get(kind)?.values() ?? []) {
      const old = keysOf(def, before);
      const next = keysOf(def, after);
      const removed = [...old].filter((k) => !next.has(k));
      const added = [...next].filter((k) => !old.has(k));
      if (removed.length || added.length) out.push({ name: def.name, removed, added });
    }
    return out;
  }
}

export function keysOf(def: IndexDefinition, doc: unknown): Set<string> {
  if (doc === undefined) return new Set();
  const keys = new Set(def.keys(doc));
  for (const k of keys) checkKey('index key', k);
  return keys;
}

export function checkIndexQuery({ key, after, limit }: IndexQuery): void {
  checkKey('index key', key);
  checkListOptions({ after, limit });
}
