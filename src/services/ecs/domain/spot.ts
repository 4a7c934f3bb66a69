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
