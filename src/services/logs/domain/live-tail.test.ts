import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilterPattern } from './filter/filter-pattern.js';
import { LiveTailSelection, LiveTailSession, PENDING_UPDATES, SESSION_MS, UPDATE_BYTES, UPDATE_EVENTS } from './live-tail.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const ARN = 'arn:aws:logs:eu-west-1:123456789012:log-group:web';
const select = (over: Partial<LiveTailSelection> = {}): LiveTailSelection => ({ groups: new Map([['key-web', ARN]]), match: compileFilterPattern(''), ...over });
const batch = (stream: string, messages: string[], group = 'key-web') => ({ group, stream, ingestionTime: T0 + 5, events: messages.map((message, i) => ({ timestamp: T0 + i, message })) });
const messagesOf = (s: LiveTailSession) => s.next()!.sessionResults.map((e) => e.message);

describe('a Live Tail session', () => {
  const selections: [string, Partial<LiveTailSelection>, [group: string, stream: string][], string[]][] = [
    ['every stream of its groups', {}, [['key-web', 'a'], ['key-web', 'b'], ['key-other', 'a']], ['a', 'b']],
    ['named streams only', { streams: new Set(['b']) }, [['key-web', 'a'], ['key-web', 'b']], ['b']],
    ['streams by prefix', { prefixes: ['ecs/', 'x'] }, [['key-web', 'ecs/1'], ['key-web', 'app'], ['key-web', 'xy']], ['ecs/1', 'xy']],
  ];
  for (const [what, over, appends, expected] of selections) {
    it(`selects ${what}`, () => {
      const s = new LiveTailSession(select(over), T0);
      for (const [group, stream] of appends) s.offer(batch(stream, [stream], group));
      s.cut();
      assert.deepEqual(messagesOf(s), expected);
    });
  }

  it('keeps what the filter pattern matches, as LiveTailSessionLogEvents naming the group as the caller did', () => {
    const s = new LiveTailSession(select({ match: compileFilterPattern('ERROR') }), T0);
    s.offer(batch('s', ['INFO ok', 'ERROR boom']));
    s.cut();
    assert.deepEqual(s.next(), { sessionMetadata: { sampled: false }, sessionResults: [{ logStreamName: 's', logGroupIdentifier: ARN, message: 'ERROR boom', timestamp: T0 + 1, ingestionTime: T0 + 5 }] });
  });

  it('sends an empty update for a quiet second, and each second only what arrived in it', () => {
    const s = new LiveTailSession(select(), T0);
    s.cut();
    s.offer(batch('s', ['one']));
    s.cut();
    assert.deepEqual([s.next()!.sessionResults, messagesOf(s), s.next()], [[], ['one'], undefined]);
  });

  it('samples more than 500 matches a second down to 500, in arrival order, and says so', () => {
    const s = new LiveTailSession(select(), T0, () => 0.1);
    s.offer(batch('s', Array.from({ length: 2000 }, (_, i) => `m${i}`)));
    s.cut();
    const update = s.next()!;
    assert.equal(update.sessionMetadata.sampled, true);
    assert.equal(update.sessionResults.length, UPDATE_EVENTS);
    const order = update.sessionResults.map((e) => Number(e.message.slice(1)));
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    assert.ok(order.some((n) => n >= UPDATE_EVENTS), 'later events replace earlier ones');
  });

  it('bounds an update by bytes as well', () => {
    const s = new LiveTailSession(select(), T0, () => 0.99);
    const big = 'x'.repeat(UPDATE_BYTES / 4);
    s.offer(batch('s', [big, big, big, big, big, big]));
    s.cut();
    const update = s.next()!;
    assert.deepEqual([update.sessionResults.length, update.sessionMetadata.sampled], [4, true]);
  });

  it('holds at most 10 updates for a slow client, dropping the oldest and marking the next sampled', () => {
    const s = new LiveTailSession(select(), T0);
    for (let i = 0; i < PENDING_UPDATES + 3; i++) {
      s.offer(batch('s', [`second ${i}`]));
      s.cut();
    }
    const sent = [];
    for (let u = s.next(); u; u = s.next()) sent.push([u.sessionResults[0].message, u.sessionMetadata.sampled]);
    assert.equal(sent.length, PENDING_UPDATES);
    assert.deepEqual(sent.slice(0, 2), [['second 3', true], ['second 4', false]]);
  });

  it('expires three hours after it started', () => {
    const s = new LiveTailSession(select(), T0);
    assert.deepEqual([s.expired(T0 + SESSION_MS - 1), s.expired(T0 + SESSION_MS)], [false, true]);
  });
});
