import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../platform/log.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { appendEvents, EVENT_KIND, readEvents } from './event-journal.js';
import { ecsEvent, TASK_STATE_CHANGE } from './events.js';

const SCOPE = { region: 'us-east-1', accountId: '000000000000' };
const OTHER = { region: 'eu-west-1', accountId: '000000000000' };
const event = (n: number, scope = SCOPE) => ecsEvent(TASK_STATE_CHANGE, scope, `arn:${n}`, {}, new Date(Date.UTC(2026, 0, 1, 0, 0, n)));
const resources = (events: { resources: string[] }[]) => events.map((e) => e.resources[0]);

describe('the event journal', () => {
  it('keeps only the newest events of a scope beyond the cap; other scopes are untouched', () => {
    const store = new MemoryStore(silentLogger);
    store.transact((tx) => appendEvents(tx, OTHER, [event(0, OTHER)], 3));
    for (let n = 1; n <= 5; n++) store.transact((tx) => appendEvents(tx, SCOPE, [event(n)], 3));
    store.transact((tx) => appendEvents(tx, SCOPE, [event(6), event(7)], 3));
    assert.deepEqual(resources(readEvents(store, SCOPE, { limit: 100 }).events), ['arn:5', 'arn:6', 'arn:7']);
    assert.deepEqual(resources(readEvents(store, OTHER, { limit: 100 }).events), ['arn:0']);
    assert.equal(store.count(EVENT_KIND), 4);
  });

  it('pages from a cursor, says when a page was cut, and filters by time', () => {
    const store = new MemoryStore(silentLogger);
    store.transact((tx) => appendEvents(tx, SCOPE, [1, 2, 3, 4, 5].map((n) => event(n))));
    const first = readEvents(store, SCOPE, { limit: 2 });
    const second = readEvents(store, SCOPE, { cursor: first.cursor, limit: 10 });
    assert.deepEqual([resources(first.events), first.more, resources(second.events), second.more], [['arn:1', 'arn:2'], true, ['arn:3', 'arn:4', 'arn:5'], false]);
    const empty = readEvents(store, SCOPE, { cursor: second.cursor, limit: 10 });
    assert.deepEqual([empty.events, empty.cursor], [[], second.cursor]);
    assert.deepEqual(resources(readEvents(store, SCOPE, { since: new Date('2026-01-01T00:00:04Z'), limit: 10 }).events), ['arn:4', 'arn:5']);
  });
});
