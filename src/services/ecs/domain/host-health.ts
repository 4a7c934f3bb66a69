/**
 * What a remote host's probe means for its container instance: the agent is connected
 * while its engine answers; an engine silent for longer than the grace period is lost,
 * and the tasks it ran are stopped so that services replace them elsewhere.
 */
import { ContainerInstanceDoc } from './container-instances.js';

export interface HostHealth {
  agentConnected: boolean;
  /** When the engine stopped answering; absent while connected. */
  disconnectedAt?: string;
  /** When the grace period ran out; the host's tasks were stopped then. */
  lostAt?: string;
}

/** The instance's next health after a probe, or undefined when nothing changes. */
export function nextHealth(current: HostHealth, answered: boolean, now: Date, graceMs: number): HostHealth | undefined {
  if (answered) return current.agentConnected && !current.lostAt ? undefined : { agentConnected: true };
  const disconnectedAt = current.disconnectedAt ?? now.toISOString();
  const lost = current.lostAt ?? (now.getTime() - Date.parse(disconnectedAt) >= graceMs ? now.toISOString() : undefined);
  const next: HostHealth = { agentConnected: false, disconnectedAt, ...(lost ? { lostAt: lost } : {}) };
  return next.agentConnected === current.agentConnected && next.disconnectedAt === current.disconnectedAt && next.lostAt === current.lostAt
    ? undefined : next;
}

/** AWS's stoppedReason for a task whose instance went away. */
export const lostHostReason = (inst: Pick<ContainerInstanceDoc, 'ec2InstanceId'>) => `Host EC2 (instance ${inst.ec2InstanceId}) stopped/terminated.`;
