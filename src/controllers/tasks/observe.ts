/** Turns runtime container states into the lifecycle's view and the task's container fields. */
import { ContainerState } from '../../runtime/runtime.js';
import { ContainerDef } from '../../services/ecs/domain/task-definition-rules.js';
import { ContainerDoc, NetworkBinding, TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { LABEL } from './container-spec.js';
import { containerHealth, exitReason, Observed } from './lifecycle.js';

export interface TaskContainers {
  /** Runtime state by ECS container name. */
  byName: Record<string, ContainerState>;
  pause?: ContainerState;
  /** Containers of the task that should not exist (duplicates). */
  extras: ContainerState[];
}

export function groupContainers(states: ContainerState[]): TaskContainers {
  const out: TaskContainers = { byName: {}, extras: [] };
  for (const s of states) {
    if (s.labels[LABEL.role] === 'pause') {
      if (out.pause) out.extras.push(s);
      else out.pause = s;
      continue;
    }
    const name = s.labels[LABEL.containerName];
    if (!name) continue;
    if (out.byName[name]) out.extras.push(s);
    else out.byName[name] = s;
  }
  return out;
}

export function observe(s: ContainerState | undefined): Observed | undefined {
  if (!s) return undefined;
  const started = s.startedAt !== undefined;
  return {
    created: true,
    running: s.running,
    started,
    exited: started && !s.running && (s.status === 'exited' || s.status === 'dead'),
    exitCode: s.exitCode,
    health: s.health,
    startedAt: s.startedAt,
  };
}

export function observeAll(c: TaskContainers): Record<string, Observed | undefined> {
  return Object.fromEntries(Object.entries(c.byName).map(([n, s]) => [n, observe(s)]));
}

function bindings(task: TaskDoc, def: ContainerDef, s: ContainerState): NetworkBinding[] {
  if (task.berth.networkMode === 'bridge') {
    return s.ports.map((p) => ({ bindIP: p.hostIp, containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol }));
  }
  if (task.berth.networkMode === 'host') {
    return (def.portMappings ?? []).filter((pm) => pm.containerPort).map((pm) => ({
      bindIP: '0.0.0.0', containerPort: pm.containerPort!, hostPort: pm.containerPort!, protocol: pm.protocol === 'udp' ? 'udp' : 'tcp',
    }));
  }
  return [];
}

/** The container's wire fields given what the runtime shows; a container that vanished counts as stopped. */
export function containerFields(task: TaskDoc, def: ContainerDef, doc: ContainerDoc, s: ContainerState | undefined): ContainerDoc {
  if (!s) {
    if (doc.runtimeId && doc.lastStatus !== 'STOPPED') {
      return { ...doc, lastStatus: 'STOPPED', reason: doc.reason ?? 'CannotInspectContainerError: the container was removed outside of Berth' };
    }
    return doc;
  }
  const o = observe(s)!;
  const lastStatus = o.running ? 'RUNNING' : o.exited ? 'STOPPED' : doc.lastStatus;
  return {
    ...doc,
    runtimeId: s.id,
    imageDigest: s.imageDigest ?? doc.imageDigest,
    lastStatus,
    exitCode: o.exited ? s.exitCode : doc.exitCode,
    reason: (o.exited ? exitReason(s.oomKilled) : undefined) ?? doc.reason,
    networkBindings: o.running ? bindings(task, def, s) : doc.networkBindings,
    healthStatus: containerHealth(def, o),
  };
}
