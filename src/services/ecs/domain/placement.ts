/**
 * Pure resource accounting for EC2 placement: what a task reserves and whether a
 * container instance can take it, with AWS's failure reasons.
 */
import { TaskSpec } from './task-doc.js';

export interface Demand { cpu: number; memory: number; tcpPorts: number[]; udpPorts: number[] }
export interface Capacity { cpu: number; memory: number; tcpPorts: number[]; udpPorts: number[] }

/** Ports the ECS agent reserves on every Linux instance. */
export const AGENT_RESERVED_PORTS = [22, 2375, 2376, 51678, 51679];
/** ECS reserves at most 100 host ports per instance, the agent's own included. */
const MAX_RESERVED_PORTS = 100;

export function taskDemand(spec: TaskSpec): Demand {
  const containerCpu = spec.containers.reduce((n, c) => n + (c.cpu ?? 0), 0);
  const containerMemory = spec.containers.reduce((n, c) => n + (c.memoryReservation ?? c.memory ?? 0), 0);
  const tcpPorts: number[] = [];
  const udpPorts: number[] = [];
  for (const c of spec.containers) {
    for (const pm of c.portMappings ?? []) {
      const hostPort = spec.networkMode === 'host' ? pm.containerPort : spec.networkMode === 'bridge' ? pm.hostPort : undefined;
      if (!hostPort) continue;
      (pm.protocol === 'udp' ? udpPorts : tcpPorts).push(hostPort);
    }
  }
  return { cpu: spec.cpu ?? containerCpu, memory: spec.memory ?? containerMemory, tcpPorts, udpPorts };
}

export function remaining(registered: Capacity, placed: Demand[]): Capacity {
  return {
    cpu: registered.cpu - placed.reduce((n, d) => n + d.cpu, 0),
    memory: registered.memory - placed.reduce((n, d) => n + d.memory, 0),
    tcpPorts: [...registered.tcpPorts, ...placed.flatMap((d) => d.tcpPorts)],
    udpPorts: [...registered.udpPorts, ...placed.flatMap((d) => d.udpPorts)],
  };
}

/** The first resource the instance lacks, in the order AWS reports them, or undefined when it fits. */
export function placementFailure(free: Capacity, demand: Demand): string | undefined {
  if (demand.cpu > free.cpu) return 'RESOURCE:CPU';
  if (demand.memory > free.memory) return 'RESOURCE:MEMORY';
  if (demand.tcpPorts.some((p) => free.tcpPorts.includes(p)) || hasDuplicate(demand.tcpPorts)) return 'RESOURCE:PORTS';
  if (free.tcpPorts.length + demand.tcpPorts.length > MAX_RESERVED_PORTS) return 'RESOURCE:PORTS';
  if (demand.udpPorts.some((p) => free.udpPorts.includes(p)) || hasDuplicate(demand.udpPorts)) return 'RESOURCE:PORTS_UDP';
  return undefined;
}

/** Placement asks this of every instance for every task, so the common case (no or one port) allocates nothing. */
const hasDuplicate = (ports: number[]) => ports.length > 1 && new Set(ports).size !== ports.length;
