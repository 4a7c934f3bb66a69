/**
 * The behaviour every Store must have. Each implementation's test file runs this
 * suite; a test gets a fresh store from `make`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Change, Store, Tx, VersionConflictError } from './store.js';
import { indexConformance } from './conformance-indexes.js';
import { Ctx, ids, put } from './conformance-support.js';

export interface StoreHarness {
  store: Store;
  /** Opens the same data again (durable stores only); the suite closes the previous store first. */
  reopen?: () => Store;
  /** Removes what the harness created; the suite has closed its stores by then. */
  cleanup(): void;
}

const collect = (store: Store) => {
  const events: Change[] = [];
  store.watch((change) => events.push(change));
  return events;
};
const conflict = (expected: number, actual: number) => (err: unknown) =>
  err instanceof VersionConflictError && err.expected === expected && err.actual === actual;

export function storeConformance(name: string, make: () => StoreHarness): void {
  const test = (title: string, body: (ctx: Ctx) => void) =>
    it(title, (t) => {
      const harness = make();
      let current = harness.store;
      const reopenHarness = harness.reopen;
      const reopen =
        reopenHarness &&
        (() => {
          current.close();
          current = reopenHarness();
          return current;
        });
      try {
        body({ store: harness.store, t, reopen });
      } finally {
        current.close();
        harness.cleanup();
      }
    });

  describe(`Store conformance: ${name}`, () => {
    describe('records', () => {
      test('put then get round-trips the document and counts versions', ({ store }) => {
        const doc = { name: 'web', nested: { list: [1, 'x', null, true] } };
        assert.deepEqual(put(store, 'task', 'a', doc), { kind: 'task', id: 'a', version: 1, doc });
        assert.equal(put(store, 'task', 'a', { name: 'web2' }).version, 2);
        assert.equal(put(store, 'task', 'a', { name: 'web3' }).version, 3);
        assert.deepEqual(store.get('task', 'a'), { kind: 'task', id: 'a', version: 3, doc: { name: 'web3' } });
        assert.equal(store.get('task', 'missing'), undefined);
        assert.equal(store.get('service', 'a'), undefined, 'kinds are separate namespaces');
      });

      test('stores and returns the JSON form of the document', ({ store }) => {
        const written = put(store, 'k', 'a', { gone: undefined, when: new Date(0) });
        const expected = { when: '1970-01-01T00:00:00.000Z' };
        assert.deepEqual(written.doc, expected);
        assert.deepEqual(store.get('k', 'a')?.doc, expected);
        assert.throws(() => put(store, 'k', 'b', undefined), TypeError);
        assert.equal(store.get('k', 'b'), undefined);
      });

      test('rejects keys that are not well-formed unicode', ({ store }) => {
        assert.throws(() => put(store, 'k', 'a\ud800', {}), TypeError);
        assert.throws(() => put(store, 'k\udc00', 'a', {}), TypeError);
        assert.throws(() => store.get('k', '\ud83d'), TypeError);
        assert.throws(() => store.list('k', { prefix: '\ud83d' }), TypeError);
        assert.equal(store.count('k'), 0);
      });

      test('delete removes the record and reports whether there was one', ({ store }) => {
        put(store, 'k', 'a', { v: 1 });
        put(store, 'k', 'a', { v: 2 });
        assert.equal(store.transact((tx) => tx.delete('k', 'a')), true);
        assert.equal(store.transact((tx) => tx.delete('k', 'a')), false);
        assert.equal(store.get('k', 'a'), undefined);
        assert.equal(put(store, 'k', 'a', { v: 3 }).version, 1, 'a re-created record starts over');
      });
    });

    describe('expectedVersion', () => {
      test('0 means the record must not exist', ({ store }) => {
        assert.equal(put(store, 'k', 'a', {}, 0).version, 1);
        assert.throws(() => put(store, 'k', 'a', {}, 0), conflict(0, 1));
      });

      test('a matching version allows the write and a stale one conflicts', ({ store }) => {
        put(store, 'k', 'a', { v: 1 });
        assert.equal(put(store, 'k', 'a', { v: 2 }, 1).version, 2);
        assert.throws(() => put(store, 'k', 'a', { v: 3 }, 1), conflict(1, 2));
        assert.throws(() => put(store, 'k', 'missing', {}, 3), conflict(3, 0));
        assert.deepEqual(store.get('k', 'a')?.doc, { v: 2 });
      });

      test('a conflict rolls back the other writes of its transaction', ({ store }) => {
        put(store, 'k', 'x', { v: 1 });
        const events = collect(store);
        const fn = (tx: Tx) => {
          tx.put('k', 'y', {});
          tx.delete('k', 'x');
          tx.nextSequence('s');
          tx.put('k', 'x', {}, 5);
        };
        assert.throws(() => store.transact(fn), VersionConflictError);
        assert.equal(store.get('k', 'y'), undefined);
        assert.equal(store.get('k', 'x')?.version, 1);
        assert.deepEqual(events, []);
        assert.equal(store.transact((tx) => tx.nextSequence('s')), 1);
      });
    });

    describe('listing', () => {
      test('lists by prefix in id order', ({ store }) => {
        for (const id of ['b/2', 'a/1', 'b/10', 'c', 'b/1', 'b']) put(store, 'k', id, { id });
        put(store, 'other', 'b/3', {});
        assert.deepEqual(ids(store.list('k')), ['a/1', 'b', 'b/1', 'b/10', 'b/2', 'c']);
        assert.deepEqual(ids(store.list('k', { prefix: 'b/' })), ['b/1', 'b/10', 'b/2']);
        assert.deepEqual(store.list('k', { prefix: 'b/1' })[0], { kind: 'k', id: 'b/1', version: 1, doc: { id: 'b/1' } });
        assert.deepEqual(store.list('nothing'), []);
      });

      test('after and limit page through results', ({ store }) => {
        const all = Array.from({ length: 10 }, (_, i) => `p/0${i}`);
        for (const id of [...all].reverse()) put(store, 'k', id, {});
        put(store, 'k', 'q', {});
        assert.deepEqual(ids(store.list('k', { prefix: 'p/', limit: 3 })), ['p/00', 'p/01', 'p/02']);
        assert.deepEqual(ids(store.list('k', { prefix: 'p/', after: 'p/07' })), ['p/08', 'p/09']);
        assert.deepEqual(ids(store.list('k', { prefix: 'p/', after: 'p/035', limit: 1 })), ['p/04']);
        assert.deepEqual(ids(store.list('k', { prefix: 'p/', after: 'a', limit: 1 })), ['p/00']);
        assert.deepEqual(ids(store.list('k', { prefix: 'p/', after: 'p/09' })), []);
        assert.deepEqual(ids(store.list('k', { after: 'p/09' })), ['q']);
        assert.deepEqual(store.list('k', { limit: 0 }), []);
        const paged: string[] = [];
        for (let page = store.list('k', { prefix: 'p/', limit: 4 }); page.length; ) {
          paged.push(...ids(page));
          page = store.list('k', { prefix: 'p/', limit: 4, after: paged.at(-1) });
        }
        assert.deepEqual(paged, all);
        assert.throws(() => store.list('k', { limit: -1 }), RangeError);
        assert.throws(() => store.list('k', { limit: 1.5 }), RangeError);
      });

      test('counts by prefix', ({ store }) => {
        for (const id of ['a/1', 'a/2', 'ab', 'b/1']) put(store, 'k', id, {});
        assert.equal(store.count('k'), 4);
        assert.equal(store.count('k', { prefix: 'a/' }), 2);
        assert.equal(store.count('k', { prefix: 'a' }), 3);
        assert.equal(store.count('k', { prefix: 'z' }), 0);
        assert.equal(store.count('nothing'), 0);
      });

      test('prefixes ending in the highest characters and the empty prefix', ({ store }) => {
        // Code point order (SQLite's byte order): U+FFFF < U+10000, and U+D7FF is followed by U+E000.
        const sorted = ['a', 'a\uffff', 'a\uffffz', 'a\u{10000}', 'a\u{10ffff}', 'a\u{10ffff}x', 'a\u{10ffff}\u{10ffff}', 'b',
          '\ud7ff', '\ud7ffx', '\ue000', '\u{10ffff}', '\u{10ffff}z'];
        for (const id of [...sorted].reverse()) put(store, 'k', id, {});
        const cases: [string, string[]][] = [
          ['', sorted],
          ['a\uffff', ['a\uffff', 'a\uffffz']],
          ['a\u{10ffff}', ['a\u{10ffff}', 'a\u{10ffff}x', 'a\u{10ffff}\u{10ffff}']],
          ['\u{10ffff}', ['\u{10ffff}', '\u{10ffff}z']],
          ['\ud7ff', ['\ud7ff', '\ud7ffx']],
        ];
        for (const [prefix, expected] of cases) {
          assert.deepEqual(ids(store.list('k', { prefix })), expected, `prefix ${JSON.stringify(prefix)}`);
          assert.equal(store.count('k', { prefix }), expected.length, `count ${JSON.stringify(prefix)}`);
        }
      });

      test('ids may contain separators, NUL and any unicode', ({ store }) => {
        const sorted = ['c/a', 'c/a\u0000b', 'c/a/', 'c/a:b/t', 'c/\u00e4', 'c/\uff5e', 'c/\u{1f600}'];
        for (const id of [...sorted].reverse()) put(store, 'k', id, { id });
        for (const id of sorted) assert.deepEqual(store.get('k', id)?.doc, { id });
        assert.deepEqual(ids(store.list('k')), sorted);
        assert.deepEqual(ids(store.list('k', { prefix: 'c/a' })), sorted.slice(0, 4));
        assert.deepEqual(ids(store.list('k', { prefix: 'c/a/' })), ['c/a/']);
        assert.deepEqual(ids(store.list('k', { after: 'c/a' })), sorted.slice(1));
        assert.deepEqual(ids(store.list('k', { after: 'c/\uff5e' })), ['c/\u{1f600}']);
      });
    });

    describe('sequences', () => {
      test('nextSequence counts from 1, separately per name', ({ store }) => {
        assert.deepEqual(store.transact((tx) => [tx.nextSequence('a'), tx.nextSequence('a')]), [1, 2]);
        assert.equal(store.transact((tx) => tx.nextSequence('a')), 3);
        assert.equal(store.transact((tx) => tx.nextSequence('b')), 1);
      });
    });

    describe('transactions', () => {
      test('a throwing callback keeps nothing and emits nothing', ({ store }) => {
        put(store, 'k', 'x', { v: 1 });
        const events = collect(store);
        const boom = new Error('boom');
        const fn = (tx: Tx) => {
          tx.put('k', 'y', {});
          tx.put('k', 'x', { v: 2 });
          tx.delete('k', 'x');
          tx.nextSequence('s');
          throw boom;
        };
        assert.throws(() => store.transact(fn), (err) => err === boom);
        assert.deepEqual(ids(store.list('k')), ['x']);
        assert.deepEqual(store.get('k', 'x'), { kind: 'k', id: 'x', version: 1, doc: { v: 1 } });
        assert.deepEqual(events, []);
        assert.equal(store.transact((tx) => tx.nextSequence('s')), 1);
      });

      test('returns the callback result; an async callback is refused and keeps nothing', ({ store }) => {
        assert.equal(store.transact(() => 42), 42);
        assert.throws(() => store.transact(async (tx) => tx.put('k', 'a', {})), TypeError);
        assert.equal(store.get('k', 'a'), undefined);
      });

      test('a transaction cannot be used after it ends', ({ store }) => {
        const leaked = store.transact((tx) => tx);
        assert.throws(() => leaked.put('k', 'a', {}));
        assert.throws(() => leaked.get('k', 'a'));
        assert.equal(store.get('k', 'a'), undefined);
      });

      test('nested transact joins the outer transaction and publishes at its commit', ({ store }) => {
        const events = collect(store);
        store.transact((outer) => {
          outer.put('k', 'a', {});
          const seen = store.transact((inner) => (inner.put('k', 'b', {}), inner.get('k', 'a')));
          assert.ok(seen, 'the inner transaction sees the outer writes');
          assert.ok(outer.get('k', 'b'), 'the outer transaction sees the inner writes');
          assert.deepEqual(events, [], 'nothing is published before the outermost commit');
        });
        assert.deepEqual(events.map((e) => e.id), ['a', 'b']);
      });

      test('a failed nested transact undoes only its own writes', ({ store }) => {
        const events = collect(store);
        store.transact((outer) => {
          outer.put('k', 'a', {});
          const fn = (inner: Tx) => {
            inner.put('k', 'b', {});
            inner.nextSequence('s');
            throw new Error('inner');
          };
          assert.throws(() => store.transact(fn), /inner/);
          outer.put('k', 'c', {});
        });
        assert.deepEqual(ids(store.list('k')), ['a', 'c']);
        assert.deepEqual(events.map((e) => e.id), ['a', 'c']);
        assert.equal(store.transact((tx) => tx.nextSequence('s')), 1);
      });

      test('an outer failure undoes the nested writes too', ({ store }) => {
        const events = collect(store);
        const fn = () => {
          store.transact((inner) => inner.put('k', 'b', {}));
          throw new Error('outer');
        };
        assert.throws(() => store.transact(fn), /outer/);
        assert.equal(store.get('k', 'b'), undefined);
        assert.deepEqual(events, []);
      });
    });

    describe('watch', () => {
      test('delivers committed changes in commit order, with the previous doc, before transact returns', ({ store }) => {
        const events = collect(store);
        put(store, 'k', 'a', { v: 1 });
        assert.equal(events.length, 1);
        store.transact((tx) => (tx.put('k', 'a', { v: 2 }), tx.put('j', 'b', { v: 1 })));
        store.transact((tx) => tx.delete('k', 'a'));
        assert.deepEqual(events, [
          { kind: 'k', id: 'a', record: { kind: 'k', id: 'a', version: 1, doc: { v: 1 } } },
          { kind: 'k', id: 'a', record: { kind: 'k', id: 'a', version: 2, doc: { v: 2 } }, previous: { v: 1 } },
          { kind: 'j', id: 'b', record: { kind: 'j', id: 'b', version: 1, doc: { v: 1 } } },
          { kind: 'k', id: 'a', previous: { v: 2 } },
        ]);
      });

      test('delivers one change per record per commit', ({ store }) => {
        put(store, 'k', 'a', { v: 1 });
        const events = collect(store);
        store.transact((tx) => {
          tx.put('k', 'a', { v: 2 });
          tx.put('k', 'n', {});
          tx.put('k', 'a', { v: 3 });
          tx.delete('k', 'n');
        });
        assert.deepEqual(events, [
          { kind: 'k', id: 'a', record: { kind: 'k', id: 'a', version: 3, doc: { v: 3 } }, previous: { v: 1 } },
        ]);
      });

      test('unsubscribe stops delivery to that subscription only', ({ store }) => {
        const calls: string[] = [];
        const listener = (change: Change) => calls.push(change.id);
        const first = store.watch(listener);
        store.watch(listener);
        put(store, 'k', 'a', {});
        first();
        first();
        put(store, 'k', 'b', {});
        assert.deepEqual(calls, ['a', 'a', 'b']);
      });

      test('a throwing watcher is logged and does not affect the store or other watchers', ({ store, t }) => {
        const stderr = t.mock.method(process.stderr, 'write', () => true);
        store.watch(() => {
          throw new Error('watcher exploded');
        });
        const events = collect(store);
        put(store, 'k', 'a', {});
        put(store, 'k', 'b', {});
        stderr.mock.restore();
        assert.deepEqual(events.map((e) => e.id), ['a', 'b']);
        assert.equal(store.count('k'), 2);
        assert.match(stderr.mock.calls.map((c) => String(c.arguments[0])).join(''), /watcher exploded/);
      });

      test('commits made by a watcher are delivered after the changes already committed', ({ store }) => {
        store.watch((change) => {
          if (change.id === 'a') put(store, 'k', 'c', {});
        });
        const events = collect(store);
        store.transact((tx) => (tx.put('k', 'a', {}), tx.put('k', 'b', {})));
        assert.deepEqual(events.map((e) => e.id), ['a', 'b', 'c']);
      });
    });

    describe('isolation', () => {
      test('documents handed in or out are copies', ({ store }) => {
        const input = { tags: ['x'] };
        const written = put(store, 'k', 'a', input);
        input.tags.push('input');
        (written.doc as typeof input).tags.push('written');
        (store.get('k', 'a')!.doc as typeof input).tags.push('got');
        (store.list('k')[0].doc as typeof input).tags.push('listed');
        store.watch((change) => (change.record!.doc as typeof input).tags.push('watched'));
        put(store, 'k', 'b', { tags: ['y'] });
        assert.deepEqual(store.get('k', 'a')?.doc, { tags: ['x'] });
        assert.deepEqual(store.get('k', 'b')?.doc, { tags: ['y'] });
      });
    });

    indexConformance(test);

    describe('lifecycle', () => {
      test('a closed store refuses use', ({ store }) => {
        store.close();
        assert.throws(() => store.get('k', 'a'));
        assert.throws(() => store.transact(() => 1));
      });

      test('committed data and sequences survive close and reopen', ({ store, reopen, t }) => {
        if (!reopen) return t.skip('store is not durable');
        put(store, 'k', 'a', { v: 1 });
        put(store, 'k', 'b', { v: 1 });
        put(store, 'k', 'b', { v: 2 });
        put(store, 'k', 'c', {});
        store.transact((tx) => (tx.delete('k', 'c'), tx.nextSequence('s'), tx.nextSequence('s')));
        const reopened = reopen();
        assert.deepEqual(reopened.list('k'), [
          { kind: 'k', id: 'a', version: 1, doc: { v: 1 } },
          { kind: 'k', id: 'b', version: 2, doc: { v: 2 } },
        ]);
        assert.equal(reopened.transact((tx) => tx.nextSequence('s')), 3);
        assert.equal(put(reopened, 'k', 'b', { v: 3 }).version, 3);
      });
    });
  });
}
