/**
 * Test support: CloudWatch Logs' API on the memory stores, called as the gateway calls it
 * (one account and Region, a clock the test moves), each answer typed by its contract. The
 * event store is wrapped as the module wraps it, so appends reach `feed` (Live Tail).
 */
import { silentLogger } from '../../../platform/log.js';
import { handlerCaller } from '../../../protocol/handler-harness.js';
import { Operations } from '../../../protocol/generated/logs.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { LiveEventStore, LiveFeed } from '../domain/events/live-feed.js';
import { MemoryEventStore } from '../domain/events/memory-event-store.js';
import { logsHandlers } from './provider.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const SCOPE = { region: REGION, accountId: ACCOUNT };
export const T0 = Date.parse('2026-03-01T12:00:00Z');

export function logsApi() {
  const store = new MemoryStore(silentLogger);
  const feed = new LiveFeed((err) => {
    throw err;
  });
  const events = new LiveEventStore(new MemoryEventStore(), feed);
  const handlers = logsHandlers({ store, events });
  let now = T0;
  const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ requestId: 'req-1', region: REGION, accountId: ACCOUNT, accessKeyId: 'AKIAROOTROOTROOTROOT', now: new Date(now), ...over });
  const { call, failure } = handlerCaller<Operations>('Logs', handlers, ctx, (err) => `${err.code}: ${err.message}`);
  /** A group with one stream holding `messages`, one a millisecond apart from `at`. */
  const seed = async (group: string, stream: string, messages: string[], at = T0 - 60_000) => {
    await call('CreateLogGroup', { logGroupName: group }).catch(() => undefined);
    await call('CreateLogStream', { logGroupName: group, logStreamName: stream });
    if (messages.length) await call('PutLogEvents', { logGroupName: group, logStreamName: stream, logEvents: messages.map((message, i) => ({ timestamp: at + i, message })) });
  };
  return { store, events, feed, ctx, call, failure, seed, advance: (ms: number) => void (now += ms) };
}

export type LogsApi = ReturnType<typeof logsApi>;
