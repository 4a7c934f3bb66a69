/**
 * The AWS/ECS CPUUtilization and MemoryUtilization metrics, as AWS computes them from the
 * tasks' use and reservation:
 * - per service: 100 × (CPU units / MiB used by the service's tasks) ÷ (units / MiB the
 *   tasks reserve); minimum and maximum are those of single tasks;
 * - per cluster: 100 × (used by every task in the cluster) ÷ (registered on its container
 *   instances).
 * Pure: the collector samples the engine and hands the samples here.
 */
import { Datum, StatisticSet } from '../../../metrics/store.js';
import { TaskDoc } from './task-doc.js';

/** One task's use over the last sampling interval. */
export interface TaskSample {
  task: TaskDoc;
  /** CPU units used (1024 = one core busy the whole interval). */
  cpuUnits: number;
  memoryMiB: number;
}

export interface ClusterCapacity {
  clusterName: string;
  /** Registered on the cluster's ACTIVE container instances. */
  cpuUnits: number;
  memoryMiB: number;
}

/** What a task reserves: task-level size, else the sum of its containers'. */
export function reservation(t: TaskDoc): { cpuUnits: number; memoryMiB: number } {
  const containers = t.berth.containers;
  return {
    cpuUnits: t.berth.cpu ?? containers.reduce((n, c) => n + (c.cpu ?? 0), 0),
    memoryMiB: t.berth.memory ?? containers.reduce((n, c) => n + (c.memory ?? c.memoryReservation ?? 0), 0),
  };
}

const clusterOf = (t: TaskDoc) => t.clusterArn.slice(t.clusterArn.lastIndexOf('/') + 1);
const serviceOf = (t: TaskDoc) => (t.group?.startsWith('service:') ? t.group.slice('service:'.length) : undefined);

function percentSet(used: number[], reserved: number[]): StatisticSet | undefined {
  const totalReserved = reserved.reduce((a, b) => a + b, 0);
  if (totalReserved <= 0) return undefined;
  const each = used.map((u, i) => (reserved[i] > 0 ? (100 * u) / reserved[i] : 0));
  const value = (100 * used.reduce((a, b) => a + b, 0)) / totalReserved;
  return { sum: value, sampleCount: 1, minimum: Math.min(value, ...each), maximum: Math.max(value, ...each) };
}

/** A datapoint before the collector gives it the account and region of the clusters it was computed for. */
export type UnscopedDatum = Omit<Datum, 'accountId' | 'region'>;

/**
 * The datapoints of one sampling round of one account and region's clusters; `storageResolution` 1
 * when CloudWatch's minute is shortened (tests, demos).
 */
export function utilizationData(samples: TaskSample[], clusters: ClusterCapacity[], timestamp: Date, storageResolution: 1 | 60 = 60): UnscopedDatum[] {
  const datum = (metricName: string, dimensions: Datum['dimensions'], statistics: StatisticSet | undefined): UnscopedDatum[] =>
    statistics ? [{ namespace: 'AWS/ECS', metricName, dimensions, statistics, unit: 'Percent', timestamp, storageResolution }] : [];
  const out: UnscopedDatum[] = [];
  const byService = new Map<string, TaskSample[]>();
  for (const s of samples) {
    const service = serviceOf(s.task);
    if (service === undefined) continue;
    const key = `${clusterOf(s.task)}\n${service}`;
    byService.set(key, [...(byService.get(key) ?? []), s]);
  }
  for (const [key, group] of byService) {
    const [clusterName, serviceName] = key.split('\n');
    const dims = [{ name: 'ClusterName', value: clusterName }, { name: 'ServiceName', value: serviceName }];
    const reserved = group.map((s) => reservation(s.task));
    out.push(...datum('CPUUtilization', dims, percentSet(group.map((s) => s.cpuUnits), reserved.map((r) => r.cpuUnits))));
    out.push(...datum('MemoryUtilization', dims, percentSet(group.map((s) => s.memoryMiB), reserved.map((r) => r.memoryMiB))));
  }
  for (const c of clusters) {
    const inCluster = samples.filter((s) => clusterOf(s.task) === c.clusterName);
    const dims = [{ name: 'ClusterName', value: c.clusterName }];
    const sum = (f: (s: TaskSample) => number) => inCluster.reduce((n, s) => n + f(s), 0);
    out.push(...datum('CPUUtilization', dims, percentSet([sum((s) => s.cpuUnits)], [c.cpuUnits])));
    out.push(...datum('MemoryUtilization', dims, percentSet([sum((s) => s.memoryMiB)], [c.memoryMiB])));
  }
  return out;
}

/** CPU units used between two readings of a cumulative CPU counter (nanoseconds of CPU time). */
export function cpuUnitsBetween(previous: { usageNs: number; at: number }, current: { usageNs: number; at: number }): number {
  const wallNs = (current.at - previous.at) * 1e6;
  if (wallNs <= 0 || current.usageNs < previous.usageNs) return 0;
  return ((current.usageNs - previous.usageNs) / wallNs) * 1024;
}

/** Memory in use as ECS counts it: the cgroup's usage without the page cache (v1 `cache`, v2 `inactive_file`). */
export function memoryMiBOf(stats: Record<string, unknown>): number {
  const memory = stats.memory_stats as { usage?: number; stats?: Record<string, number> } | undefined;
  const usage = memory?.usage ?? 0;
  const cache = memory?.stats?.cache ?? memory?.stats?.inactive_file ?? 0;
  return Math.max(0, usage - cache) / (1024 * 1024);
}

/** The cumulative CPU time in the stats (nanoseconds). */
export function cpuUsageNsOf(stats: Record<string, unknown>): number | undefined {
  const cpu = stats.cpu_stats as { cpu_usage?: { total_usage?: number } } | undefined;
  return cpu?.cpu_usage?.total_usage;
}
