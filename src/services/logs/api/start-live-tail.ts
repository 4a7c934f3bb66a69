/**
 * StartLiveTail: the request is checked as AWS checks it, then answered with an event stream
 * (src/protocol/event-stream-output.ts): `sessionStart`, then a `sessionUpdate` every second
 * with what the log groups received meanwhile (../domain/live-tail.ts), until the client
 * leaves or three hours pass (SessionTimeoutException). New events reach the session from
 * the store's live feed (../domain/events/live-feed.ts) as PutLogEvents or the awslogs
 * shipper commits them.
 */
import { randomUUID } from 'node:crypto';
import { Clock } from '../../../platform/clock.js';
import { Logger } from '../../../platform/log.js';
import { clientError } from '../../../protocol/errors.js';
import { EventSink, EventStreamOutput } from '../../../protocol/event-stream-output.js';
import { StartLiveTailRequest, StartLiveTailResponseStream } from '../../../protocol/generated/logs.js';
import { RequestContext } from '../../../protocol/service.js';
import { LiveFeed } from '../domain/events/live-feed.js';
import { invalidParameter, logsErrors } from '../domain/errors.js';
import { requireGroup } from '../domain/groups.js';
import { LiveTailSelection, LiveTailSession } from '../domain/live-tail.js';
import { groupNameOfArn } from '../domain/names.js';
import { LogsDeps, scope } from './context.js';
import { matcherOf } from './filter-log-events.js';

/** AWS's default quota of concurrent Live Tail sessions per account and Region. */
export const MAX_SESSIONS = 15;
const UPDATE_MS = 1000;

export interface LiveTailDeps {
  feed: LiveFeed;
  clock: Clock;
  /** Runs `fn` every `ms` until the returned function is called (tests drive it by hand). */
  every: (ms: number, fn: () => void) => () => void;
  log: Logger;
}

export const timerEvery = (ms: number, fn: () => void): (() => void) => {
  const timer = setInterval(fn, ms);
  return () => clearInterval(timer);
};

type Sink = EventSink<StartLiveTailResponseStream>;

/** The group key → identifier map of the request's log groups, which must be ARNs of existing groups. */
function selectedGroups(deps: LogsDeps, ctx: RequestContext, identifiers: string[]): Map<string, string> {
  const groups = new Map<string, string>();
  for (const id of identifiers) {
    if (!id.startsWith('arn:') || id.endsWith('*')) throw invalidParameter(`LogGroupIdentifier ${id} is not a valid log group ARN. Specify each log group by its ARN, without a trailing *.`);
    const name = groupNameOfArn(id, scope(ctx));
    if (name === undefined) throw logsErrors.groupNotFound();
    const group = requireGroup(deps.store, scope(ctx), name);
    if (!groups.has(group.events)) groups.set(group.events, id);
  }
  return groups;
}

function selectionOf(deps: LogsDeps, ctx: RequestContext, input: StartLiveTailRequest): LiveTailSelection {
  const { logStreamNames, logStreamNamePrefixes } = input;
  if (logStreamNames !== undefined && logStreamNamePrefixes !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefixes are mutually exclusive. Specify only one of them.');
  }
  if ((logStreamNames ?? logStreamNamePrefixes) !== undefined && input.logGroupIdentifiers.length !== 1) {
    throw invalidParameter('logStreamNames and logStreamNamePrefixes can be specified only when logGroupIdentifiers names exactly one log group.');
  }
  return {
    groups: selectedGroups(deps, ctx, input.logGroupIdentifiers),
    ...(logStreamNames ? { streams: new Set(logStreamNames) } : {}),
    ...(logStreamNamePrefixes ? { prefixes: logStreamNamePrefixes } : {}),
    match: matcherOf(input.logEventFilterPattern),
  };
}

const sessionStart = (ctx: RequestContext, input: StartLiveTailRequest) => ({
  requestId: ctx.requestId,
  sessionId: randomUUID(),
  logGroupIdentifiers: input.logGroupIdentifiers,
  logStreamNames: input.logStreamNames,
  logStreamNamePrefixes: input.logStreamNamePrefixes,
  logEventFilterPattern: input.logEventFilterPattern,
});

/** One second: the update (and any held back by a slow client) while the client takes them; the timeout. */
function tick(live: LiveTailDeps, session: LiveTailSession, sink: Sink): void {
  session.cut();
  for (let update = sink.backlogged ? undefined : session.next(); update; update = sink.backlogged ? undefined : session.next()) {
    sink.send('sessionUpdate', update);
  }
  if (session.expired(live.clock.now().getTime())) {
    sink.send('SessionTimeoutException', { message: 'The Live Tail session has reached its maximum duration of 3 hours and has ended.' });
  }
}

/** Runs a session on its sink; everything it holds is released when the stream closes. */
function run(live: LiveTailDeps, session: LiveTailSession, sink: Sink, start: ReturnType<typeof sessionStart>, release: () => void): void {
  const unsubscribe = live.feed.subscribe(session.selection.groups.keys(), (batch) => session.offer(batch));
  const stop = live.every(UPDATE_MS, () => {
    try {
      tick(live, session, sink);
    } catch (err) {
      live.log.error('live tail session failed', { requestId: start.requestId, sessionId: start.sessionId, err });
      sink.send('SessionStreamingException', { message: 'The Live Tail session ended because of an internal error.' });
    }
  });
  sink.onClose(() => {
    stop();
    unsubscribe();
    release();
  });
  sink.send('sessionStart', start);
}

export function liveTailOps(deps: LogsDeps, live: LiveTailDeps) {
  const open = new Map<string, number>();
  const place = (ctx: RequestContext) => `${ctx.accountId}/${ctx.region}`;
  return {
    StartLiveTail(input: StartLiveTailRequest, ctx: RequestContext): EventStreamOutput<StartLiveTailResponseStream> {
      const selection = selectionOf(deps, ctx, input);
      const key = place(ctx);
      const count = open.get(key) ?? 0;
      if (count >= MAX_SESSIONS) throw clientError('LimitExceededException', `You have reached the maximum number of concurrent Live Tail sessions (${MAX_SESSIONS}).`);
      open.set(key, count + 1);
      const release = () => (open.get(key) === 1 ? open.delete(key) : open.set(key, open.get(key)! - 1));
      const session = new LiveTailSession(selection, live.clock.now().getTime());
      return new EventStreamOutput<StartLiveTailResponseStream>('responseStream', (sink) => run(live, session, sink, sessionStart(ctx, input), release));
    },
  };
}
