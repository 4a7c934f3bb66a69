import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppendBatch, MissingStreamError } from './event-store.js';
import { LiveEventStore, LiveFeed } from './live-feed.js';
import { MemoryEventStore } from './memory-event-store.js';

const batch = (group: string, stream = 's'): AppendBatch => ({ group, stream, events: [{ timestamp: 1, message: `to ${group}` }], ingestionTime: 2 });

describe('the live feed on the event store', () => {
  it('publishes committed appends to the listeners of their group only, until they unsubscribe', () => {
    const store = new MemoryEventStore();
    const feed = new LiveFeed((err) => assert.fail(String(err)));
    const events = new LiveEventStore(store, feed);
    const heard: string[] = [];
    const stop = feed.subscribe(['g1', 'g1', 'g2'], (b) => heard.push(b.events[0].message));
    for (const g of ['g1', 'g2', 'g3']) store.createStream(g, 's', 0);
    for (const g of ['g1', 'g2', 'g3']) events.append(batch(g));
    stop();
    events.append(batch('g1'));
    assert.deepEqual([heard, feed.groupsHeard, store.readStream('g1', 's', { direction: 'forward', limit: 10 }).length], [['to g1', 'to g2'], 0, 2]);
  });

  it('publishes nothing for a failed append, and a throwing listener neither fails the write nor silences the others', () => {
    const errors: unknown[] = [];
    const feed = new LiveFeed((err) => errors.push(err));
    const events = new LiveEventStore(new MemoryEventStore(), feed);
    const heard: string[] = [];
    feed.subscribe(['g'], () => {
      throw new Error('listener bug');
    });
    feed.subscribe(['g'], (b) => heard.push(b.stream));
    assert.throws(() => events.append(batch('g')), MissingStreamError);
    assert.deepEqual(heard, []);
    events.createStream('g', 's', 0);
    events.append(batch('g'));
    assert.deepEqual([heard, errors.map(String)], [['s'], ['Error: listener bug']]);
  });
});
