/**
 * The log event store boundary: log streams and their events, kept apart from the document
 * store (src/state/) because events arrive at container-output rates and nothing should be
 * woken by them. Log groups stay documents (they are configuration: retention, tags); each
 * names its events here by an opaque `group` key that dies with the group, so a group
 * deleted and created again never sees its predecessor's streams.
 *
 * Events are ordered by (timestamp, id): `id` is assigned by the store in ingestion order,
 * never reused, so two events with one timestamp keep the order they arrived in.
 *
 * Checkpoints are the awslogs shipper's positions in container output. They live here so
 * that a batch of events and the position after it commit together: after a crash the
 * shipper resumes exactly after what was stored, neither losing nor repeating events.
 *
 * Implementations: ./sqlite-event-store.ts (Berth's `<data-dir>/logs.db`) and
 * ./memory-event-store.ts (unit tests); both pass ./conformance.ts. No method reads a clock.
 */

export interface NewEvent {
  timestamp: number;
  message: string;
}

export interface StoredEvent {
  id: number;
  timestamp: number;
  ingestionTime: number;
  message: string;
}

export interface GroupEvent extends StoredEvent {
  stream: string;
}

/** A place in the (timestamp, id) order: the events at or before it come before it. */
export interface EventKey {
  timestamp: number;
  id: number;
}

export interface StreamInfo {
  name: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  /** UTF-8 bytes of the messages stored. */
  storedBytes: number;
  /** Events ever appended (expiry does not lower it): the upload sequence. */
  appended: number;
}

export interface StreamQuery {
  orderBy: 'LogStreamName' | 'LastEventTime';
  descending: boolean;
  /** Only with LogStreamName order. */
  prefix?: string;
  /** The last stream of the previous page (its name, and its lastEventTimestamp for LastEventTime order). */
  after?: { name: string; lastEventTimestamp?: number };
  limit: number;
}

/** Events of one stream in a time range [from, to): the first `limit` after a key, or the last `limit` at or before one. */
export interface StreamRead {
  from?: number;
  to?: number;
  direction: 'forward' | 'backward';
  /** forward: events after this key; backward: events at or before it. None: from the range's start or end. */
  key?: EventKey;
  limit: number;
}

/** Events of a group's streams in [from, to] (both inclusive, as FilterLogEvents), in (timestamp, id) order. */
export interface GroupScan {
  from?: number;
  to?: number;
  after?: EventKey;
  /** Only these streams (at most 100), or only streams whose names start with the prefix. */
  streams?: string[];
  streamPrefix?: string;
  limit: number;
}

export interface AppendBatch {
  group: string;
  stream: string;
  /** In chronological order (callers check it); appended with one ingestion time. */
  events: NewEvent[];
  ingestionTime: number;
}

/** Where a shipper is in one source's output; `position` is the shipper's, opaque here. */
export interface Checkpoint {
  /** The source followed, e.g. a container id. */
  source: string;
  /** What the source belongs to (a task key), so checkpoints can be dropped with it. */
  owner: string;
  position: string;
  /** The source has ended and everything it wrote is stored. */
  done: boolean;
}

/** Appending to a stream that does not exist (deleted meanwhile); nothing was kept. */
export class MissingStreamError extends Error {
  constructor(group: string, stream: string) {
    super(`log stream ${stream} of group ${group} does not exist`);
    this.name = 'MissingStreamError';
  }
}

export interface LogEventStore {
  /** false when the stream exists already. */
  createStream(group: string, stream: string, creationTime: number): boolean;
  /** Deletes the stream and its events; false when there was none. */
  deleteStream(group: string, stream: string): boolean;
  stream(group: string, stream: string): StreamInfo | undefined;
  listStreams(group: string, query: StreamQuery): StreamInfo[];
  /** All or nothing: the events, then the checkpoint. Throws MissingStreamError when the stream is gone. */
  append(batch: AppendBatch, checkpoint?: Checkpoint): void;
  readStream(group: string, stream: string, read: StreamRead): StoredEvent[];
  scanGroup(group: string, scan: GroupScan): GroupEvent[];
  /** UTF-8 bytes of the group's messages. */
  storedBytes(group: string): number;
  /** Deletes the group's events with timestamps before `before`; returns how many. */
  expire(group: string, before: number): number;
  /** Deletes every stream and event of the group. */
  deleteGroup(group: string): void;
  /** The group keys that have streams (to find those whose log group is gone). */
  groups(): string[];
  saveCheckpoint(checkpoint: Checkpoint): void;
  checkpoint(source: string): Checkpoint | undefined;
  checkpoints(): Checkpoint[];
  dropCheckpoint(source: string): void;
  close(): void;
}

/** Whether a's key sorts after b's. */
export function keyAfter(a: EventKey, b: EventKey): boolean {
  return a.timestamp > b.timestamp || (a.timestamp === b.timestamp && a.id > b.id);
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
