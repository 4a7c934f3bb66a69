/** The LogEventStore in memory, for unit tests; it answers as the SQLite store does (./conformance.ts). */
import { compareCodePoints } from '../../../../platform/code-points.js';
import {
  AppendBatch, Checkpoint, EventKey, GroupEvent, GroupScan, keyAfter, LogEventStore, MissingStreamError, StoredEvent, StreamInfo, StreamQuery, StreamRead, utf8Bytes,
} from './event-store.js';

interface MemoryStream {
  info: StreamInfo;
  /** In (timestamp, id) order. */
  events: StoredEvent[];
}

const byKey = (a: EventKey, b: EventKey) => a.timestamp - b.timestamp || a.id - b.id;
const lastEvent = (s: StreamInfo) => s.lastEventTimestamp ?? 0;

export class MemoryEventStore implements LogEventStore {
  private readonly groupStreams = new Map<string, Map<string, MemoryStream>>();
  private readonly saved = new Map<string, Checkpoint>();
  private nextId = 1;

  createStream(group: string, stream: string, creationTime: number): boolean {
    const streams = this.groupStreams.get(group) ?? new Map<string, MemoryStream>();
    this.groupStreams.set(group, streams);
    if (streams.has(stream)) return false;
    streams.set(stream, { info: { name: stream, creationTime, storedBytes: 0, appended: 0 }, events: [] });
    return true;
  }

  deleteStream(group: string, stream: string): boolean {
    const streams = this.groupStreams.get(group);
    const deleted = streams?.delete(stream) ?? false;
    if (streams?.size === 0) this.groupStreams.delete(group);
    return deleted;
  }

  stream(group: string, stream: string): StreamInfo | undefined {
    const s = this.groupStreams.get(group)?.get(stream);
    return s && { ...s.info };
  }

  listStreams(group: string, q: StreamQuery): StreamInfo[] {
    const infos = [...(this.groupStreams.get(group)?.values() ?? [])].map((s) => s.info);
    const byName = (a: StreamInfo, b: StreamInfo) => compareCodePoints(a.name, b.name);
    const compare = q.orderBy === 'LogStreamName' ? byName : (a: StreamInfo, b: StreamInfo) => lastEvent(a) - lastEvent(b) || byName(a, b);
    const ordered = infos.filter((s) => q.prefix === undefined || s.name.startsWith(q.prefix)).sort(compare);
    if (q.descending) ordered.reverse();
    const after = q.after && { ...q.after, storedBytes: 0, creationTime: 0, appended: 0 };
    const rest = after ? ordered.filter((s) => (q.descending ? compare(s, after) < 0 : compare(s, after) > 0)) : ordered;
    return rest.slice(0, q.limit).map((s) => ({ ...s }));
  }

  append(batch: AppendBatch, checkpoint?: Checkpoint): void {
    const s = this.groupStreams.get(batch.group)?.get(batch.stream);
    if (!s) throw new MissingStreamError(batch.group, batch.stream);
    for (const e of batch.events) {
      s.events.push({ id: this.nextId++, timestamp: e.timestamp, ingestionTime: batch.ingestionTime, message: e.message });
      s.info.storedBytes += utf8Bytes(e.message);
    }
    s.events.sort(byKey);
    s.info.appended += batch.events.length;
    if (batch.events.length > 0) {
      const times = batch.events.map((e) => e.timestamp);
      s.info.lastIngestionTime = batch.ingestionTime;
      s.info.firstEventTimestamp = Math.min(s.info.firstEventTimestamp ?? Infinity, ...times);
      s.info.lastEventTimestamp = Math.max(s.info.lastEventTimestamp ?? -Infinity, ...times);
    }
    if (checkpoint) this.saveCheckpoint(checkpoint);
  }

  readStream(group: string, stream: string, r: StreamRead): StoredEvent[] {
    const inRange = (this.groupStreams.get(group)?.get(stream)?.events ?? [])
      .filter((e) => (r.from === undefined || e.timestamp >= r.from) && (r.to === undefined || e.timestamp < r.to));
    if (r.direction === 'forward') return inRange.filter((e) => !r.key || keyAfter(e, r.key)).slice(0, r.limit).map((e) => ({ ...e }));
    const before = inRange.filter((e) => !r.key || !keyAfter(e, r.key));
    return before.slice(Math.max(0, before.length - r.limit)).map((e) => ({ ...e }));
  }

  scanGroup(group: string, q: GroupScan): GroupEvent[] {
    const wanted = (name: string) => (q.streams ? q.streams.includes(name) : q.streamPrefix === undefined || name.startsWith(q.streamPrefix));
    const all: GroupEvent[] = [];
    for (const [name, s] of this.groupStreams.get(group) ?? []) {
      if (!wanted(name)) continue;
      for (const e of s.events) {
        if ((q.from === undefined || e.timestamp >= q.from) && (q.to === undefined || e.timestamp <= q.to) && (!q.after || keyAfter(e, q.after))) all.push({ ...e, stream: name });
      }
    }
    return all.sort(byKey).slice(0, q.limit);
  }

  storedBytes(group: string): number {
    let total = 0;
    for (const s of this.groupStreams.get(group)?.values() ?? []) total += s.info.storedBytes;
    return total;
  }

  expire(group: string, before: number): number {
    let removed = 0;
    for (const s of this.groupStreams.get(group)?.values() ?? []) {
      const kept = s.events.filter((e) => e.timestamp >= before);
      const gone = s.events.filter((e) => e.timestamp < before);
      if (gone.length === 0) continue;
      removed += gone.length;
      s.info.storedBytes -= gone.reduce((n, e) => n + utf8Bytes(e.message), 0);
      s.events = kept;
      // A stream emptied by expiry keeps its first event timestamp.
      if (kept.length > 0) s.info.firstEventTimestamp = kept[0].timestamp;
    }
    return removed;
  }

  deleteGroup(group: string): void {
    this.groupStreams.delete(group);
  }

  groups(): string[] {
    return [...this.groupStreams.keys()].sort(compareCodePoints);
  }

  saveCheckpoint(checkpoint: Checkpoint): void {
    this.saved.set(checkpoint.source, { ...checkpoint });
  }

  checkpoint(source: string): Checkpoint | undefined {
    const c = this.saved.get(source);
    return c && { ...c };
  }

  checkpoints(): Checkpoint[] {
    return [...this.saved.values()].sort((a, b) => compareCodePoints(a.source, b.source)).map((c) => ({ ...c }));
  }

  dropCheckpoint(source: string): void {
    this.saved.delete(source);
  }

  close(): void {}
}
