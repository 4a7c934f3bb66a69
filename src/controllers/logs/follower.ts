/**
 * Follows one container's output into its log stream, as Docker's awslogs driver would ship
 * it: lines become events (the assembler), events are stored in batches (every half second,
 * or at 10,000 events or 1 MiB), each batch sorted by timestamp, together with the position
 * after it (./position.ts) in one commit of the event store. A run resumes from the stored
 * position, so a restart of Berth neither loses nor repeats a line; lines of an open
 * multi-line event are not counted as stored until the event is, so they are read again.
 *
 * A run ends `done` once the container has stopped and everything it wrote is stored,
 * `not-started` when the container has not run yet, `aborted` when Berth stops; it throws on
 * anything else (the engine cut the stream of a running container, the event store failed)
 * and the shipper runs it again.
 */
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { Scope } from '../../platform/aws/scope.js';
import { ContainerRuntime, LogLine } from '../../runtime/runtime.js';
import { RuntimePool } from '../../runtime/runtime-pool.js';
import { EventAssembler, Shipment } from '../../services/logs/domain/awslogs/assembler.js';
import { AwslogsConfig } from '../../services/logs/domain/awslogs/options.js';
import { Checkpoint, LogEventStore, MissingStreamError, NewEvent } from '../../services/logs/domain/events/event-store.js';
import { findGroup } from '../../services/logs/domain/groups.js';
import { ReadTx } from '../../state/store.js';
import { advance, decodePosition, encodePosition, Position, ResumeFilter } from './position.js';

export interface ShipperDeps {
  /** Log groups are read from it. */
  store: ReadTx;
  /** The local engine; `runtimes` has the remote hosts' (a target names its host). */
  runtime: ContainerRuntime;
  runtimes?: RuntimePool;
  clock: Clock;
  log: Logger;
  events: LogEventStore;
  /** How often batches are stored; half a second unless a test says otherwise. */
  flushMs?: number;
}

export interface FollowTarget {
  /** The container's runtime id. */
  source: string;
  /** The remote Docker host it runs on; absent: the local engine. */
  hostId?: string;
  /** The task's store key. */
  owner: string;
  scope: Scope;
  group: string;
  stream: string;
  config: AwslogsConfig;
}

export type FollowEnd = 'done' | 'not-started' | 'aborted';

const FLUSH_MS = 500;
const BATCH_EVENTS = 10_000;
const BATCH_BYTES = 1_048_576;

export class Follower {
  private assembler: EventAssembler;
  private queued: Shipment[] = [];
  private queuedEvents = 0;
  private queuedBytes = 0;
  /** After the last line stored. */
  private stored?: Position;
  /** After the last line read (stored or not). */
  private read?: Position;
  private warned = false;

  constructor(private readonly deps: ShipperDeps, private readonly target: FollowTarget) {
    this.assembler = new EventAssembler(target.config.multiline);
  }

  async run(signal: AbortSignal): Promise<FollowEnd> {
    const saved = this.deps.events.checkpoint(this.target.source);
    if (saved?.done) return 'done';
    this.stored = this.read = decodePosition(saved?.position);
    // Fresh each run: whatever the last run read but did not store (its queue, its open event) is read again.
    this.assembler = new EventAssembler(this.target.config.multiline);
    this.queued = [];
    this.queuedEvents = 0;
    this.queuedBytes = 0;
    this.createStream();
    const timer = setInterval(() => this.tick(), this.deps.flushMs ?? FLUSH_MS);
    try {
      await this.readLines({ follow: true, signal }, this.stored);
      if (signal.aborted) {
        this.ship(false);
        return 'aborted';
      }
      return await this.finish();
    } finally {
      clearInterval(timer);
    }
  }

  private engine(): ContainerRuntime {
    return this.target.hostId && this.deps.runtimes ? this.deps.runtimes.get(this.target.hostId) : this.deps.runtime;
  }

  /** Reads lines after `from` into the assembler. */
  private async readLines(opts: { follow: boolean; signal?: AbortSignal }, from: Position | undefined): Promise<void> {
    const resume = new ResumeFilter(from);
    for await (const line of this.engine().containerLogs(this.target.source, { ...opts, since: from?.time })) {
      if (resume.stored(line.time)) continue;
      this.take(line);
    }
  }

  private take(line: LogLine): void {
    this.read = advance(this.read, line.time);
    this.queue(this.assembler.push(line));
  }

  /** After the follow ended: a stopped container's last lines and open event are stored, and the run is done. */
  private async finish(): Promise<FollowEnd> {
    const state = await this.engine().inspectContainer(this.target.source);
    if (state?.status === 'created') return 'not-started';
    if (state?.running) {
      this.ship(false);
      throw new Error('the engine ended the log stream of a running container');
    }
    // Lines the follow may not have delivered before the container stopped.
    if (state) await this.readLines({ follow: false }, this.read);
    this.queue(this.assembler.flush());
    this.ship(true);
    return 'done';
  }

  /** The timer: closes a multi-line event that waited long enough, stores what is queued. */
  private tick(): void {
    try {
      this.queue(this.assembler.flushOlderThan(this.deps.clock.now().getTime() - this.target.config.flushIntervalMs));
      this.ship(false);
    } catch (err) {
      // Kept queued: the next tick tries again.
      this.deps.log.warn('storing container output failed; retrying', { container: this.target.source, err });
    }
  }

  private queue(shipments: Shipment[]): void {
    for (const s of shipments) {
      this.queued.push(s);
      this.queuedEvents += s.events.length;
      for (const e of s.events) this.queuedBytes += Buffer.byteLength(e.message) + 26;
    }
    if (this.queuedEvents >= BATCH_EVENTS || this.queuedBytes >= BATCH_BYTES) this.ship(false);
  }

  /** Stores what is queued with the position after it (and, when `done`, that the output has ended). */
  private ship(done: boolean): void {
    if (this.queued.length === 0 && !done) return;
    // As Docker's driver sorts each batch: stdout and stderr lines are stamped apart.
    const events: NewEvent[] = this.queued.flatMap((s) => s.events).sort((a, b) => a.timestamp - b.timestamp);
    let position = this.stored;
    for (const s of this.queued) for (const time of s.lines) position = advance(position, time);
    const checkpoint: Checkpoint = { source: this.target.source, owner: this.target.owner, position: position ? encodePosition(position) : '', done };
    this.store(events, checkpoint);
    this.stored = position;
    this.queued = [];
    this.queuedEvents = 0;
    this.queuedBytes = 0;
  }

  private store(events: NewEvent[], checkpoint: Checkpoint): void {
    const group = findGroup(this.deps.store, this.target.scope, this.target.group);
    try {
      if (!group) throw new MissingStreamError(this.target.group, this.target.stream);
      this.deps.events.append({ group: group.events, stream: this.target.stream, events, ingestionTime: this.deps.clock.now().getTime() }, checkpoint);
    } catch (err) {
      if (!(err instanceof MissingStreamError)) throw err;
      // As the driver's PutLogEvents would fail: the output is dropped, the position moves on.
      if (!this.warned && events.length > 0) this.deps.log.warn('the log group or stream of a container is gone; its output is dropped', { group: this.target.group, stream: this.target.stream });
      this.warned ||= events.length > 0;
      this.deps.events.saveCheckpoint(checkpoint);
    }
  }

  /** The stream, created as the driver creates it at container start (unless awslogs-create-stream is false). */
  private createStream(): void {
    const group = findGroup(this.deps.store, this.target.scope, this.target.group);
    if (group && this.target.config.createStream) this.deps.events.createStream(group.events, this.target.stream, this.deps.clock.now().getTime());
  }
}
