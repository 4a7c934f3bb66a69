/**
 * Publishes AWS/ECS CPUUtilization and MemoryUtilization from the engine's container stats:
 * four times a minute (CloudWatch's minute, which --metric-period-seconds may shorten) it
 * samples each RUNNING task's containers, turns the growth of their CPU counters into CPU
 * units used since the last round, and puts the service and cluster datapoints
 * (src/services/ecs/domain/utilization.ts) into the metrics store, in the account and region
 * of their cluster (clusters of one name in two regions are two clusters). A container seen
 * for the first time has no CPU rate yet, so its task joins from the next round.
 */
import { parseArn } from '../../platform/aws/arn.js';
import { Scope, scopePrefix } from '../../platform/aws/scope.js';
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { Datum, MetricsStore, writerResolution } from '../../metrics/store.js';
import { ContainerRuntime } from '../../runtime/runtime.js';
import { RuntimePool } from '../../runtime/runtime-pool.js';
import { Store } from '../../state/store.js';
import { ContainerInstanceDoc } from '../../services/ecs/domain/container-instances.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { ClusterCapacity, cpuUnitsBetween, cpuUsageNsOf, memoryMiBOf, TaskSample, utilizationData } from '../../services/ecs/domain/utilization.js';

export interface EcsMetricsDeps {
  store: Store;
  /** The local engine; `runtimes` has the remote hosts' (tasks name theirs). */
  runtime: ContainerRuntime;
  runtimes?: RuntimePool;
  metrics: MetricsStore;
  clock: Clock;
  log: Logger;
  /** CloudWatch's minute in seconds (60; shorter to compress time): sampling runs four times a minute, at least every 15 s. */
  minuteSeconds: number;
}

/** Stats calls in flight at once: the engine answers each in a few milliseconds. */
const PARALLEL = 8;

/** The account and region of an ECS ARN (a cluster's, a container instance's). */
function scopeOfArn(arn: string): Scope | undefined {
  const parsed = parseArn(arn);
  return parsed && { accountId: parsed.accountId, region: parsed.region };
}

/** What one account and region's clusters had in a round. */
interface ScopedRound {
  scope: Scope;
  samples: TaskSample[];
  clusters: ClusterCapacity[];
}

export class EcsMetricsCollector {
  private readonly previous = new Map<string, { usageNs: number; at: number }>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly deps: EcsMetricsDeps) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.collect().catch((err) => this.deps.log.warn('ECS metrics round failed', { err })).finally(() => (this.running = undefined));
    }, Math.min(15_000, (this.deps.minuteSeconds * 1000) / 4));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One round: sample, publish. */
  async collect(): Promise<void> {
    const tasks = this.deps.store.list<TaskDoc>(KIND.task).map((r) => r.doc).filter((t) => t.lastStatus === 'RUNNING');
    const ids = tasks.flatMap((t) => t.containers.flatMap((c) => (c.runtimeId ? [{ id: c.runtimeId, hostId: t.berth.hostId }] : [])));
    const stats = await this.sample(ids);
    const at = this.deps.clock.now();
    const samples: TaskSample[] = [];
    for (const task of tasks) {
      const sample = this.taskSample(task, stats, at.getTime());
      if (sample) samples.push(sample);
    }
    for (const id of this.previous.keys()) if (!stats.has(id)) this.previous.delete(id);
    const resolution = writerResolution(this.deps.minuteSeconds);
    const data = [...this.byScope(samples).values()].flatMap((r): Datum[] =>
      utilizationData(r.samples, r.clusters, at, resolution).map((d) => ({ ...d, ...r.scope })));
    if (data.length > 0) this.deps.metrics.put(data);
  }

  /** The round's samples and clusters, by the account and region of their cluster. */
  private byScope(samples: TaskSample[]): Map<string, ScopedRound> {
    const rounds = new Map<string, ScopedRound>();
    const roundOf = (arn: string) => {
      const scope = scopeOfArn(arn);
      if (!scope) return undefined;
      const key = scopePrefix(scope);
      if (!rounds.has(key)) rounds.set(key, { scope, samples: [], clusters: [] });
      return rounds.get(key)!;
    };
    for (const s of samples) roundOf(s.task.clusterArn)?.samples.push(s);
    for (const c of this.clusters()) roundOf(c.arn)?.clusters.push(c.capacity);
    return rounds;
  }

  private async sample(ids: { id: string; hostId?: string }[]): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    const engine = (hostId?: string) => (hostId && this.deps.runtimes ? this.deps.runtimes.get(hostId) : this.deps.runtime);
    for (let i = 0; i < ids.length; i += PARALLEL) {
      await Promise.all(ids.slice(i, i + PARALLEL).map(async ({ id, hostId }) => {
        const s = await Promise.resolve().then(() => engine(hostId).containerStats(id)).catch(() => undefined);
        if (s) out.set(id, s);
      }));
    }
    return out;
  }

  private taskSample(task: TaskDoc, stats: Map<string, Record<string, unknown>>, at: number): TaskSample | undefined {
    let cpuUnits = 0;
    let memoryMiB = 0;
    let complete = true;
    for (const c of task.containers) {
      const s = c.runtimeId ? stats.get(c.runtimeId) : undefined;
      const usageNs = s && cpuUsageNsOf(s);
      if (!s || usageNs === undefined) continue;
      const before = this.previous.get(c.runtimeId!);
      this.previous.set(c.runtimeId!, { usageNs, at });
      if (before) cpuUnits += cpuUnitsBetween(before, { usageNs, at });
      else complete = false;
      memoryMiB += memoryMiBOf(s);
    }
    return complete ? { task, cpuUnits, memoryMiB } : undefined;
  }

  /** Each cluster's registered capacity, with the ARN of one of its instances (which names its account and region). */
  private clusters(): { arn: string; capacity: ClusterCapacity }[] {
    const byCluster = new Map<string, { arn: string; capacity: ClusterCapacity }>();
    for (const { doc } of this.deps.store.list<ContainerInstanceDoc>(KIND.containerInstance)) {
      if (doc.status !== 'ACTIVE') continue;
      const arn = doc.containerInstanceArn;
      const clusterName = arn.split('/')[1];
      const key = `${arn.slice(0, arn.indexOf(':container-instance/'))}/${clusterName}`;
      const c = byCluster.get(key) ?? { arn, capacity: { clusterName, cpuUnits: 0, memoryMiB: 0 } };
      c.capacity.cpuUnits += doc.registered.cpu;
      c.capacity.memoryMiB += doc.registered.memory;
      byCluster.set(key, c);
    }
    return [...byCluster.values()];
  }
}
