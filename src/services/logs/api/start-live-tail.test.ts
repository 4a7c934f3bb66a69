/**
 * StartLiveTail's handler on the memory stores: AWS's refusals, then sessions driven by hand
 * (a fake sink, a timer the test fires, a clock it moves): what is sent, when, and that a
 * closed session lets go of everything.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { EventSink } from '../../../protocol/event-stream-output.js';
import { StartLiveTailResponseStream } from '../../../protocol/generated/logs.js';
import { SESSION_MS } from '../domain/live-tail.js';
import { logsApi, T0 } from './api-harness.js';
import { liveTailOps, MAX_SESSIONS } from './start-live-tail.js';

const ARN = (name: string, account = '123456789012') => `arn:aws:logs:eu-west-1:${account}:log-group:${name}`;

class FakeSink implements EventSink<StartLiveTailResponseStream> {
  sent: StartLiveTailResponseStream[] = [];
  backlogged = false;
  open = true;
  private listeners: (() => void)[] = [];
  send<K extends keyof StartLiveTailResponseStream & string>(member: K, value: NonNullable<StartLiveTailResponseStream[K]>): boolean {
    if (!this.open) return false;
    this.sent.push({ [member]: value });
    if (member.endsWith('Exception')) this.end();
    return true;
  }
  end(): void {
    if (!this.open) return;
    this.open = false;
    this.listeners.splice(0).forEach((l) => l());
  }
  onClose(listener: () => void): void {
    this.listeners.push(listener);
  }
  /** The members sent since the last look. */
  take(): string[] {
    return this.sent.splice(0).map((m) => Object.keys(m)[0]);
  }
}

async function liveTail() {
  const api = logsApi();
  const timers = new Set<() => void>();
  const clock = new ManualClock(new Date(T0));
  const every = (_ms: number, fn: () => void) => (timers.add(fn), () => void timers.delete(fn));
  const ops = liveTailOps({ store: api.store, events: api.events }, { feed: api.feed, clock, every, log: silentLogger });
  await api.seed('web', 'ecs/web/1', []);
  await api.seed('web', 'ecs/web/2', []);
  await api.seed('db', 'db/1', []);
  const start = (input: object) => {
    const sink = new FakeSink();
    ops.StartLiveTail(input as never, api.ctx()).attach(sink);
    return sink;
  };
  const refusal = (input: object) => {
    try {
      ops.StartLiveTail(input as never, api.ctx());
    } catch (e) {
      return `${(e as { code: string }).code}: ${(e as Error).message}`;
    }
    throw new Error('StartLiveTail succeeded');
  };
  const put = (stream: string, ...messages: string[]) =>
    api.call('PutLogEvents', { logGroupName: stream.startsWith('db') ? 'db' : 'web', logStreamName: stream, logEvents: messages.map((message) => ({ timestamp: T0, message })) });
  const second = () => [...timers].forEach((fn) => fn());
  return { ...api, clock, timers, start, refusal, put, second };
}

describe('StartLiveTail', () => {
  const refusals: [string, object, RegExp][] = [
    ['a log group name, not an ARN', { logGroupIdentifiers: ['web'] }, /^InvalidParameterException: LogGroupIdentifier web is not a valid log group ARN/],
    ['an ARN ending in *', { logGroupIdentifiers: [`${ARN('web')}:*`] }, /^InvalidParameterException: .* without a trailing \*/],
    ['a group that does not exist', { logGroupIdentifiers: [ARN('nope')] }, /^ResourceNotFoundException: The specified log group does not exist\.$/],
    ["another account's group", { logGroupIdentifiers: [ARN('web', '999999999999')] }, /^ResourceNotFoundException/],
    ['stream names and prefixes together', { logGroupIdentifiers: [ARN('web')], logStreamNames: ['a'], logStreamNamePrefixes: ['b'] }, /^InvalidParameterException: logStreamNames and logStreamNamePrefixes are mutually exclusive/],
    ['stream names with two groups', { logGroupIdentifiers: [ARN('web'), ARN('db')], logStreamNames: ['a'] }, /^InvalidParameterException: .*exactly one log group\.$/],
    ['stream prefixes with two groups', { logGroupIdentifiers: [ARN('web'), ARN('db')], logStreamNamePrefixes: ['a'] }, /^InvalidParameterException: .*exactly one log group\.$/],
    ['a malformed filter pattern', { logGroupIdentifiers: [ARN('web')], logEventFilterPattern: '{ $.a = 1' }, /^InvalidParameterException: If a filter pattern starts with '\{' it must end with '\}'$/],
  ];
  for (const [what, input, error] of refusals) {
    it(`refuses ${what}`, async () => {
      const { refusal } = await liveTail();
      assert.match(refusal(input), error);
    });
  }

  it('starts with sessionStart echoing the request, then sends an update every second with what matched', async () => {
    const { start, put, second, ctx } = await liveTail();
    const sink = start({ logGroupIdentifiers: [ARN('web'), ARN('db')], logEventFilterPattern: 'ERROR' });
    const [started] = sink.sent.splice(0);
    assert.deepEqual({ ...started.sessionStart, sessionId: undefined }, {
      requestId: ctx().requestId, sessionId: undefined, logGroupIdentifiers: [ARN('web'), ARN('db')], logStreamNames: undefined, logStreamNamePrefixes: undefined, logEventFilterPattern: 'ERROR',
    });
    assert.match(started.sessionStart!.sessionId!, /^[0-9a-f-]{36}$/);
    await put('ecs/web/1', 'ERROR one', 'INFO skipped');
    await put('db/1', 'ERROR two');
    second();
    assert.deepEqual(sink.sent.splice(0).map((u) => u.sessionUpdate!.sessionResults!.map((e) => [e.logGroupIdentifier, e.logStreamName, e.message])), [
      [[ARN('web'), 'ecs/web/1', 'ERROR one'], [ARN('db'), 'db/1', 'ERROR two']],
    ]);
    second();
    assert.deepEqual(sink.sent.map((u) => u.sessionUpdate!.sessionResults), [[]]);
  });

  it('hears the awslogs shipper, which appends to the event store directly', async () => {
    const { start, events, store, second } = await liveTail();
    const sink = start({ logGroupIdentifiers: [ARN('web')], logStreamNamePrefixes: ['ecs/web/2'] });
    const key = store.list<{ events: string }>('logs/group').find((r) => r.id.endsWith('/web'))!.doc.events;
    events.append({ group: key, stream: 'ecs/web/1', events: [{ timestamp: T0, message: 'other stream' }], ingestionTime: T0 });
    events.append({ group: key, stream: 'ecs/web/2', events: [{ timestamp: T0, message: 'from a container' }], ingestionTime: T0 });
    second();
    assert.deepEqual(sink.sent.at(-1)!.sessionUpdate!.sessionResults!.map((e) => e.message), ['from a container']);
  });

  it('holds updates back while the client is backlogged, and sends them in order when it catches up', async () => {
    const { start, put, second } = await liveTail();
    const sink = start({ logGroupIdentifiers: [ARN('web')] });
    sink.take();
    sink.backlogged = true;
    await put('ecs/web/1', 'first');
    second();
    await put('ecs/web/1', 'second');
    second();
    assert.deepEqual(sink.take(), []);
    sink.backlogged = false;
    second();
    assert.deepEqual(sink.sent.map((u) => u.sessionUpdate!.sessionResults!.map((e) => e.message)), [['first'], ['second'], []]);
  });

  it('ends after three hours with SessionTimeoutException and lets go of the feed and the timer', async () => {
    const { start, second, clock, feed, timers } = await liveTail();
    const sink = start({ logGroupIdentifiers: [ARN('web')] });
    clock.advance(SESSION_MS - 1000);
    second();
    assert.deepEqual(sink.take(), ['sessionStart', 'sessionUpdate']);
    clock.advance(1000);
    second();
    assert.deepEqual(sink.sent.slice(-1), [{ SessionTimeoutException: { message: 'The Live Tail session has reached its maximum duration of 3 hours and has ended.' } }]);
    assert.deepEqual([sink.open, feed.groupsHeard, timers.size], [false, 0, 0]);
  });

  it(`allows ${MAX_SESSIONS} sessions at once per account and Region; a closed one frees its place`, async () => {
    const { start, refusal, feed, timers } = await liveTail();
    const sinks = Array.from({ length: MAX_SESSIONS }, () => start({ logGroupIdentifiers: [ARN('web')] }));
    assert.match(refusal({ logGroupIdentifiers: [ARN('web')] }), /^LimitExceededException: /);
    sinks[0].end();
    start({ logGroupIdentifiers: [ARN('db')] });
    sinks.forEach((s) => s.end());
    assert.deepEqual([feed.groupsHeard, timers.size], [1, 1]);
  });
});
