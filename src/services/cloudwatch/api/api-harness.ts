/**
 * Test support: the CloudWatch API, the alarm book and the scheduler on the memory stores
 * with a manual clock, called as the gateway calls them (one account and region, unless a call overrides them), each
 * answer typed by its operation's contract.
 */
import { MemoryMetricsStore } from '../../../metrics/memory-metrics-store.js';
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { handlerCaller } from '../../../protocol/handler-harness.js';
import { Operations } from '../../../protocol/generated/cloudwatch.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { AlarmActions } from '../domain/actions.js';
import { AlarmBook } from '../domain/alarm-book.js';
import { INDEXES } from '../domain/records.js';
import { AlarmScheduler } from '../domain/scheduler.js';
import { cloudwatchHandlers } from './provider.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const SCOPE = { accountId: ACCOUNT, region: REGION };

export function cloudwatchApi(start = '2026-11-30T12:00:00Z', minute = 60) {
  const store = new MemoryStore(silentLogger);
  for (const index of INDEXES) store.defineIndex(index);
  const metrics = new MemoryMetricsStore();
  const clock = new ManualClock(start);
  const book = new AlarmBook({ store, clock, minute, actions: new AlarmActions(silentLogger) });
  const scheduler = new AlarmScheduler({ store, metrics, clock, log: silentLogger, minute, book });
  const handlers = cloudwatchHandlers({ store, metrics, book, minute });
  const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ requestId: 'r', region: REGION, accountId: ACCOUNT, accessKeyId: 'AKIAROOT', now: clock.now(), ...over });
  const { call, failure } = handlerCaller<Operations>('CloudWatch', handlers, ctx);
  /** Moves the clock and runs the scheduler's tick, as its timer would. */
  const advance = (seconds: number) => {
    clock.advance(seconds * 1000);
    scheduler.tick();
  };
  return { store, metrics, clock, book, scheduler, call, failure, advance };
}

export type CloudWatchApi = ReturnType<typeof cloudwatchApi>;
