/** The Store conformance suite's secondary-index part (see ./conformance.ts). */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { Store } from './store.js';
import { ConformanceTest, ids, put } from './conformance-support.js';

export function indexConformance(test: ConformanceTest): void {
  describe('indexes', () => {
    type Task = { cluster: string; status: string; tags?: string[] };
    const byStatus = { kind: 'task', name: 'by-status', version: 1, keys: (t: Task) => [`${t.cluster}|${t.status}`] };
    const byTag = { kind: 'task', name: 'by-tag', version: 1, keys: (t: Task) => t.tags ?? [] };
    // Every listing is taken both ways: with the records and as ids only.
    const listed = (store: Store, key: string, extra: { after?: string; limit?: number } = {}) => {
      const records = ids(store.listByIndex('task', 'by-status', { key, ...extra }));
      assert.deepEqual(store.listIdsByIndex('task', 'by-status', { key, ...extra }), records);
      return records;
    };

    test('records are listed and counted under the keys their documents yield, in id order', ({ store }) => {
      store.defineIndex(byStatus);
      store.defineIndex(byTag);
      store.transact((tx) => {
        tx.put('task', 'b', { cluster: 'c1', status: 'RUNNING', tags: ['x', 'x', 'y'] });
        tx.put('task', 'a', { cluster: 'c1', status: 'RUNNING' });
        tx.put('task', 'c', { cluster: 'c1', status: 'STOPPED' });
        tx.put('task', 'd', { cluster: 'c2', status: 'RUNNING' });
        tx.put('other', 'a', { cluster: 'c1', status: 'RUNNING' });
      });
      assert.deepEqual(listed(store, 'c1|RUNNING'), ['a', 'b']);
      assert.equal(store.countByIndex('task', 'by-status', 'c1|RUNNING'), 2);
      assert.equal(store.countByIndex('task', 'by-status', 'c9|RUNNING'), 0);
      assert.equal(store.countByIndex('task', 'by-tag', 'x'), 1, 'a key listed twice files the record once');
      assert.deepEqual(listed(store, 'c1|RUNNING', { after: 'a' }), ['b']);
      assert.deepEqual(listed(store, 'c1|RUNNING', { limit: 1 }), ['a']);
      assert.deepEqual(store.listByIndex('task', 'by-status', { key: 'c1|STOPPED' })[0].doc, { cluster: 'c1', status: 'STOPPED' });
    });

    test('updates move a record between keys and deletes take it out', ({ store }) => {
      store.defineIndex(byStatus);
      put(store, 'task', 'a', { cluster: 'c1', status: 'PENDING' });
      put(store, 'task', 'a', { cluster: 'c1', status: 'RUNNING' });
      assert.deepEqual([listed(store, 'c1|PENDING'), listed(store, 'c1|RUNNING')], [[], ['a']]);
      store.transact((tx) => tx.delete('task', 'a'));
      assert.equal(store.countByIndex('task', 'by-status', 'c1|RUNNING'), 0);
      assert.deepEqual(listed(store, 'c1|RUNNING'), []);
    });

    test('a failed transaction leaves the index as it was, and reads inside a transaction see its writes', ({ store }) => {
      store.defineIndex(byStatus);
      put(store, 'task', 'a', { cluster: 'c1', status: 'RUNNING' });
      assert.throws(() => store.transact((tx) => {
        tx.put('task', 'b', { cluster: 'c1', status: 'RUNNING' });
        tx.put('task', 'a', { cluster: 'c1', status: 'STOPPED' });
        assert.equal(tx.countByIndex('task', 'by-status', 'c1|RUNNING'), 1);
        assert.deepEqual(ids(tx.listByIndex('task', 'by-status', { key: 'c1|RUNNING' })), ['b']);
        throw new Error('boom');
      }), /boom/);
      assert.deepEqual(listed(store, 'c1|RUNNING'), ['a']);
      assert.equal(store.countByIndex('task', 'by-status', 'c1|STOPPED'), 0);
    });

    test('counts read between writes follow every commit and rollback, and reads in a transaction see its writes', ({ store }) => {
      store.defineIndex(byStatus);
      const running = () => store.countByIndex('task', 'by-status', 'c1|RUNNING');
      assert.equal(running(), 0);
      put(store, 'task', 'a', { cluster: 'c1', status: 'RUNNING' });
      assert.equal(running(), 1);
      assert.throws(() => store.transact((tx) => {
        tx.put('task', 'b', { cluster: 'c1', status: 'RUNNING' });
        assert.equal(running(), 2, 'the store reads through an open transaction');
        throw new Error('boom');
      }), /boom/);
      assert.equal(running(), 1);
      put(store, 'task', 'a', { cluster: 'c1', status: 'STOPPED' });
      assert.equal(running(), 0);
    });

    test('an index defined after records exist covers them; an undefined index is an error', ({ store }) => {
      put(store, 'task', 'a', { cluster: 'c1', status: 'RUNNING' });
      assert.throws(() => store.countByIndex('task', 'by-status', 'c1|RUNNING'), /no index/);
      store.defineIndex(byStatus);
      assert.equal(store.countByIndex('task', 'by-status', 'c1|RUNNING'), 1);
    });

    test('a new version of an index is rebuilt from the records on reopen', ({ store, reopen, t }) => {
      if (!reopen) return t.skip('store is not durable');
      store.defineIndex(byStatus);
      put(store, 'task', 'a', { cluster: 'c1', status: 'RUNNING' });
      const reopened = reopen();
      reopened.defineIndex(byStatus);
      assert.equal(reopened.countByIndex('task', 'by-status', 'c1|RUNNING'), 1);
      reopened.defineIndex({ ...byStatus, version: 2, keys: (d: Task) => [d.status] });
      assert.equal(reopened.countByIndex('task', 'by-status', 'RUNNING'), 1);
      assert.equal(reopened.countByIndex('task', 'by-status', 'c1|RUNNING'), 0);
    });
  });
}
