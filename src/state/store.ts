/**
 * The state store boundary: durable, versioned JSON documents grouped by kind.
 * Every write happens inside `transact`, which is atomic and synchronous (the
 * callback must not await): an API call records its desired state in one
 * transaction. `watch` delivers committed changes, in commit order, after the
 * transaction returns.
 *
 * Implementations: ./sqlite-store.ts (default, durable), ./memory-store.ts
 * (unit tests). Both pass ./conformance.ts.
 */

export interface StoredRecord<T = unknown> {
  kind: string;
  /** Unique within kind. Ids that share a prefix list together in id order. */
  id: string;
  /** 1 on first write, +1 on every later write. */
  version: number;
  doc: T;
}

export interface Change<T = unknown> {
  kind: string;
  id: string;
  /** The new record, or undefined when deleted. */
  record?: StoredRecord<T>;
  /** The previous document, when there was one. */
  previous?: T;
}

export interface ListOptions {
  /** Only ids starting with this prefix. */
  prefix?: string;
  /** Only ids strictly greater than this (for pagination). */
  after?: string;
  limit?: number;
}

/**
 * A secondary index over one kind: each record is filed under the keys its document
 * yields. The store keeps the entries and a count per key in the same transaction as the
 * records, so listing by key is a range scan and counting is a single lookup.
 */
export interface IndexDefinition<T = any> {
  kind: string;
  name: string;
  /** Bump when `keys` changes meaning: the store then rebuilds the index from the records. */
  version: number;
  /** The keys a document is filed under; none leaves it out of the index. */
  keys(doc: T): string[];
}

export interface IndexQuery {
  key: string;
  /** Only ids strictly greater than this (for pagination). */
  after?: string;
  limit?: number;
}

export interface ReadTx {
  get<T>(kind: string, id: string): StoredRecord<T> | undefined;
  list<T>(kind: string, options?: ListOptions): StoredRecord<T>[];
  count(kind: string, options?: { prefix?: string }): number;
  /** The records filed under one key of a defined index, in id order. */
  listByIndex<T>(kind: string, index: string, query: IndexQuery): StoredRecord<T>[];
  /** The ids listByIndex would return, without reading the records (a page of ARNs needs no documents). */
  listIdsByIndex(kind: string, index: string, query: IndexQuery): string[];
  /** How many records are filed under one key of a defined index, without reading them. */
  countByIndex(kind: string, index: string, key: string): number;
}

export interface Tx extends ReadTx {
  /**
   * Inserts or replaces. When expectedVersion is given (0 = must not exist) and
   * does not match, throws VersionConflictError and the whole transaction rolls back.
   */
  put<T>(kind: string, id: string, doc: T, expectedVersion?: number): StoredRecord<T>;
  /** Returns true when something was deleted. */
  delete(kind: string, id: string): boolean;
  /** Next value of a named counter, starting at 1; durable with the transaction. */
  nextSequence(name: string): number;
}

export interface Store extends ReadTx {
  /** Declares an index (before the first transaction that writes its kind); idempotent. */
  defineIndex<T>(definition: IndexDefinition<T>): void;
  /** Runs fn atomically. If fn throws, nothing it wrote is kept and the error propagates. */
  transact<R>(fn: (tx: Tx) => R): R;
  /** Listener is called once per changed record after each commit. Returns an unsubscribe function. */
  watch(listener: (change: Change) => void): () => void;
  close(): void;
}

export class VersionConflictError extends Error {
  constructor(readonly kind: string, readonly id: string, readonly expected: number, readonly actual: number) {
    super(`version conflict on ${kind}/${id}: expected ${expected}, found ${actual}`);
    this.name = 'VersionConflictError';
  }
}
