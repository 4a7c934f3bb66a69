/**
 * GetLogEvents: one stream's events in a time range, a page at a time in either direction
 * (../domain/tokens.ts). Without a token, the newest events (or, with startFromHead, the
 * oldest); with one, the token's direction wins. A page holds at most `limit` events
 * (10,000 by default) and 1 MB (messages plus 26 bytes each), the events nearest the place
 * it starts from; an empty page answers the token it was given.
 */
import { GetLogEventsRequest, Operations } from '../../../protocol/generated/logs.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { EventKey, StoredEvent, utf8Bytes } from '../domain/events/event-store.js';
import { logsErrors } from '../domain/errors.js';
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES } from '../domain/limits.js';
import { Direction, parseStreamToken, placeBefore, streamToken } from '../domain/tokens.js';
import { LogsDeps, namedGroup } from './context.js';

const MAX_EVENTS = 10_000;

/** The events nearest the start of `ordered` that fit in a response (always at least one). */
function fitting(ordered: StoredEvent[]): StoredEvent[] {
  let bytes = 0;
  let n = 0;
  while (n < ordered.length) {
    bytes += utf8Bytes(ordered[n].message) + EVENT_OVERHEAD_BYTES;
    if (bytes > MAX_BATCH_BYTES && n > 0) break;
    n++;
  }
  return ordered.slice(0, n);
}

function read(deps: LogsDeps, ctx: RequestContext, input: GetLogEventsRequest) {
  const group = namedGroup(deps, ctx, input);
  if (!deps.events.stream(group.events, input.logStreamName)) throw logsErrors.streamNotFound();
  const token = input.nextToken === undefined ? undefined : parseStreamToken(input.nextToken);
  if (input.nextToken !== undefined && !token) throw logsErrors.invalidToken();
  const direction: Direction = token?.direction ?? (input.startFromHead ? 'f' : 'b');
  const found = deps.events.readStream(group.events, input.logStreamName, {
    from: input.startTime, to: input.endTime, direction: direction === 'f' ? 'forward' : 'backward', key: token?.place, limit: input.limit ?? MAX_EVENTS,
  });
  const events = direction === 'f' ? fitting(found) : fitting(found.reverse()).reverse();
  const outputs = events.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime }));
  if (events.length > 0) {
    return { events: outputs, nextForwardToken: streamToken('f', events[events.length - 1]), nextBackwardToken: streamToken('b', placeBefore(events[0])) };
  }
  // Nothing there: the token given comes back (AWS's end of the stream); without one, both point at the range's start.
  const place: EventKey = token?.place ?? { timestamp: input.startTime ?? 0, id: 0 };
  return {
    events: [],
    nextForwardToken: token?.direction === 'f' ? input.nextToken! : streamToken('f', place),
    nextBackwardToken: token?.direction === 'b' ? input.nextToken! : streamToken('b', place),
  };
}

export function getLogEventsOps(deps: LogsDeps): TypedHandlers<Operations> {
  return { GetLogEvents: (input, ctx) => read(deps, ctx, input) };
}
