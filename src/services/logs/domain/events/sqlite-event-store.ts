/**
 * The durable LogEventStore: its own SQLite database (`<data-dir>/logs.db`), never the document
 * store's, so container output neither takes the documents' write lock nor wakes a watcher.
 * Layout and choices: ../../README.md ("Event storage").
 */
import Database from 'better-sqlite3';
import { openSidecarDatabase } from '../../../../state/sqlite-file.js';
import {
  AppendBatch, Checkpoint, GroupEvent, GroupScan, LogEventStore, MissingStreamError, StoredEvent, StreamInfo, StreamQuery, StreamRead, utf8Bytes,
} from './event-store.js';

/** MIGRATIONS[i] upgrades schema version i to i + 1; the schema version is MIGRATIONS.length. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE groups (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
   CREATE TABLE streams (
     id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, name TEXT NOT NULL, creation INTEGER NOT NULL,
     first_event INTEGER, last_event INTEGER, last_ingestion INTEGER,
     stored_bytes INTEGER NOT NULL DEFAULT 0, appended INTEGER NOT NULL DEFAULT 0,
     UNIQUE (grp, name)
   );
   CREATE INDEX streams_by_last_event ON streams (grp, coalesce(last_event, 0), name);
   CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT, grp INTEGER NOT NULL, stream INTEGER NOT NULL,
     timestamp INTEGER NOT NULL, ingestion INTEGER NOT NULL, bytes INTEGER NOT NULL, message TEXT NOT NULL
   );
   CREATE INDEX events_by_stream ON events (stream, timestamp, id);
   CREATE INDEX events_by_group ON events (grp, timestamp, id);
   CREATE TABLE checkpoints (source TEXT PRIMARY KEY, owner TEXT NOT NULL, position TEXT NOT NULL, done INTEGER NOT NULL) WITHOUT ROWID;`,
];

/** Bounds that stand for "no bound" in range queries (timestamps are ≥ 0). */
const NONE_BEFORE = -1;
const NONE_AFTER = Number.MAX_SAFE_INTEGER;

interface StreamRow { id: number; name: string; creation: number; first_event: number | null; last_event: number | null; last_ingestion: number | null; stored_bytes: number; appended: number }
interface EventRow { id: number; timestamp: number; ingestion: number; message: string; stream?: string }
interface CheckpointRow { source: string; owner: string; position: string; done: number }

const STREAM_COLUMNS = 'id, name, creation, first_event, last_event, last_ingestion, stored_bytes, appended';
const EVENT_COLUMNS = 'e.id, e.timestamp, e.ingestion, e.message';
// INDEXED BY: walking the group's (timestamp, id) index answers the page in order without sorting the group.
const SCAN = `SELECT ${EVENT_COLUMNS}, s.name AS stream FROM events e INDEXED BY events_by_group JOIN streams s ON s.id = e.stream
  WHERE e.grp = :grp AND e.timestamp >= :from AND e.timestamp <= :to AND (e.timestamp, e.id) > (:afterTime, :afterId)`;
const LAST_EVENT = 'coalesce(last_event, 0)';

function prepareStatements(db: Database.Database) {
  return {
    groupId: db.prepare('SELECT id FROM groups WHERE key = ?').pluck(),
    insertGroup: db.prepare('INSERT INTO groups (key) VALUES (?) RETURNING id').pluck(),
    deleteGroupRow: db.prepare('DELETE FROM groups WHERE id = ?'),
    groupKeys: db.prepare('SELECT key FROM groups g WHERE EXISTS (SELECT 1 FROM streams s WHERE s.grp = g.id) ORDER BY key').pluck(),
    insertStream: db.prepare('INSERT INTO streams (grp, name, creation) VALUES (?, ?, ?) ON CONFLICT (grp, name) DO NOTHING'),
    stream: db.prepare(`SELECT ${STREAM_COLUMNS} FROM streams WHERE grp = ? AND name = ?`),
    deleteStreamEvents: db.prepare('DELETE FROM events WHERE stream = ?'),
    deleteStream: db.prepare('DELETE FROM streams WHERE id = ?'),
    byName: db.prepare(`SELECT ${STREAM_COLUMNS} FROM streams WHERE grp = :grp AND substr(name, 1, length(:prefix)) = :prefix AND name > :after ORDER BY name LIMIT :limit`),
    byNameDesc: db.prepare(`SELECT ${STREAM_COLUMNS} FROM streams WHERE grp = :grp AND substr(name, 1, length(:prefix)) = :prefix AND (:first OR name < :after) ORDER BY name DESC LIMIT :limit`),
    byTime: db.prepare(`SELECT ${STREAM_COLUMNS} FROM streams WHERE grp = :grp AND (${LAST_EVENT}, name) > (:time, :after) ORDER BY ${LAST_EVENT}, name LIMIT :limit`),
    byTimeDesc: db.prepare(`SELECT ${STREAM_COLUMNS} FROM streams WHERE grp = :grp AND (:first OR (${LAST_EVENT}, name) < (:time, :after)) ORDER BY ${LAST_EVENT} DESC, name DESC LIMIT :limit`),
    insertEvent: db.prepare('INSERT INTO events (grp, stream, timestamp, ingestion, bytes, message) VALUES (?, ?, ?, ?, ?, ?)'),
    touchStream: db.prepare(`UPDATE streams SET first_event = min(coalesce(first_event, :first), :first), last_event = max(coalesce(last_event, :last), :last),
      last_ingestion = :ingestion, stored_bytes = stored_bytes + :bytes, appended = appended + :count WHERE id = :id`),
    forward: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.stream = :stream AND e.timestamp >= :from AND e.timestamp < :to
      AND (e.timestamp, e.id) > (:keyTime, :keyId) ORDER BY e.timestamp, e.id LIMIT :limit`),
    backward: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.stream = :stream AND e.timestamp >= :from AND e.timestamp < :to
      AND (e.timestamp, e.id) <= (:keyTime, :keyId) ORDER BY e.timestamp DESC, e.id DESC LIMIT :limit`),
    scanAll: db.prepare(`${SCAN} ORDER BY e.timestamp, e.id LIMIT :limit`),
    scanNamed: db.prepare(`${SCAN} AND s.name IN (SELECT value FROM json_each(:names)) ORDER BY e.timestamp, e.id LIMIT :limit`),
    scanPrefixed: db.prepare(`${SCAN} AND substr(s.name, 1, length(:prefix)) = :prefix ORDER BY e.timestamp, e.id LIMIT :limit`),
    storedBytes: db.prepare('SELECT coalesce(sum(stored_bytes), 0) FROM streams WHERE grp = ?').pluck(),
    expireBytes: db.prepare(`UPDATE streams SET stored_bytes = stored_bytes - coalesce((SELECT sum(bytes) FROM events e WHERE e.stream = streams.id AND e.timestamp < :before), 0)
      WHERE grp = :grp`),
    expireEvents: db.prepare('DELETE FROM events WHERE grp = :grp AND timestamp < :before'),
    // A stream emptied by expiry keeps its first event timestamp.
    refreshFirst: db.prepare('UPDATE streams SET first_event = coalesce((SELECT min(timestamp) FROM events e WHERE e.stream = streams.id), first_event) WHERE grp = ?'),
    deleteGroupEvents: db.prepare('DELETE FROM events WHERE grp = ?'),
    deleteGroupStreams: db.prepare('DELETE FROM streams WHERE grp = ?'),
    saveCheckpoint: db.prepare('INSERT OR REPLACE INTO checkpoints (source, owner, position, done) VALUES (?, ?, ?, ?)'),
    checkpoint: db.prepare('SELECT source, owner, position, done FROM checkpoints WHERE source = ?'),
    checkpoints: db.prepare('SELECT source, owner, position, done FROM checkpoints ORDER BY source'),
    dropCheckpoint: db.prepare('DELETE FROM checkpoints WHERE source = ?'),
  };
}

const streamInfo = (r: StreamRow): StreamInfo => ({
  name: r.name, creationTime: r.creation, storedBytes: r.stored_bytes, appended: r.appended,
  ...(r.first_event !== null ? { firstEventTimestamp: r.first_event } : {}),
  ...(r.last_event !== null ? { lastEventTimestamp: r.last_event } : {}),
  ...(r.last_ingestion !== null ? { lastIngestionTime: r.last_ingestion } : {}),
});
const storedEvent = (r: EventRow): StoredEvent => ({ id: r.id, timestamp: r.timestamp, ingestionTime: r.ingestion, message: r.message });
const checkpointOf = (r: CheckpointRow): Checkpoint => ({ source: r.source, owner: r.owner, position: r.position, done: r.done === 1 });

export class SqliteEventStore implements LogEventStore {
  private readonly db: Database.Database;
  private readonly s: ReturnType<typeof prepareStatements>;
  private readonly appendAll: Database.Transaction<(batch: AppendBatch, checkpoint?: Checkpoint) => void>;

  constructor(path: string) {
    this.db = openSidecarDatabase(path, MIGRATIONS);
    try {
      this.s = prepareStatements(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.appendAll = this.db.transaction((batch: AppendBatch, checkpoint?: Checkpoint) => this.appendOne(batch, checkpoint));
  }

  createStream(group: string, stream: string, creationTime: number): boolean {
    return this.db.transaction(() => this.s.insertStream.run(this.groupId(group, true), stream, creationTime).changes === 1).immediate();
  }

  deleteStream(group: string, stream: string): boolean {
    return this.db.transaction(() => {
      const row = this.streamRow(group, stream);
      if (!row) return false;
      this.s.deleteStreamEvents.run(row.id);
      this.s.deleteStream.run(row.id);
      return true;
    }).immediate();
  }

  stream(group: string, stream: string): StreamInfo | undefined {
    const row = this.streamRow(group, stream);
    return row && streamInfo(row);
  }

  listStreams(group: string, q: StreamQuery): StreamInfo[] {
    const grp = this.groupId(group, false);
    if (grp === undefined) return [];
    const first = q.after === undefined ? 1 : 0;
    const after = q.after?.name ?? '';
    let rows: unknown[];
    if (q.orderBy === 'LogStreamName') {
      const params = { grp, prefix: q.prefix ?? '', after, limit: q.limit };
      rows = q.descending ? this.s.byNameDesc.all({ ...params, first }) : this.s.byName.all(params);
    } else {
      const params = { grp, time: q.after ? (q.after.lastEventTimestamp ?? 0) : NONE_BEFORE, after, limit: q.limit };
      rows = q.descending ? this.s.byTimeDesc.all({ ...params, first }) : this.s.byTime.all(params);
    }
    return (rows as StreamRow[]).map(streamInfo);
  }

  append(batch: AppendBatch, checkpoint?: Checkpoint): void {
    this.appendAll.immediate(batch, checkpoint);
  }

  readStream(group: string, stream: string, r: StreamRead): StoredEvent[] {
    const row = this.streamRow(group, stream);
    if (!row) return [];
    const range = { stream: row.id, from: r.from ?? NONE_BEFORE, to: r.to ?? NONE_AFTER, limit: r.limit };
    if (r.direction === 'forward') {
      return (this.s.forward.all({ ...range, keyTime: r.key?.timestamp ?? NONE_BEFORE, keyId: r.key?.id ?? NONE_BEFORE }) as EventRow[]).map(storedEvent);
    }
    const rows = this.s.backward.all({ ...range, keyTime: r.key?.timestamp ?? NONE_AFTER, keyId: r.key?.id ?? NONE_AFTER }) as EventRow[];
    return rows.reverse().map(storedEvent);
  }

  scanGroup(group: string, q: GroupScan): GroupEvent[] {
    const grp = this.groupId(group, false);
    if (grp === undefined) return [];
    const params = {
      grp, from: q.from ?? NONE_BEFORE, to: q.to ?? NONE_AFTER, limit: q.limit,
      afterTime: q.after?.timestamp ?? NONE_BEFORE, afterId: q.after?.id ?? NONE_BEFORE,
    };
    let rows: unknown[];
    if (q.streams) rows = this.s.scanNamed.all({ ...params, names: JSON.stringify(q.streams) });
    else if (q.streamPrefix !== undefined) rows = this.s.scanPrefixed.all({ ...params, prefix: q.streamPrefix });
    else rows = this.s.scanAll.all(params);
    return (rows as EventRow[]).map((r) => ({ ...storedEvent(r), stream: r.stream! }));
  }

  storedBytes(group: string): number {
    const grp = this.groupId(group, false);
    return grp === undefined ? 0 : (this.s.storedBytes.get(grp) as number);
  }

  expire(group: string, before: number): number {
    const grp = this.groupId(group, false);
    if (grp === undefined) return 0;
    return this.db.transaction(() => {
      this.s.expireBytes.run({ grp, before });
      const removed = this.s.expireEvents.run({ grp, before }).changes;
      if (removed > 0) this.s.refreshFirst.run(grp);
      return removed;
    }).immediate();
  }

  deleteGroup(group: string): void {
    const grp = this.groupId(group, false);
    if (grp === undefined) return;
    this.db.transaction(() => {
      this.s.deleteGroupEvents.run(grp);
      this.s.deleteGroupStreams.run(grp);
      this.s.deleteGroupRow.run(grp);
    }).immediate();
  }

  groups(): string[] {
    return this.s.groupKeys.all() as string[];
  }

  saveCheckpoint(c: Checkpoint): void {
    this.s.saveCheckpoint.run(c.source, c.owner, c.position, c.done ? 1 : 0);
  }

  checkpoint(source: string): Checkpoint | undefined {
    const row = this.s.checkpoint.get(source) as CheckpointRow | undefined;
    return row && checkpointOf(row);
  }

  checkpoints(): Checkpoint[] {
    return (this.s.checkpoints.all() as CheckpointRow[]).map(checkpointOf);
  }

  dropCheckpoint(source: string): void {
    this.s.dropCheckpoint.run(source);
  }

  close(): void {
    this.db.close();
  }

  private appendOne(batch: AppendBatch, checkpoint?: Checkpoint): void {
    const row = this.streamRow(batch.group, batch.stream);
    if (!row) throw new MissingStreamError(batch.group, batch.stream);
    if (batch.events.length > 0) {
      const grp = this.groupId(batch.group, false)!;
      let bytes = 0;
      let first = Infinity;
      let last = -Infinity;
      for (const e of batch.events) {
        const size = utf8Bytes(e.message);
        this.s.insertEvent.run(grp, row.id, e.timestamp, batch.ingestionTime, size, e.message);
        bytes += size;
        first = Math.min(first, e.timestamp);
        last = Math.max(last, e.timestamp);
      }
      this.s.touchStream.run({ id: row.id, first, last, ingestion: batch.ingestionTime, bytes, count: batch.events.length });
    }
    if (checkpoint) this.saveCheckpoint(checkpoint);
  }

  private streamRow(group: string, stream: string): StreamRow | undefined {
    const grp = this.groupId(group, false);
    return grp === undefined ? undefined : (this.s.stream.get(grp, stream) as StreamRow | undefined);
  }

  private groupId(key: string, create: true): number;
  private groupId(key: string, create: false): number | undefined;
  private groupId(key: string, create: boolean): number | undefined {
    const id = this.s.groupId.get(key) as number | undefined;
    if (id !== undefined || !create) return id;
    return this.s.insertGroup.get(key) as number;
  }
}

export function openSqliteEventStore(path: string): LogEventStore {
  return new SqliteEventStore(path);
}
