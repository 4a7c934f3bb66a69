/**
 * A Live Tail session's rules (StartLiveTail), as the API reference states them:
 *
 * - every second an update carries the events that matched since the last one, at most 500;
 *   when more matched, a random sample of 500 is sent and `sampled` is true;
 * - a client slower than the updates has at most 10 updates or 5,000 events waiting; past
 *   that the oldest are dropped (the next one sent says `sampled`);
 * - a session ends after three hours (SessionTimeoutException).
 *
 * Memory is bounded by bytes as well, so no update outgrows an event stream message (16 MiB,
 * messages JSON-escaped) and a session holds at most a few of them. No method reads a clock.
 */
import { AppendBatch, utf8Bytes } from './events/event-store.js';
import { Matcher } from './filter/filter-pattern.js';

export const UPDATE_EVENTS = 500;
export const UPDATE_BYTES = 2 * 1024 * 1024;
export const PENDING_UPDATES = 10;
export const PENDING_EVENTS = 5000;
export const PENDING_BYTES = 8 * 1024 * 1024;
export const SESSION_MS = 3 * 3_600_000;

export interface LiveTailSelection {
  /** Event-store group key → the identifier the caller named the group by (results repeat it). */
  groups: ReadonlyMap<string, string>;
  /** Only these streams (logStreamNames) or streams starting with one of these (logStreamNamePrefixes). */
  streams?: ReadonlySet<string>;
  prefixes?: readonly string[];
  match: Matcher;
}

/** LiveTailSessionLogEvent. */
export interface LiveTailEvent {
  logStreamName: string;
  logGroupIdentifier: string;
  message: string;
  timestamp: number;
  ingestionTime: number;
}

/** LiveTailSessionUpdate. */
export interface LiveTailUpdate {
  sessionMetadata: { sampled: boolean };
  sessionResults: LiveTailEvent[];
}

interface Held {
  event: LiveTailEvent;
  /** Arrival order: sampling replaces at random, updates list events as they arrived. */
  seq: number;
  bytes: number;
}

interface Queued {
  update: LiveTailUpdate;
  bytes: number;
}

export class LiveTailSession {
  private held: Held[] = [];
  private heldBytes = 0;
  private matched = 0;
  private seq = 0;
  private readonly queue: Queued[] = [];

  constructor(
    readonly selection: LiveTailSelection,
    readonly startedAt: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** An append to one of the session's groups: keeps (or samples) the events it selects. */
  offer(batch: AppendBatch): void {
    const identifier = this.selection.groups.get(batch.group);
    if (identifier === undefined || !this.selectsStream(batch.stream)) return;
    for (const e of batch.events) {
      if (!this.selection.match(e.message)) continue;
      this.hold({ logStreamName: batch.stream, logGroupIdentifier: identifier, message: e.message, timestamp: e.timestamp, ingestionTime: batch.ingestionTime });
    }
  }

  /** Ends the current second: its events become an update waiting to be sent. */
  cut(): void {
    const results = this.held.sort((a, b) => a.seq - b.seq).map((h) => h.event);
    this.queue.push({ update: { sessionMetadata: { sampled: this.matched > results.length }, sessionResults: results }, bytes: this.heldBytes });
    this.held = [];
    this.heldBytes = 0;
    this.matched = 0;
    this.dropOldest();
  }

  /** The oldest update waiting, taken off the queue. */
  next(): LiveTailUpdate | undefined {
    return this.queue.shift()?.update;
  }

  expired(now: number): boolean {
    return now - this.startedAt >= SESSION_MS;
  }

  private selectsStream(stream: string): boolean {
    const { streams, prefixes } = this.selection;
    if (streams) return streams.has(stream);
    return !prefixes || prefixes.some((p) => stream.startsWith(p));
  }

  /** Reservoir sampling within the event and byte bounds: each match is equally likely kept. */
  private hold(event: LiveTailEvent): void {
    const held: Held = { event, seq: this.seq++, bytes: utf8Bytes(event.message) };
    this.matched++;
    if (this.held.length < UPDATE_EVENTS && this.heldBytes + held.bytes <= UPDATE_BYTES) {
      this.held.push(held);
      this.heldBytes += held.bytes;
      return;
    }
    const slot = Math.floor(this.random() * this.matched);
    if (slot >= this.held.length) return;
    const bytes = this.heldBytes - this.held[slot].bytes + held.bytes;
    if (bytes > UPDATE_BYTES) return;
    this.held[slot] = held;
    this.heldBytes = bytes;
  }

  private dropOldest(): void {
    let events = this.queue.reduce((n, q) => n + q.update.sessionResults.length, 0);
    let bytes = this.queue.reduce((n, q) => n + q.bytes, 0);
    let dropped = false;
    while (this.queue.length > 1 && (this.queue.length > PENDING_UPDATES || events > PENDING_EVENTS || bytes > PENDING_BYTES)) {
      const oldest = this.queue.shift()!;
      events -= oldest.update.sessionResults.length;
      bytes -= oldest.bytes;
      dropped ||= oldest.update.sessionResults.length > 0;
    }
    if (dropped) this.queue[0].update.sessionMetadata.sampled = true;
  }
}
