/**
 * Appends as they commit, for Live Tail: an in-process feed keyed by group key. Both writers
 * (PutLogEvents and the awslogs shipper) append through the LogEventStore, so wrapping the
 * store (`LiveEventStore`) is the one place that sees every new event. Listeners run inside
 * the writer's call and must be cheap and bounded (a Live Tail session samples into a fixed
 * buffer); a listener that throws is reported and never fails the write, which has committed.
 */
import {
  AppendBatch, Checkpoint, GroupEvent, GroupScan, LogEventStore, StoredEvent, StreamInfo, StreamQuery, StreamRead,
} from './event-store.js';

export type FeedListener = (batch: AppendBatch) => void;

export class LiveFeed {
  private readonly byGroup = new Map<string, Set<FeedListener>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Hears the appends to these group keys until the returned function is called. */
  subscribe(groups: Iterable<string>, listener: FeedListener): () => void {
    const keys = [...new Set(groups)];
    for (const key of keys) {
      const listeners = this.byGroup.get(key) ?? new Set<FeedListener>();
      this.byGroup.set(key, listeners.add(listener));
    }
    return () => {
      for (const key of keys) {
        const listeners = this.byGroup.get(key);
        listeners?.delete(listener);
        if (listeners?.size === 0) this.byGroup.delete(key);
      }
    };
  }

  publish(batch: AppendBatch): void {
    const listeners = this.byGroup.get(batch.group);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(batch);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  /** Group keys someone listens to (what a test checks is empty after sessions end). */
  get groupsHeard(): number {
    return this.byGroup.size;
  }
}

/** The store, with every committed append published to the feed. */
export class LiveEventStore implements LogEventStore {
  constructor(private readonly store: LogEventStore, private readonly feed: LiveFeed) {}

  append(batch: AppendBatch, checkpoint?: Checkpoint): void {
    this.store.append(batch, checkpoint);
    if (batch.events.length > 0) this.feed.publish(batch);
  }

  createStream(group: string, stream: string, creationTime: number): boolean { return this.store.createStream(group, stream, creationTime); }
  deleteStream(group: string, stream: string): boolean { return this.store.deleteStream(group, stream); }
  stream(group: string, stream: string): StreamInfo | undefined { return this.store.stream(group, stream); }
  listStreams(group: string, query: StreamQuery): StreamInfo[] { return this.store.listStreams(group, query); }
  readStream(group: string, stream: string, read: StreamRead): StoredEvent[] { return this.store.readStream(group, stream, read); }
  scanGroup(group: string, scan: GroupScan): GroupEvent[] { return this.store.scanGroup(group, scan); }
  storedBytes(group: string): number { return this.store.storedBytes(group); }
  expire(group: string, before: number): number { return this.store.expire(group, before); }
  deleteGroup(group: string): void { this.store.deleteGroup(group); }
  groups(): string[] { return this.store.groups(); }
  saveCheckpoint(checkpoint: Checkpoint): void { this.store.saveCheckpoint(checkpoint); }
  checkpoint(source: string): Checkpoint | undefined { return this.store.checkpoint(source); }
  checkpoints(): Checkpoint[] { return this.store.checkpoints(); }
  dropCheckpoint(source: string): void { this.store.dropCheckpoint(source); }
  close(): void { this.store.close(); }
}
