/**
 * Pure task-lifecycle rules: when a container may start (dependsOn, links, volumesFrom),
 * what status a task has given its containers, which containers may stop next, and the
 * task's health. No I/O and no clock reads: `now` is passed in.
 */
import { ContainerDef } from '../../services/ecs/domain/task-definition-rules.js';
import { HealthStatus, TaskStatus } from '../../services/ecs/domain/task-doc.js';

/** What the runtime shows for one of the task's containers. */
export interface Observed {
  created: boolean;
  running: boolean;
  /** Started at least once (running now, or exited after running). */
  started: boolean;
  exited: boolean;
  exitCode?: number;
  health?: 'starting' | 'healthy' | 'unhealthy';
  startedAt?: Date;
}

export type Verdict = { ready: true } | { ready: false; never?: string };

const READY: Verdict = { ready: true };
const WAIT: Verdict = { ready: false };

/** Every container this one needs started first: explicit dependsOn plus links and volumesFrom (START). */
export function dependenciesOf(c: ContainerDef): { containerName: string; condition: string }[] {
  const implicit = [...(c.links ?? []).map((l) => l.split(':')[0]), ...(c.volumesFrom ?? []).map((v) => v.sourceContainer!)]
    .map((containerName) => ({ containerName, condition: 'START' }));
  return [...(c.dependsOn ?? []), ...implicit];
}

function conditionVerdict(condition: string, target: string, dep: Observed | undefined, depDef: ContainerDef | undefined, now: Date): Verdict {
  if (!dep) return WAIT;
  // The agent treats a startTimeout of 0 or less as no timeout.
  const startTimeout = depDef?.startTimeout ?? 0;
  const timedOut = startTimeout > 0 && dep.startedAt !== undefined && now.getTime() - dep.startedAt.getTime() > startTimeout * 1000;
  const met = (() => {
    switch (condition) {
      case 'START': return dep.started || dep.exited;
      case 'COMPLETE': return dep.exited;
      case 'SUCCESS': return dep.exited && dep.exitCode === 0;
      case 'HEALTHY': return dep.health === 'healthy';
      default: return false;
    }
  })();
  if (met) return READY;
  if (condition === 'SUCCESS' && dep.exited) {
    return { ready: false, never: `dependency graph: failed to resolve the container ordering dependency [${target}] as dependency did not exit successfully.` };
  }
  if (condition === 'HEALTHY' && dep.exited) {
    return { ready: false, never: `dependency graph: failed to resolve the container ordering dependency [${target}] as dependency exited before becoming healthy.` };
  }
  if (timedOut) return { ready: false, never: `dependency graph: failed to resolve the container ordering dependency [${target}] within its startTimeout.` };
  return WAIT;
}

/** Whether container `c` may start now, must wait, or can never start. */
export function startVerdict(c: ContainerDef, defs: ContainerDef[], observed: Record<string, Observed | undefined>, now: Date): Verdict {
  for (const d of dependenciesOf(c)) {
    const v = conditionVerdict(d.condition, d.containerName, observed[d.containerName], defs.find((x) => x.name === d.containerName), now);
    if (!v.ready) return v;
  }
  return READY;
}

/**
 * The task is RUNNING once every container is running or has exited (an exited
 * essential container stops the task separately); until then it is PENDING.
 */
export function startedTaskStatus(defs: ContainerDef[], observed: Record<string, Observed | undefined>): TaskStatus {
  const allUp = defs.every((c) => {
    const o = observed[c.name!];
    return o !== undefined && (o.running || o.exited);
  });
  return allUp ? 'RUNNING' : 'PENDING';
}

/** The first essential container that has exited, if any. */
export function exitedEssential(defs: ContainerDef[], observed: Record<string, Observed | undefined>): string | undefined {
  return defs.find((c) => c.essential !== false && observed[c.name!]?.exited)?.name;
}

/**
 * Containers that may be stopped now: running ones that no still-running container
 * depends on (shutdown runs in reverse dependency order).
 */
export function stoppable(defs: ContainerDef[], observed: Record<string, Observed | undefined>): string[] {
  const running = defs.filter((c) => observed[c.name!]?.running).map((c) => c.name!);
  return running.filter((name) => !defs.some((other) =>
    other.name !== name && observed[other.name!]?.running && dependenciesOf(other).some((d) => d.containerName === name)));
}

export function containerHealth(def: ContainerDef, o: Observed | undefined): HealthStatus {
  if (!def.healthCheck || !o) return 'UNKNOWN';
  if (o.health === 'healthy') return 'HEALTHY';
  if (o.health === 'unhealthy') return 'UNHEALTHY';
  return 'UNKNOWN';
}

/** Task health looks only at essential containers: any UNHEALTHY wins, then any UNKNOWN. */
export function taskHealth(defs: ContainerDef[], health: Record<string, HealthStatus>): HealthStatus {
  const essential = defs.filter((c) => c.essential !== false).map((c) => health[c.name!] ?? 'UNKNOWN');
  if (essential.includes('UNHEALTHY')) return 'UNHEALTHY';
  if (essential.includes('UNKNOWN')) return 'UNKNOWN';
  return 'HEALTHY';
}

/** The ECS reason for a container's exit. */
export function exitReason(oomKilled: boolean, error?: string): string | undefined {
  if (oomKilled) return 'OutOfMemoryError: Container killed due to memory usage';
  if (error) return `CannotStartContainerError: ${error}`;
  return undefined;
}
