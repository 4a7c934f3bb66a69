/**
 * The behaviour every LogEventStore must have. Each implementation's test file runs this
 * suite; a test gets a fresh store from `make`.
 */
import { HarnessContext, StoreHarness, withHarness } from '../../../../state/store-harness.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Checkpoint, LogEventStore, MissingStreamError, NewEvent, StreamQuery } from './event-store.js';

export type EventStoreHarness = StoreHarness<LogEventStore>;

type Ctx = HarnessContext<LogEventStore>;

const T0 = Date.parse('2026-03-01T00:00:00Z');
const events = (...pairs: [number, string][]): NewEvent[] => pairs.map(([dt, message]) => ({ timestamp: T0 + dt, message }));
const append = (store: LogEventStore, stream: string, list: NewEvent[], ingestionTime = T0 + 10_000, group = 'g1') =>
  store.append({ group, stream, events: list, ingestionTime });
const texts = (list: { message: string }[]) => list.map((e) => e.message);
const names = (list: { name: string }[]) => list.map((s) => s.name);
const query = (over: Partial<StreamQuery> = {}): StreamQuery => ({ orderBy: 'LogStreamName', descending: false, limit: 50, ...over });

export function eventStoreConformance(name: string, make: () => EventStoreHarness): void {
  const test = (title: string, body: (ctx: Ctx) => void) => it(title, () => withHarness(make, body));

  describe(`LogEventStore conformance: ${name}`, () => {
    test('creates a stream once; a new stream has no events', ({ store }) => {
      assert.equal(store.createStream('g1', 'web/app/1', T0), true);
      assert.equal(store.createStream('g1', 'web/app/1', T0 + 5), false);
      assert.deepEqual(store.stream('g1', 'web/app/1'), { name: 'web/app/1', creationTime: T0, storedBytes: 0, appended: 0 });
      assert.equal(store.stream('g1', 'other'), undefined);
      assert.equal(store.stream('g2', 'web/app/1'), undefined, 'streams belong to their group');
    });

    test('append: the stream learns its event range, ingestion, bytes (UTF-8) and count', ({ store }) => {
      store.createStream('g1', 's', T0);
      append(store, 's', events([100, 'é'], [300, 'bb']), T0 + 1000);
      append(store, 's', events([50, 'ccc']), T0 + 2000);
      assert.deepEqual(store.stream('g1', 's'), {
        name: 's', creationTime: T0, firstEventTimestamp: T0 + 50, lastEventTimestamp: T0 + 300, lastIngestionTime: T0 + 2000, storedBytes: 7, appended: 3,
      });
      assert.equal(store.storedBytes('g1'), 7);
    });

    test('appending to a missing stream keeps nothing, not even the checkpoint', ({ store }) => {
      const checkpoint: Checkpoint = { source: 'c1', owner: 'task', position: 'p', done: false };
      assert.throws(() => store.append({ group: 'g1', stream: 'gone', events: events([1, 'x']), ingestionTime: T0 }, checkpoint), MissingStreamError);
      assert.equal(store.checkpoint('c1'), undefined);
    });

    test('reads a stream forward after a key and backward at or before one, in (timestamp, id) order', ({ store }) => {
      store.createStream('g1', 's', T0);
      append(store, 's', events([10, 'a'], [20, 'b'], [20, 'c'], [30, 'd'], [40, 'e']));
      const all = store.readStream('g1', 's', { direction: 'forward', limit: 100 });
      assert.deepEqual(texts(all), ['a', 'b', 'c', 'd', 'e']);
      assert.ok(all.every((e, i) => i === 0 || e.id > all[i - 1].id), 'ids grow in ingestion order');
      assert.equal(all[0].ingestionTime, T0 + 10_000);
      assert.deepEqual(texts(store.readStream('g1', 's', { direction: 'forward', key: all[1], limit: 2 })), ['c', 'd']);
      assert.deepEqual(texts(store.readStream('g1', 's', { direction: 'backward', limit: 2 })), ['d', 'e'], 'the newest, oldest first');
      assert.deepEqual(texts(store.readStream('g1', 's', { direction: 'backward', key: all[2], limit: 2 })), ['b', 'c'], 'the key itself included');
      assert.deepEqual(texts(store.readStream('g1', 's', { direction: 'forward', from: T0 + 20, to: T0 + 40, limit: 10 })), ['b', 'c', 'd'], 'from inclusive, to exclusive');
      assert.deepEqual(texts(store.readStream('g1', 's', { direction: 'backward', from: T0 + 20, to: T0 + 40, limit: 10 })), ['b', 'c', 'd']);
      assert.deepEqual(store.readStream('g1', 'missing', { direction: 'forward', limit: 10 }), []);
    });

    test('scans a group across streams in (timestamp, id) order, by names or prefix, after a key', ({ store }) => {
      for (const s of ['app/1', 'app/2', 'db/1']) store.createStream('g1', s, T0);
      append(store, 'app/1', events([10, 'a1'], [30, 'a3']));
      append(store, 'app/2', events([10, 'b1'], [20, 'b2']));
      append(store, 'db/1', events([5, 'd0'], [30, 'd3']));
      const all = store.scanGroup('g1', { limit: 100 });
      assert.deepEqual(texts(all), ['d0', 'a1', 'b1', 'b2', 'a3', 'd3']);
      assert.deepEqual(all.map((e) => e.stream), ['db/1', 'app/1', 'app/2', 'app/2', 'app/1', 'db/1']);
      assert.deepEqual(texts(store.scanGroup('g1', { from: T0 + 10, to: T0 + 20, limit: 100 })), ['a1', 'b1', 'b2'], 'both ends inclusive');
      assert.deepEqual(texts(store.scanGroup('g1', { after: all[2], limit: 2 })), ['b2', 'a3']);
      assert.deepEqual(texts(store.scanGroup('g1', { streams: ['db/1', 'app/2', 'none'], limit: 100 })), ['d0', 'b1', 'b2', 'd3']);
      assert.deepEqual(texts(store.scanGroup('g1', { streamPrefix: 'app/', limit: 100 })), ['a1', 'b1', 'b2', 'a3']);
      assert.deepEqual(store.scanGroup('g2', { limit: 100 }), []);
    });

    test('lists streams by name (prefix, descending) and by last event time, page after page', ({ store }) => {
      store.createStream('g1', 'b', T0);
      store.createStream('g1', 'a/2', T0);
      store.createStream('g1', 'a/1', T0);
      store.createStream('g1', 'quiet', T0);
      append(store, 'b', events([10, 'x']));
      append(store, 'a/2', events([30, 'x']));
      append(store, 'a/1', events([20, 'x']));
      assert.deepEqual(names(store.listStreams('g1', query())), ['a/1', 'a/2', 'b', 'quiet']);
      assert.deepEqual(names(store.listStreams('g1', query({ prefix: 'a/' }))), ['a/1', 'a/2']);
      assert.deepEqual(names(store.listStreams('g1', query({ descending: true, after: { name: 'b' } }))), ['a/2', 'a/1']);
      assert.deepEqual(names(store.listStreams('g1', query({ after: { name: 'a/2' }, limit: 1 }))), ['b']);
      const byTime = query({ orderBy: 'LastEventTime' });
      assert.deepEqual(names(store.listStreams('g1', byTime)), ['quiet', 'b', 'a/1', 'a/2'], 'a stream without events first');
      assert.deepEqual(names(store.listStreams('g1', { ...byTime, after: { name: 'b', lastEventTimestamp: T0 + 10 } })), ['a/1', 'a/2']);
      assert.deepEqual(names(store.listStreams('g1', { ...byTime, descending: true, limit: 2 })), ['a/2', 'a/1']);
      assert.deepEqual(names(store.listStreams('g1', { ...byTime, descending: true, after: { name: 'a/1', lastEventTimestamp: T0 + 20 } })), ['b', 'quiet']);
    });

    test('deleting a stream deletes its events; deleting a group deletes everything of it', ({ store }) => {
      store.createStream('g1', 's', T0);
      store.createStream('g1', 't', T0);
      store.createStream('g2', 's', T0);
      append(store, 's', events([1, 'x']));
      append(store, 't', events([2, 'y']));
      assert.deepEqual(store.groups(), ['g1', 'g2']);
      assert.equal(store.deleteStream('g1', 's'), true);
      assert.equal(store.deleteStream('g1', 's'), false);
      assert.deepEqual(texts(store.scanGroup('g1', { limit: 10 })), ['y']);
      assert.equal(store.storedBytes('g1'), 1);
      store.deleteGroup('g1');
      assert.equal(store.stream('g1', 't'), undefined);
      assert.deepEqual(store.scanGroup('g1', { limit: 10 }), []);
      assert.equal(store.storedBytes('g1'), 0);
      assert.deepEqual(store.groups(), ['g2']);
      assert.equal(store.createStream('g1', 't', T0), true, 'the key can be used again');
    });

    test('expiry deletes events older than the cut, fixing bytes and first timestamps', ({ store }) => {
      store.createStream('g1', 'old', T0);
      store.createStream('g1', 'mixed', T0);
      append(store, 'old', events([10, 'aa']));
      append(store, 'mixed', events([10, 'bb'], [50, 'ccc']));
      assert.equal(store.expire('g1', T0 + 20), 2);
      assert.equal(store.expire('g1', T0 + 20), 0);
      assert.deepEqual(texts(store.scanGroup('g1', { limit: 10 })), ['ccc']);
      assert.equal(store.storedBytes('g1'), 3);
      const mixed = store.stream('g1', 'mixed')!;
      assert.deepEqual([mixed.firstEventTimestamp, mixed.lastEventTimestamp, mixed.appended], [T0 + 50, T0 + 50, 2]);
      const old = store.stream('g1', 'old')!;
      assert.deepEqual([old.firstEventTimestamp, old.lastEventTimestamp, old.storedBytes], [T0 + 10, T0 + 10, 0], 'an emptied stream keeps its range');
    });

    test('checkpoints: saved, replaced, listed, dropped; committed with the events they follow', ({ store }) => {
      store.createStream('g1', 's', T0);
      store.saveCheckpoint({ source: 'c2', owner: 'task-b', position: 'p0', done: false });
      store.append({ group: 'g1', stream: 's', events: events([1, 'x']), ingestionTime: T0 }, { source: 'c1', owner: 'task-a', position: 'p1', done: false });
      store.append({ group: 'g1', stream: 's', events: [], ingestionTime: T0 }, { source: 'c1', owner: 'task-a', position: 'p2', done: true });
      assert.deepEqual(store.checkpoint('c1'), { source: 'c1', owner: 'task-a', position: 'p2', done: true });
      assert.equal(store.stream('g1', 's')!.appended, 1, 'an empty append moves only the checkpoint');
      assert.deepEqual(store.checkpoints().map((c) => c.source), ['c1', 'c2']);
      store.dropCheckpoint('c2');
      assert.deepEqual(store.checkpoints().map((c) => c.source), ['c1']);
    });

    test('durable stores keep everything across a reopen and never reuse an event id', ({ store, reopen }) => {
      if (!reopen) return;
      store.createStream('g1', 's', T0);
      append(store, 's', events([1, 'a'], [2, 'b']));
      store.saveCheckpoint({ source: 'c', owner: 'o', position: 'p', done: false });
      const newest = store.readStream('g1', 's', { direction: 'backward', limit: 1 })[0];
      store.deleteStream('g1', 's');
      const again = reopen();
      again.createStream('g1', 's', T0);
      append(again, 's', events([3, 'c']));
      assert.ok(again.readStream('g1', 's', { direction: 'forward', limit: 1 })[0].id > newest.id);
      assert.deepEqual(again.checkpoint('c'), { source: 'c', owner: 'o', position: 'p', done: false });
    });
  });
}
