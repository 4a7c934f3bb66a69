/**
 * The task controller converges each ECS task record with the containers on the
 * engine. It is driven by store changes (new tasks, StopTask), runtime events (a
 * container started, died, changed health) and timers (startTimeout, expiry).
 */
import { Change, ReadTx } from '../../state/store.js';
import { ContainerInstanceDoc } from '../../services/ecs/domain/container-instances.js';
import { getHost, listHosts } from '../../services/ecs/domain/hosts.js';
import { ContainerRuntime, RuntimeEvent } from '../../runtime/runtime.js';
import { LOCAL_HOST } from '../../runtime/runtime-pool.js';
import { instanceKeyFromArn, KIND, taskKeyFromArn } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { activeOnNetwork } from '../../services/ecs/domain/task-index.js';
import { LABEL } from './container-spec.js';
import { TaskControllerDeps, TaskPass } from './deps.js';
import { groupContainers } from './observe.js';
import { advance, markRunning, syncContainers } from './task-start.js';
import { cleanUp, releaseResources, StopTracker } from './task-stop.js';
import { WorkQueue } from '../../platform/work-queue.js';
import { OutageLog } from '../outage-log.js';
import { deregisterTargets, drained, registerTargets, taskTargets } from './targets.js';

/** How often a DEACTIVATING task checks whether its targets finished draining. */
const DRAIN_POLL_MS = 500;

function hostLost(store: ReadTx, t: TaskDoc): boolean {
  if (!t.berth.hostId || !t.containerInstanceArn) return false;
  const key = instanceKeyFromArn(t.containerInstanceArn);
  return key ? store.get<ContainerInstanceDoc>(KIND.containerInstance, key)?.doc.lostAt !== undefined : false;
}

/** Fields the controller owns; everything else (desired state, tags) belongs to the API. */
const API_OWNED = ['desiredStatus', 'stopCode', 'stoppedReason', 'stoppingAt', 'tags'] as const;

export class TaskController {
  private readonly queue: WorkQueue;
  private readonly stops: StopTracker;
  private unsubscribers: (() => void)[] = [];

  constructor(private readonly deps: TaskControllerDeps) {
    const outage = new OutageLog(deps.log, 'task reconcile');
    this.queue = new WorkQueue((key) => this.reconcile(key), deps.concurrency, (key, err) => outage.failed(key, err), () => outage.succeeded());
    this.stops = new StopTracker(deps, (key) => this.queue.add(key));
  }

  /** Adopts what is running, removes containers of unknown tasks, and starts watching. */
  async start(): Promise<void> {
    const { store, runtime, runtimes, ownerId } = this.deps;
    this.unsubscribers.push(store.watch((c) => this.onStoreChange(c)));
    const onEvent = (e: RuntimeEvent) => {
      if (e.labels[LABEL.owner] !== ownerId) return;
      const key = taskKeyFromArn(e.labels[LABEL.taskArn] ?? '');
      if (key) this.queue.add(key);
    };
    this.unsubscribers.push(runtimes ? runtimes.subscribe((_host, e) => onEvent(e)) : runtime.subscribe(onEvent));
    for (const hostId of runtimes?.ids() ?? [LOCAL_HOST]) {
      await this.reapUnknown(runtimes?.get(hostId) ?? runtime).catch((err) => this.deps.log.warn('a Docker host could not be cleaned up', { hostId, err }));
    }
    for (const rec of store.list<TaskDoc>(KIND.task)) this.queue.add(rec.id);
    // At once, not at the next task: the route and the endpoint's port may have changed since the last run.
    for (const host of listHosts(store)) {
      if (host.registration) this.deps.hostNetworking?.prepare(host).catch((err) => this.deps.log.warn('a Docker host could not be set up', { hostId: host.hostId, err }));
    }
  }

  /** A host that answers again: removes containers of tasks Berth no longer runs there, and looks at its tasks. */
  async hostReconnected(hostId: string): Promise<void> {
    const { runtimes, store, log } = this.deps;
    if (!runtimes) return;
    const host = getHost(store, hostId);
    if (host) await this.deps.hostNetworking?.refresh(host);
    await this.reapUnknown(runtimes.get(hostId)).catch((err) => log.warn('a Docker host could not be cleaned up', { hostId, err }));
    for (const rec of store.list<TaskDoc>(KIND.task)) if (rec.doc.berth.hostId === hostId) this.queue.add(rec.id);
  }

  async stop(): Promise<void> {
    this.unsubscribers.forEach((u) => u());
    this.queue.close();
  }

  /** Resolves when no reconcile is queued or running (for tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private onStoreChange(change: Change): void {
    if (change.kind !== KIND.task || !change.record) return;
    const doc = change.record.doc as TaskDoc;
    const previous = change.previous as TaskDoc | undefined;
    // The controller's own writes need no reaction; new tasks and StopTask do.
    if (!previous || previous.desiredStatus !== doc.desiredStatus) this.queue.add(change.id);
  }

  private async reapUnknown(runtime: ContainerRuntime): Promise<void> {
    const { store, ownerId, log } = this.deps;
    for (const c of await runtime.listContainers({ [LABEL.owner]: ownerId })) {
      const key = taskKeyFromArn(c.labels[LABEL.taskArn] ?? '');
      if (key && store.get(KIND.task, key)) continue;
      log.info('removing a container of no known task', { container: c.name });
      await runtime.removeContainer(c.id, { force: true });
    }
  }

  /**
   * The deps of a task's pass: its host's engine, and the address its ports are published on;
   * for a task still to start there, the host's awsvpc networks and pause image, and whether its
   * tasks reach the task endpoint.
   */
  private async onHost(t: TaskDoc): Promise<TaskControllerDeps> {
    const { runtimes, hostNetworking } = this.deps;
    if (!t.berth.hostId || !runtimes) return this.deps;
    // A remote host's ports are reached from Berth's machine over the network, as an EC2 instance's are.
    const host = getHost(this.deps.store, t.berth.hostId);
    const deps = { ...this.deps, runtime: runtimes.get(t.berth.hostId), publishIp: '0.0.0.0', pullRegistry: host?.registry ?? null };
    const starting = t.desiredStatus === 'RUNNING' && t.lastStatus !== 'RUNNING';
    if (!starting || !host || !hostNetworking) return deps;
    const prepared = await hostNetworking.prepare(host);
    return { ...deps, networks: prepared.networks, pauseImage: prepared.pauseImage, taskEndpoint: this.deps.taskEndpoint && prepared.taskEndpoint };
  }

  private async reconcile(key: string): Promise<void> {
    const { store, ownerId, clock } = this.deps;
    const rec = store.get<TaskDoc>(KIND.task, key);
    if (!rec) return;
    // A lost host's engine does not answer: its tasks are finished from the record alone.
    const lost = hostLost(store, rec.doc);
    const deps = lost ? this.deps : await this.onHost(rec.doc);
    const { runtime } = deps;
    const states = lost ? [] : await runtime.listContainers({ [LABEL.owner]: ownerId, [LABEL.taskArn]: rec.doc.taskArn });
    const p: TaskPass = { key, t: structuredClone(rec.doc), containers: groupContainers(states), now: clock.now() };
    for (const extra of p.containers.extras) await runtime.removeContainer(extra.id, { force: true });
    p.containers.extras = [];
    if (p.t.lastStatus === 'STOPPED') return this.expire(p, deps, lost);
    if (p.t.desiredStatus === 'RUNNING') await this.bringUp(p, deps);
    if (p.t.desiredStatus === 'STOPPED') await this.takeDown(p, deps, lost);
    if (p.requeueAfterMs) this.queue.addAfter(key, p.requeueAfterMs);
  }

  private async bringUp(p: TaskPass, deps: TaskControllerDeps): Promise<void> {
    const next = await advance(p, deps, (network) => activeOnNetwork(this.deps.store, network), () => this.save(p));
    p.t = this.save(p);
    if (next === 'ACTIVATING' && p.t.desiredStatus === 'RUNNING') {
      p.t.lastStatus = 'ACTIVATING';
      p.t = this.save(p);
      this.register(p);
      markRunning(p.t, this.deps.clock.now());
      p.t = this.save(p);
    }
  }

  private register(p: TaskPass): void {
    const { targets, store } = this.deps;
    if (!targets || !(p.t.berth.loadBalancers ?? []).length) return;
    const registered = taskTargets(store, p.t, targets);
    try {
      registerTargets(targets, registered);
      p.t.berth.registeredTargets = registered;
    } catch (err) {
      // A target group deleted under a running service: the task still runs, unregistered.
      this.deps.log.warn('registering task targets failed', { task: p.t.taskArn, err });
    }
  }

  /** Deregisters the task's targets once and reports whether their draining is over. */
  private deregister(p: TaskPass): boolean {
    const { targets, clock } = this.deps;
    const registered = p.t.berth.registeredTargets ?? [];
    if (!targets || registered.length === 0) return true;
    if (!p.t.berth.deregisteredAt) {
      try {
        deregisterTargets(targets, registered);
      } catch (err) {
        this.deps.log.warn('deregistering task targets failed', { task: p.t.taskArn, err });
      }
      p.t.berth.deregisteredAt = clock.now().toISOString();
      p.t = this.save(p);
    }
    return drained(targets, registered, new Date(p.t.berth.deregisteredAt!), clock.now());
  }

  private async takeDown(p: TaskPass, deps: TaskControllerDeps, lost: boolean): Promise<void> {
    if (p.t.lastStatus === 'RUNNING' || p.t.lastStatus === 'ACTIVATING') {
      p.t.lastStatus = 'DEACTIVATING';
      p.t = this.save(p);
    }
    // A Spot reclaim sends SIGTERM at the warning, as ECS does: the targets are deregistered
    // first, but the task does not wait for them to drain (the app must finish its requests).
    const waitsForDrain = p.t.stopCode !== 'SpotInterruption';
    if (p.t.lastStatus === 'DEACTIVATING' && !this.deregister(p) && waitsForDrain) {
      p.requeueAfterMs = DRAIN_POLL_MS;
      return;
    }
    if (p.t.lastStatus !== 'STOPPING' && p.t.lastStatus !== 'DEPROVISIONING') {
      p.t.lastStatus = 'STOPPING';
      p.t = this.save(p);
    }
    if (!this.stops.stopContainers(p, deps.runtime)) return;
    syncContainers(p);
    p.t.containers = p.t.containers.map((c) => (c.lastStatus === 'STOPPED' ? c : { ...c, lastStatus: 'STOPPED' }));
    p.t.lastStatus = 'DEPROVISIONING';
    p.t = this.save(p);
    if (lost) p.t.attachments = p.t.attachments.map((a) => ({ ...a, status: 'DELETED' }));
    else await releaseResources(p, deps);
    const now = this.deps.clock.now().toISOString();
    p.t.lastStatus = 'STOPPED';
    p.t.executionStoppedAt ??= now;
    p.t.stoppedAt = now;
    p.t = this.save(p);
    this.queue.addAfter(p.key, this.deps.stoppedTaskRetentionMs);
  }

  private async expire(p: TaskPass, deps: TaskControllerDeps, lost: boolean): Promise<void> {
    const due = new Date(p.t.stoppedAt ?? p.t.createdAt).getTime() + this.deps.stoppedTaskRetentionMs;
    const wait = due - p.now.getTime();
    if (wait > 0) return this.queue.addAfter(p.key, Math.min(wait, 2 ** 31 - 1));
    if (!lost) await cleanUp(p.t, p, deps);
    this.deps.store.transact((tx) => tx.delete(KIND.task, p.key));
  }

  /**
   * Writes the controller's fields onto the current record when they changed. A stop
   * requested meanwhile through the API is kept: desired STOPPED is never undone.
   */
  private save(p: TaskPass): TaskDoc {
    return this.deps.store.transact((tx) => {
      const current = tx.get<TaskDoc>(KIND.task, p.key);
      if (!current) return p.t;
      const merged: TaskDoc = { ...p.t };
      const apiStopped = current.doc.desiredStatus === 'STOPPED';
      const weStopped = p.t.desiredStatus === 'STOPPED' && !apiStopped;
      if (!weStopped) for (const f of API_OWNED) (merged as unknown as Record<string, unknown>)[f] = current.doc[f];
      else merged.tags = current.doc.tags;
      merged.version = current.doc.version;
      if (JSON.stringify(merged) === JSON.stringify(current.doc)) return current.doc;
      merged.version = current.doc.version + 1;
      tx.put(KIND.task, p.key, merged);
      return merged;
    });
  }
}
