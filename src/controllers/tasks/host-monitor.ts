/**
 * Watches the remote Docker hosts: probes each registered host's engine every few
 * seconds and records the answer on its container instance (`agentConnected`). A host
 * silent past the grace period is lost: the tasks it ran are stopped with AWS's reason,
 * and the task controller finishes them without asking the engine. A host that answers
 * again is reconciled (containers of tasks Berth no longer runs are removed).
 */
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { RuntimePool } from '../../runtime/runtime-pool.js';
import { Store } from '../../state/store.js';
import { ContainerInstanceDoc } from '../../services/ecs/domain/container-instances.js';
import { listHosts } from '../../services/ecs/domain/hosts.js';
import { lostHostReason, nextHealth } from '../../services/ecs/domain/host-health.js';
import { instanceKeyFromArn, KIND } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { listTasks, TASK_KEYS } from '../../services/ecs/domain/task-index.js';

export interface HostMonitorDeps {
  store: Store;
  runtimes: RuntimePool;
  clock: Clock;
  log: Logger;
  intervalMs: number;
  /** How long an engine may stay silent before its host counts as lost. */
  graceMs: number;
  /** Called when a host answers again after being disconnected. */
  onReconnect: (hostId: string) => void;
}

export class HostMonitor {
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly deps: HostMonitorDeps) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.probeAll().finally(() => this.schedule()), this.deps.intervalMs);
    this.timer.unref();
  }

  /** Probes every registered host at once, so one hung engine delays no other. */
  async probeAll(): Promise<void> {
    const hosts = listHosts(this.deps.store).filter((h) => h.registration);
    await Promise.all(hosts.map(async (h) => {
      const answered = await this.probe(h.hostId);
      try {
        this.record(h.registration!.containerInstanceArn, h.hostId, answered);
      } catch (err) {
        this.deps.log.warn('recording a host\'s health failed', { hostId: h.hostId, err });
      }
    }));
  }

  private async probe(hostId: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), this.deps.intervalMs); });
    try {
      const answer = Promise.resolve().then(() => this.deps.runtimes.get(hostId).info()).then(() => true, () => false);
      return await Promise.race([answer, silent]);
    } finally {
      clearTimeout(timer);
    }
  }

  private record(arn: string, hostId: string, answered: boolean): void {
    const { store, clock, log } = this.deps;
    const key = instanceKeyFromArn(arn);
    if (!key) return;
    const now = clock.now();
    const change = store.transact((tx) => {
      const rec = tx.get<ContainerInstanceDoc>(KIND.containerInstance, key);
      if (!rec || rec.doc.status === 'INACTIVE') return undefined;
      const next = nextHealth(rec.doc, answered, now, this.deps.graceMs);
      if (!next) return undefined;
      const { disconnectedAt: _d, lostAt: _l, ...rest } = rec.doc;
      const doc: ContainerInstanceDoc = { ...rest, ...next, version: rec.doc.version + 1 };
      tx.put(KIND.containerInstance, key, doc);
      if (next.lostAt && !rec.doc.lostAt) stopTasksOf(tx, doc, key.split('/', 2).join('/') + '/', now);
      return { was: rec.doc, now: doc };
    });
    if (!change) return;
    if (change.now.lostAt && !change.was.lostAt) log.warn('a Docker host is lost; its tasks are stopped', { hostId });
    else if (!change.now.agentConnected && change.was.agentConnected) log.warn('a Docker host stopped answering', { hostId });
    else if (change.now.agentConnected && !change.was.agentConnected) {
      log.info('a Docker host answers again', { hostId });
      this.deps.onReconnect(hostId);
    }
  }
}

function stopTasksOf(tx: Parameters<Parameters<Store['transact']>[0]>[0], inst: ContainerInstanceDoc, scopePrefix: string, now: Date): void {
  const cluster = inst.containerInstanceArn.split('/').at(-2)!;
  const id = inst.containerInstanceArn.split('/').at(-1)!;
  for (const rec of listTasks(tx, TASK_KEYS.activeOn(`${scopePrefix}${cluster}`, id))) {
    const t = rec.doc as TaskDoc;
    if (t.containerInstanceArn !== inst.containerInstanceArn || t.desiredStatus === 'STOPPED') continue;
    tx.put(KIND.task, rec.id, {
      ...t, desiredStatus: 'STOPPED', stoppedReason: lostHostReason(inst), stoppingAt: now.toISOString(), version: t.version + 1,
    });
  }
}
