/**
 * PutLogEvents' rules, as the API reference states them (botocore 1.43.11's model docs):
 *
 * - a batch is at most 1,048,576 bytes: the messages in UTF-8 plus 26 bytes per event, and
 *   an event at most 1 MB by the same count ("Upload too large" / "Log event too large");
 * - events must be in chronological order, else the whole call fails;
 * - events more than 2 hours in the future, more than 14 days old or older than the group's
 *   retention are rejected (`rejectedLogEventsInfo`) while the rest are kept;
 * - the events kept may span at most 24 hours, else the whole call fails.
 *
 * Sequence tokens are ignored (AWS no longer checks them: no InvalidSequenceTokenException,
 * no DataAlreadyAcceptedException).
 */
import { NewEvent, utf8Bytes } from './events/event-store.js';

export const MAX_BATCH_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const MAX_FUTURE_MS = 2 * HOUR;
export const MAX_AGE_MS = 14 * DAY;
export const MAX_SPAN_MS = 24 * HOUR;

/** PutRetentionPolicy's allowed values (the model documents them; the enum check is the service's). */
export const RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const retentionProblem = (days: number): string | undefined =>
  RETENTION_DAYS.includes(days) ? undefined : `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`;

export interface RejectedInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export type BatchVerdict =
  | { ok: true; /** Indexes [start, end) are kept. */ start: number; end: number; rejected?: RejectedInfo }
  | { ok: false; problem: string };

function sizeProblem(events: NewEvent[]): string | undefined {
  let total = 0;
  for (const e of events) {
    const size = utf8Bytes(e.message) + EVENT_OVERHEAD_BYTES;
    if (size > MAX_BATCH_BYTES) return `Log event too large: ${size} bytes exceeds limit of ${MAX_BATCH_BYTES}`;
    total += size;
  }
  return total > MAX_BATCH_BYTES ? `Upload too large: ${total} bytes exceeds limit of ${MAX_BATCH_BYTES}` : undefined;
}

/** The number of leading events (they are sorted) with timestamps before `cut`. */
function countBefore(events: NewEvent[], cut: number): number {
  let n = 0;
  while (n < events.length && events[n].timestamp < cut) n++;
  return n;
}

/** Which of a batch's events PutLogEvents keeps at `now` for a group with `retentionInDays`. */
export function checkBatch(events: NewEvent[], now: number, retentionInDays?: number): BatchVerdict {
  const size = sizeProblem(events);
  if (size) return { ok: false, problem: size };
  for (let i = 1; i < events.length; i++) {
    if (events[i].timestamp < events[i - 1].timestamp) return { ok: false, problem: 'Log events in a single PutLogEvents request must be in chronological order.' };
  }
  const tooOld = countBefore(events, now - MAX_AGE_MS);
  const expired = retentionInDays === undefined ? 0 : countBefore(events, now - retentionInDays * DAY);
  const firstTooNew = events.findIndex((e) => e.timestamp > now + MAX_FUTURE_MS);
  const start = Math.max(tooOld, expired);
  const end = Math.max(start, firstTooNew < 0 ? events.length : firstTooNew);
  if (end > start && events[end - 1].timestamp - events[start].timestamp > MAX_SPAN_MS) {
    return { ok: false, problem: 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.' };
  }
  const rejected: RejectedInfo = {
    ...(end < events.length ? { tooNewLogEventStartIndex: end } : {}),
    ...(tooOld > 0 ? { tooOldLogEventEndIndex: tooOld } : {}),
    ...(expired > 0 ? { expiredLogEventEndIndex: expired } : {}),
  };
  return { ok: true, start, end, ...(Object.keys(rejected).length > 0 ? { rejected } : {}) };
}
