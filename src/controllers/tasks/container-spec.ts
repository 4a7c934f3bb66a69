/**
 * Pure translation of an ECS container definition (with overrides applied) into the
 * runtime's ContainerSpec: names, labels, resources, networking, volumes, health check.
 */
import { ContainerSpec, Mount } from '../../runtime/runtime.js';
import { ContainerDef, VolumeDef } from '../../services/ecs/domain/task-definition-rules.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';

export const LABEL = {
  owner: 'berth.owner',
  role: 'berth.role',
  taskArn: 'com.amazonaws.ecs.task-arn',
  cluster: 'com.amazonaws.ecs.cluster',
  containerName: 'com.amazonaws.ecs.container-name',
  family: 'com.amazonaws.ecs.task-definition-family',
  revision: 'com.amazonaws.ecs.task-definition-version',
} as const;

export interface SpecContext {
  ownerId: string;
  /** Host address published ports bind to. */
  publishIp: string;
  /** Docker names of the task's containers by ECS name (for links and volumesFrom). */
  dockerNames: Record<string, string>;
  /** Runtime id of the awsvpc pause container. */
  pauseId?: string;
  /** Parent cgroup holding the task-level limits, when the runtime could make one. */
  cgroupParent?: string;
  /** Variables the agent sets (the credentials and metadata endpoints, the Region); `environment` may override them. */
  agentEnv?: Record<string, string>;
  /** The container's `secrets`, read by the agent; they come last, so they win. */
  secretEnv?: Record<string, string>;
}

const MiB = 1024 * 1024;
const DEFAULT_STOP_TIMEOUT_SECONDS = 30;
/** The ECS agent never gives a container fewer than 2 CPU shares (Linux kernel minimum). */
const MIN_CPU_SHARES = 2;

export const taskIdOf = (task: TaskDoc) => task.taskArn.split('/').pop()!;

/** The task's parent cgroup name. */
export const cgroupName = (task: TaskDoc) => `task-${taskIdOf(task)}`;

export function dockerName(task: TaskDoc, containerName: string): string {
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, '-');
  return `ecs-${safe(task.berth.family)}-${task.berth.revision}-${safe(containerName)}-${taskIdOf(task).slice(0, 20)}`;
}

export function taskLabels(task: TaskDoc, ownerId: string): Record<string, string> {
  return {
    [LABEL.owner]: ownerId,
    [LABEL.taskArn]: task.taskArn,
    [LABEL.cluster]: task.clusterArn,
    [LABEL.family]: task.berth.family,
    [LABEL.revision]: String(task.berth.revision),
  };
}

/** Name of a task-scoped Docker volume; shared-scope volumes keep their own name. */
export function volumeName(task: TaskDoc, volume: VolumeDef): string {
  if (volume.dockerVolumeConfiguration?.scope === 'shared') return volume.name!;
  return `ecs-${task.berth.family}-${task.berth.revision}-${volume.name}-${taskIdOf(task).slice(0, 20)}`;
}

function mounts(task: TaskDoc, c: ContainerDef): Mount[] {
  const out: Mount[] = [];
  for (const mp of c.mountPoints ?? []) {
    const volume = task.berth.volumes.find((v) => v.name === mp.sourceVolume)!;
    const source = volume.host?.sourcePath;
    out.push(source
      ? { type: 'bind', source, target: mp.containerPath!, readOnly: mp.readOnly ?? false }
      : { type: 'volume', source: volumeName(task, volume), target: mp.containerPath!, readOnly: mp.readOnly ?? false });
  }
  for (const t of c.linuxParameters?.tmpfs ?? []) {
    out.push({ type: 'tmpfs', target: t.containerPath, tmpfsSizeBytes: t.size * MiB, tmpfsOptions: t.mountOptions });
  }
  return out;
}

function healthCheck(c: ContainerDef): ContainerSpec['healthCheck'] {
  const hc = c.healthCheck;
  if (!hc) return undefined;
  return { test: hc.command, intervalSeconds: hc.interval ?? 30, timeoutSeconds: hc.timeout ?? 5, retries: hc.retries ?? 3, startPeriodSeconds: hc.startPeriod ?? 0 };
}

function networking(task: TaskDoc, c: ContainerDef, ctx: SpecContext): Partial<ContainerSpec> & { networkMode: string } {
  const mode = task.berth.networkMode;
  if (mode === 'awsvpc') return { networkMode: `container:${ctx.pauseId}` };
  if (mode === 'none' || c.disableNetworking) return { networkMode: 'none' };
  const common = { hostname: c.hostname as string | undefined, extraHosts: c.extraHosts?.map((h) => `${h.hostname}:${h.ipAddress}`), dns: c.dnsServers };
  if (mode === 'host') return { networkMode: 'host', ...common, hostname: undefined };
  return {
    networkMode: 'bridge',
    ...common,
    links: c.links?.map((l) => {
      const [target, alias] = l.split(':');
      return `${ctx.dockerNames[target]}:${alias ?? target}`;
    }),
    portBindings: (c.portMappings ?? []).filter((pm) => pm.containerPort !== undefined).map((pm) => ({
      containerPort: pm.containerPort!,
      protocol: pm.protocol === 'udp' ? 'udp' : 'tcp',
      hostIp: ctx.publishIp,
      hostPort: pm.hostPort || undefined,
    })),
  };
}

/** Task-level cpu as a hard quota: 1024 units = one CPU, as on Fargate. */
export function taskNanoCpus(task: TaskDoc): number | undefined {
  return task.berth.cpu ? Math.round((task.berth.cpu / 1024) * 1e9) : undefined;
}

function resources(task: TaskDoc, c: ContainerDef, cgroupParent: string | undefined): Partial<ContainerSpec> {
  const common = {
    cpuShares: Math.max(c.cpu ?? 0, MIN_CPU_SHARES),
    memoryReservationBytes: c.memoryReservation ? c.memoryReservation * MiB : undefined,
  };
  // With a task cgroup the task limits bound all containers together; without one
  // each container gets the task limits as its own (the closest per-container bound).
  if (cgroupParent) return { ...common, cgroupParent, memoryBytes: c.memory ? c.memory * MiB : undefined };
  const memory = c.memory ?? task.berth.memory;
  return { ...common, memoryBytes: memory ? memory * MiB : undefined, nanoCpus: taskNanoCpus(task) };
}

export function containerSpec(task: TaskDoc, c: ContainerDef, ctx: SpecContext): ContainerSpec {
  const pairs = (vars: Record<string, string> | undefined) => Object.entries(vars ?? {}).map(([name, value]) => `${name}=${value}`);
  // Docker keeps the last of repeated names.
  const env = [
    ...pairs(ctx.agentEnv),
    ...((c.environment as { name?: string; value?: string }[]) ?? []).map((e) => `${e.name}=${e.value ?? ''}`),
    ...pairs(ctx.secretEnv),
  ];
  const lp = c.linuxParameters;
  return {
    name: ctx.dockerNames[c.name!],
    image: c.image!,
    labels: { ...((c.dockerLabels as Record<string, string>) ?? {}), ...taskLabels(task, ctx.ownerId), [LABEL.containerName]: c.name!, [LABEL.role]: 'container' },
    command: c.command as string[] | undefined,
    entryPoint: c.entryPoint as string[] | undefined,
    env,
    workingDir: c.workingDirectory as string | undefined,
    user: c.user as string | undefined,
    ...resources(task, c, ctx.cgroupParent),
    ...networking(task, c, ctx),
    ulimits: (c.ulimits as { name: string; softLimit: number; hardLimit: number }[] | undefined)?.map((u) => ({ name: u.name, soft: u.softLimit, hard: u.hardLimit })),
    readonlyRootfs: c.readonlyRootFilesystem as boolean | undefined,
    privileged: c.privileged,
    init: lp?.initProcessEnabled,
    capAdd: lp?.capabilities?.add,
    capDrop: lp?.capabilities?.drop,
    shmSizeBytes: lp?.sharedMemorySize ? lp.sharedMemorySize * MiB : undefined,
    mounts: mounts(task, c),
    volumesFrom: c.volumesFrom?.map((v) => `${ctx.dockerNames[v.sourceContainer!]}${v.readOnly ? ':ro' : ''}`),
    tty: c.pseudoTerminal as boolean | undefined,
    openStdin: c.interactive as boolean | undefined,
    healthCheck: healthCheck(c),
    stopTimeoutSeconds: c.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS,
  };
}

export function stopTimeoutOf(c: ContainerDef): number {
  return c.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS;
}
