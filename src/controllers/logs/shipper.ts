/**
 * The awslogs shipper: Berth's stand-in for Docker's awslogs driver. Containers keep the
 * engine's default json-file driver; the shipper watches ECS task records and follows every
 * started container whose definition asks for awslogs (./follower.ts), resuming after a
 * restart from the position stored with the last batch.
 *
 * - A new task is checked at once (./start-check.ts): groups it may create are created, and
 *   a task the driver could not start is failed before it runs.
 * - A container is followed once it has run (RUNNING, or STOPPED with an exit code) and until
 *   everything it wrote is stored; a follow that fails runs again with backoff.
 * - Positions of a task go when its record goes (expiry), or at start when it is gone.
 */
import { Change, Store } from '../../state/store.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { ContainerDoc, TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { Follower, FollowTarget, ShipperDeps } from './follower.js';
import { notYetStarted, prepareTaskLogging } from './start-check.js';
import { streamOf, taskAwslogs, usesAwslogs } from './task-awslogs.js';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

const hasRun = (c: ContainerDoc) => c.runtimeId !== undefined && (c.lastStatus === 'RUNNING' || (c.lastStatus === 'STOPPED' && c.exitCode !== undefined));

export class LogShipper {
  /** Followed containers by runtime id. */
  private readonly following = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private unwatch?: () => void;
  private stopped = false;

  constructor(private readonly deps: ShipperDeps & { store: Store }) {}

  /**
   * Checks the tasks that have not started a container yet (created before a restart, not yet
   * reconciled): call before the task controller starts.
   */
  checkWaitingTasks(): void {
    for (const rec of this.deps.store.list<TaskDoc>(KIND.task)) {
      if (notYetStarted(rec.doc)) prepareTaskLogging(this.deps.store, rec.id, rec.doc, this.deps.clock.now());
    }
  }

  start(): void {
    this.unwatch = this.deps.store.watch((change) => this.onChange(change));
    const tasks = this.deps.store.list<TaskDoc>(KIND.task);
    const live = new Set(tasks.map((r) => r.id));
    for (const c of this.deps.events.checkpoints()) if (!live.has(c.owner)) this.deps.events.dropCheckpoint(c.source);
    for (const rec of tasks) this.consider(rec.id, rec.doc);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unwatch?.();
    for (const f of this.following.values()) f.abort.abort();
    await Promise.all([...this.following.values()].map((f) => f.done));
  }

  private onChange(change: Change): void {
    if (change.kind !== KIND.task) return;
    if (!change.record) return this.forget(change.previous as TaskDoc | undefined);
    const task = change.record.doc as TaskDoc;
    if (!change.previous) prepareTaskLogging(this.deps.store, change.id, task, this.deps.clock.now());
    this.consider(change.id, task);
  }

  /** Follows the task's awslogs containers that have run and are not followed yet. */
  private consider(key: string, task: TaskDoc): void {
    if (this.stopped || !usesAwslogs(task) || !task.containers.some(hasRun)) return;
    const found = taskAwslogs(task);
    if ('failure' in found) return;
    for (const c of found.containers) {
      const doc = task.containers.find((d) => d.name === c.name);
      if (!doc || !hasRun(doc) || this.following.has(doc.runtimeId!)) continue;
      const target: FollowTarget = {
        source: doc.runtimeId!, hostId: task.berth.hostId, owner: key, scope: c.scope, group: c.config.group, stream: streamOf(task, c, doc.runtimeId!), config: c.config,
      };
      this.follow(target);
    }
  }

  private follow(target: FollowTarget): void {
    const abort = new AbortController();
    const done = this.runUntilEnd(target, abort.signal).finally(() => this.following.delete(target.source));
    this.following.set(target.source, { abort, done });
  }

  /** Runs the follower until its container's output is all stored (or Berth stops), retrying with backoff. */
  private async runUntilEnd(target: FollowTarget, signal: AbortSignal): Promise<void> {
    const follower = new Follower(this.deps, target);
    for (let delay = RETRY_MIN_MS; !signal.aborted; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
      try {
        if ((await follower.run(signal)) !== 'aborted') return;
      } catch (err) {
        this.deps.log.warn('shipping container output failed; retrying', { container: target.source, err });
        await pause(delay, signal);
      }
    }
  }

  /** A task record is gone (expired): its positions go too, once a follower still running has let go. */
  private forget(task: TaskDoc | undefined): void {
    for (const c of task?.containers ?? []) {
      const source = c.runtimeId;
      if (!source) continue;
      const running = this.following.get(source);
      running?.abort.abort();
      void (running?.done ?? Promise.resolve()).then(() => this.deps.events.dropCheckpoint(source));
    }
  }
}

/** Waits `ms`, or less when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
