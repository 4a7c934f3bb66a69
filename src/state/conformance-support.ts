/** What the Store conformance suites share: a test's context and small helpers. */
import { TestContext } from 'node:test';
import { StoredRecord, Store } from './store.js';

export interface Ctx {
  store: Store;
  t: TestContext;
  /** Closes the current store and returns a reopened one; undefined when the store is not durable. */
  reopen?: () => Store;
}

/** Runs one conformance test on a fresh store. */
export type ConformanceTest = (title: string, body: (ctx: Ctx) => void) => void;

export const ids = (records: StoredRecord[]) => records.map((r) => r.id);
export const put = (store: Store, kind: string, id: string, doc: unknown, expectedVersion?: number) =>
  store.transact((tx) => tx.put(kind, id, doc, expectedVersion));
