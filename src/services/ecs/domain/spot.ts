/**
 * Spot interruptions. A FARGATE_SPOT task is reclaimed as AWS reclaims it: the task is
 * asked to stop with `SpotInterruption` and AWS's reason (the warning), so it leaves its
 * target groups first, gets SIGTERM, and SIGKILL after its stopTimeout, while its service
 * starts a replacement at once. An interrupted Spot host (EC2 Spot instance draining, the
 * agent's ECS_ENABLE_SPOT_INSTANCE_DRAINING) becomes DRAINING, so its service tasks move.
 */
import { ContainerInstanceDoc } from './container-instances.js';
import { TaskDoc } from './task-doc.js';

export const SPOT_REASON = 'Your Spot Task was interrupted.';

/** Why a task cannot be interrupted, or undefined when it can. */
export function notInterruptible(t: TaskDoc): string | undefined {
  if (t.capacityProviderName !== 'FARGATE_SPOT') return `task ${t.taskArn} does not run on FARGATE_SPOT`;
  if (t.desiredStatus === 'STOPPED') return `task ${t.taskArn} is already stopping`;
  return undefined;
}

export function interruptTask(t: TaskDoc, now: Date): TaskDoc {
  return { ...t, desiredStatus: 'STOPPED', stopCode: 'SpotInterruption', stoppedReason: SPOT_REASON, stoppingAt: now.toISOString(), version: t.version + 1 };
}

export function interruptInstance(inst: ContainerInstanceDoc): ContainerInstanceDoc | undefined {
  if (inst.status !== 'ACTIVE') return undefined;
  return { ...inst, status: 'DRAINING', version: inst.version + 1 };
}

/**
 * Chaos: the chance that a Spot task is reclaimed within `intervalMs`, for a rate of
 * `perHour` interruptions per task-hour (a Poisson process, so ticks of any length agree).
 */
export function interruptionChance(perHour: number, intervalMs: number): number {
  return perHour <= 0 ? 0 : 1 - Math.exp(-perHour * (intervalMs / 3_600_000));
}

/** The running Spot tasks a chaos tick reclaims, each drawn once against `chance`. */
export function chaosVictims(tasks: TaskDoc[], chance: number, random: () => number): TaskDoc[] {
  return tasks.filter((t) => t.lastStatus === 'RUNNING' && notInterruptible(t) === undefined && random() < chance);
}
