import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../platform/clock.js';
import { Logger, silentLogger } from '../../../platform/log.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { LogEventStore } from './events/event-store.js';
import { MemoryEventStore } from './events/memory-event-store.js';
import { createGroup, saveGroup } from './groups.js';
import { RetentionSweeper } from './retention.js';

const SCOPE = { region: 'eu-west-1', accountId: '123456789012' };
const DAY = 86_400_000;

describe('log retention', () => {
  it('deletes events older than their group\'s retention as of the clock, and the events of groups that are gone', () => {
    const store = new MemoryStore(silentLogger);
    const events = new MemoryEventStore();
    const clock = new ManualClock('2026-03-10T00:00:00Z');
    const now = clock.now().getTime();
    const kept = store.transact((tx) => createGroup(tx, SCOPE, { logGroupName: 'kept-forever' }, 0));
    const weekly = store.transact((tx) => {
      const g = createGroup(tx, SCOPE, { logGroupName: 'weekly' }, 0);
      saveGroup(tx, SCOPE, { ...g, retentionInDays: 7 });
      return g;
    });
    for (const g of [kept.events, weekly.events, 'orphan']) {
      events.createStream(g, 's', 0);
      events.append({ group: g, stream: 's', events: [{ timestamp: now - 8 * DAY, message: 'old' }, { timestamp: now - 6 * DAY, message: 'recent' }], ingestionTime: now });
    }
    const sweeper = new RetentionSweeper(store, events, clock, silentLogger);
    assert.deepEqual(sweeper.sweep(), { expired: 1, orphanGroups: 1 });
    const texts = (g: string) => events.readStream(g, 's', { direction: 'forward', limit: 10 }).map((e) => e.message);
    assert.deepEqual(texts(weekly.events), ['recent']);
    assert.deepEqual(texts(kept.events), ['old', 'recent']);
    assert.deepEqual(events.groups().sort(), [kept.events, weekly.events].sort());
    clock.advance(2 * DAY);
    assert.deepEqual(sweeper.sweep(), { expired: 1, orphanGroups: 0 }, 'the clock moves the cut');
  });

  it('logs a failed sweep and carries on', () => {
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (msg) => void warnings.push(msg) };
    const failing = { groups: () => { throw new Error('disk full'); } } as unknown as LogEventStore;
    new RetentionSweeper(new MemoryStore(silentLogger), failing, new ManualClock(), log).run();
    assert.deepEqual(warnings, ['log retention sweep failed']);
  });
});
