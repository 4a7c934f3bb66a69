/**
 * FilterLogEvents: a group's events (all streams, named ones or a name prefix) in a time
 * range, in (timestamp, ingestion order) across streams, that match a filter pattern.
 *
 * A call scans at most SCAN_BUDGET events, so a rare pattern over a large group answers
 * promptly with a partial (even empty) page and a nextToken, as AWS allows. A nextToken is
 * given only when more events may follow: `aws logs tail --follow` polls again after 5 s
 * when there is none, and at once when there is one.
 */
import { FilterLogEventsRequest, FilteredLogEvent, Operations } from '../../../protocol/generated/logs.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { EventKey, GroupEvent, GroupScan, utf8Bytes } from '../domain/events/event-store.js';
import { invalidParameter, logsErrors } from '../domain/errors.js';
import { compileFilterPattern, FilterPatternError, Matcher } from '../domain/filter/filter-pattern.js';
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES } from '../domain/limits.js';
import { eventId, filterToken, parseFilterToken } from '../domain/tokens.js';
import { LogsDeps, namedGroup } from './context.js';

const MAX_EVENTS = 10_000;
const CHUNK = 1000;
const SCAN_BUDGET = 100_000;

/** The compiled filter pattern, or InvalidParameterException (StartLiveTail's logEventFilterPattern too). */
export function matcherOf(pattern: string | undefined): Matcher {
  try {
    return compileFilterPattern(pattern);
  } catch (e) {
    if (e instanceof FilterPatternError) throw invalidParameter(e.message);
    throw e;
  }
}

function scanOf(input: FilterLogEventsRequest): Omit<GroupScan, 'after' | 'limit'> {
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive. Specify only one of them.');
  }
  return { from: input.startTime, to: input.endTime, streams: input.logStreamNames, streamPrefix: input.logStreamNamePrefix };
}

const view = (e: GroupEvent): FilteredLogEvent => ({ logStreamName: e.stream, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: eventId(e) });

interface Page {
  events: FilteredLogEvent[];
  /** Where the next page starts, when more may follow. */
  next?: EventKey;
}

/** Scans in chunks from `after` until the page is full (events or bytes), the budget is spent, or the range ends. */
function scanPage(deps: LogsDeps, group: string, scan: Omit<GroupScan, 'after' | 'limit'>, match: Matcher, after: EventKey | undefined, limit: number): Page {
  const events: FilteredLogEvent[] = [];
  let bytes = 0;
  let cursor = after;
  for (let scanned = 0; scanned < SCAN_BUDGET; scanned += CHUNK) {
    const chunk = deps.events.scanGroup(group, { ...scan, after: cursor, limit: CHUNK });
    for (let i = 0; i < chunk.length; i++) {
      const e = chunk[i];
      if (!match(e.message)) continue;
      bytes += utf8Bytes(e.message) + EVENT_OVERHEAD_BYTES;
      if (bytes > MAX_BATCH_BYTES && events.length > 0) return { events, next: cursorBefore(chunk, i, cursor) };
      events.push(view(e));
      const more = i < chunk.length - 1 || chunk.length === CHUNK;
      if (events.length === limit) return { events, ...(more ? { next: e } : {}) };
    }
    if (chunk.length < CHUNK) return { events };
    cursor = chunk[chunk.length - 1];
  }
  return { events, next: cursor };
}

/** The key just before chunk[i]: the previous event's, or where the chunk started. */
function cursorBefore(chunk: GroupEvent[], i: number, start: EventKey | undefined): EventKey {
  return i > 0 ? chunk[i - 1] : start ?? { timestamp: -1, id: -1 };
}

function filter(deps: LogsDeps, ctx: RequestContext, input: FilterLogEventsRequest) {
  const group = namedGroup(deps, ctx, input);
  const scan = scanOf(input);
  const match = matcherOf(input.filterPattern);
  const after = input.nextToken === undefined ? undefined : parseFilterToken(input.nextToken);
  if (input.nextToken !== undefined && !after) throw logsErrors.invalidToken();
  const page = scanPage(deps, group.events, scan, match, after, input.limit ?? MAX_EVENTS);
  // searchedLogStreams: AWS has answered an empty list since May 2020.
  return { events: page.events, searchedLogStreams: [], ...(page.next ? { nextToken: filterToken(page.next) } : {}) };
}

export function filterLogEventsOps(deps: LogsDeps): TypedHandlers<Operations> {
  return { FilterLogEvents: (input, ctx) => filter(deps, ctx, input) };
}
