/** How the scheduler sees a service's tasks: the pure rollout's task view, health included. */
import { TargetRegistry } from '../../services/elbv2/domain/ports.js';
import { ServiceDoc } from '../../services/ecs/domain/service-doc.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { rolloutHealth, RolloutTask } from '../../services/ecs/domain/rollout.js';
import { ReadTx } from '../../state/store.js';
import { Scope } from '../../platform/aws/scope.js';
import { ContainerInstanceDoc, freeCapacity } from '../../services/ecs/domain/container-instances.js';
import { taskDemand } from '../../services/ecs/domain/placement.js';
import { serviceStrategy, tasksToStop, TaskHost, validatePlacementStrategy } from '../../services/ecs/domain/placement/index.js';

function targetStates(t: TaskDoc, registry: TargetRegistry | undefined): { state: string; targetGroupArn: string }[] | undefined {
  const lbs = t.berth.loadBalancers ?? [];
  if (lbs.length === 0) return undefined;
  const registered = t.berth.registeredTargets ?? [];
  return lbs.map((lb) => {
    const target = registered.find((r) => r.targetGroupArn === lb.targetGroupArn);
    const state = target && registry ? registry.state(target.targetGroupArn, target) ?? 'initial' : 'initial';
    return { state, targetGroupArn: lb.targetGroupArn! };
  });
}

/** A stop the scheduler, a user or a Spot reclaim made is not a failed task (health-check stops are). */
function stoppedOnPurpose(t: TaskDoc): boolean {
  if (t.stopCode === 'UserInitiated' || t.stopCode === 'SpotInterruption') return true;
  return t.stopCode === 'ServiceSchedulerInitiated' && !(t.stoppedReason ?? '').startsWith('Task failed');
}

export function toRolloutTask(t: TaskDoc, svc: ServiceDoc, registry: TargetRegistry | undefined, now: number, draining: Set<string> = new Set()): RolloutTask {
  const { health, reason } = rolloutHealth({
    running: t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING',
    startedAt: t.startedAt ? new Date(t.startedAt).getTime() : undefined,
    containerHealth: t.healthStatus,
    hasEssentialHealthCheck: t.berth.containers.some((c) => c.essential !== false && c.healthCheck),
    targets: targetStates(t, registry),
    graceSeconds: svc.healthCheckGracePeriodSeconds ?? 0,
  }, now);
  return {
    taskArn: t.taskArn,
    deploymentId: t.startedBy ?? '',
    active: t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED',
    stopped: t.lastStatus === 'STOPPED',
    everRunning: t.startedAt !== undefined,
    health,
    unhealthyReason: reason,
    stoppedOnPurpose: stoppedOnPurpose(t),
    createdAt: new Date(t.createdAt).getTime(),
    draining: t.containerInstanceArn !== undefined && draining.has(t.containerInstanceArn),
  };
}

/** When the 40-second rule next changes a task's health, for a timer. */
export function nextHealthChangeMs(tasks: TaskDoc[], now: number): number | undefined {
  const waits = tasks
    .filter((t) => t.lastStatus === 'RUNNING' && t.startedAt && !(t.berth.loadBalancers ?? []).length)
    .map((t) => new Date(t.startedAt!).getTime() + 40_000 - now)
    .filter((ms) => ms > 0);
  return waits.length ? Math.min(...waits) + 50 : undefined;
}

/** Launch throttling starts after this many tasks in a row failed to reach RUNNING. */
const THROTTLE_AFTER = 5;
const THROTTLE_BASE_MS = 5_000;
/** AWS caps the delay between launch attempts at 15 minutes. */
const THROTTLE_MAX_MS = 15 * 60_000;

/**
 * Tasks of the current deployment that failed to start in a row (newest first, up to the
 * last one that ran) and, past the threshold, until when launches wait. A new deployment
 * starts with a clean slate, as UpdateService clears AWS's throttle.
 */
export function launchThrottle(tasks: TaskDoc[], deploymentId: string): { failures: number; blockedUntil?: number } {
  const mine = tasks.filter((t) => t.startedBy === deploymentId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  let failures = 0;
  let lastStop = 0;
  for (const t of mine) {
    if (t.startedAt) break;
    if (t.lastStatus !== 'STOPPED' || stoppedOnPurpose(t)) continue;
    failures += 1;
    lastStop = Math.max(lastStop, new Date(t.stoppedAt ?? t.createdAt).getTime());
  }
  if (failures < THROTTLE_AFTER) return { failures };
  return { failures, blockedUntil: lastStop + Math.min(THROTTLE_MAX_MS, THROTTLE_BASE_MS * 2 ** (failures - THROTTLE_AFTER)) };
}

/**
 * When the primary deployment has more tasks than wanted, the order its placement strategies
 * (by default spread across zones, then instances) would stop them in, so scaling in keeps the
 * balance placement made. Empty otherwise: the pass costs nothing when nothing scales in.
 */
export function scaleInOrder(tx: ReadTx, scope: Scope, cluster: string, svc: ServiceDoc, tasks: TaskDoc[], instances: ContainerInstanceDoc[], desiredCount: number): Map<string, number> {
  const primary = svc.deployments[0]?.id;
  const running = tasks.filter((t) => t.startedBy === primary && t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED' && t.containerInstanceArn);
  const excess = running.length - desiredCount;
  if (excess <= 0) return new Map();
  const hosts: TaskHost[] = instances.map((i) => ({ containerInstanceArn: i.containerInstanceArn, attributes: i.attributes, free: freeCapacity(tx, scope, cluster, i) }));
  const candidates = running.map((t) => ({ taskArn: t.taskArn, containerInstanceArn: t.containerInstanceArn!, demand: taskDemand(t.berth) }));
  const strategies = serviceStrategy(validatePlacementStrategy(svc.placementStrategy));
  return new Map(tasksToStop(candidates, hosts, excess, strategies, Math.random).map((arn, i) => [arn, i]));
}
