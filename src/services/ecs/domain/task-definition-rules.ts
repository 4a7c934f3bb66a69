/**
 * Pure rules for RegisterTaskDefinition: normalising task size strings, checking
 * container definitions, and deciding Fargate compatibility, with AWS's messages.
 * Each rule returns an error message (string) or undefined so tests can table them.
 */
import { ContainerDefinition, RegisterTaskDefinitionRequest, Volume } from '../../../protocol/generated/ecs.js';

/** A container definition as registered: the contract's ContainerDefinition. */
export type ContainerDef = ContainerDefinition;
export type VolumeDef = Volume;

/** What the rules read of a task definition: the registration's members, as given or as stored. */
export type TaskDefInput = Omit<RegisterTaskDefinitionRequest, 'tags'>;

const NAME_RE = /^[A-Za-z0-9_-]{1,255}$/;

/** "1 vCPU" → "1024", "0.25 vcpu" → "256", "512" → "512". */
export function normaliseCpu(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(value);
  if (!m) return value;
  return m[2] ? String(Math.round(Number(m[1]) * 1024)) : String(Number(m[1]));
}

/** "1GB" / "1 GB" → "1024", "512" → "512". */
export function normaliseMemory(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gb)?\s*$/i.exec(value);
  if (!m) return value;
  return m[2] ? String(Math.round(Number(m[1]) * 1024)) : String(Number(m[1]));
}

/** Valid Fargate (Linux) task sizes: cpu → allowed memory values in MiB. */
export function fargateMemoryOptions(cpu: number): number[] {
  const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
  switch (cpu) {
    case 256: return [512, 1024, 2048];
    case 512: return [1024, 2048, 3072, 4096];
    case 1024: return range(2048, 8192, 1024);
    case 2048: return range(4096, 16384, 1024);
    case 4096: return range(8192, 30720, 1024);
    case 8192: return range(16384, 61440, 4096);
    case 16384: return range(32768, 122880, 8192);
    default: return [];
  }
}

export function checkFargateSize(cpu: string | undefined, memory: string | undefined): string | undefined {
  if (cpu === undefined) return "Fargate requires that 'cpu' be defined at the task level.";
  if (memory === undefined) return "Fargate requires that 'memory' be defined at the task level.";
  if (!fargateMemoryOptions(Number(cpu)).includes(Number(memory))) {
    return `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`;
  }
  return undefined;
}

/** Why a task definition cannot run on Fargate, or undefined when it can. */
export function fargateIncompatibility(td: TaskDefInput): string | undefined {
  if ((td.networkMode ?? 'bridge') !== 'awsvpc') return 'Fargate only supports network mode \u2018awsvpc\u2019.';
  const size = checkFargateSize(td.cpu, td.memory);
  if (size) return size;
  if (td.pidMode && td.pidMode !== 'task') return `Tasks using the Fargate launch type do not support pidMode '${td.pidMode}'. The supported value for pidMode is 'task'.`;
  if (td.ipcMode) return 'Tasks using the Fargate launch type do not support ipcMode.';
  if (td.placementConstraints?.length) return 'Fargate does not support placement constraints.';
  for (const v of td.volumes ?? []) {
    // Fargate's bind mounts live on task storage: `host: {}` is fine, a host path is not.
    if (v.host?.sourcePath) return 'Fargate compatible task definitions do not support sourcePath';
    if (v.dockerVolumeConfiguration) return `Fargate does not support 'dockerVolumeConfiguration' (volume '${v.name}'); use bind mounts or EFS.`;
  }
  for (const c of td.containerDefinitions) {
    const bad = fargateContainerProblem(c);
    if (bad) return bad;
  }
  return undefined;
}

function fargateContainerProblem(c: ContainerDef): string | undefined {
  const forbidden: [keyof ContainerDef, string][] = [
    ['privileged', 'privileged'], ['links', 'links'], ['dnsServers', 'dnsServers'], ['dnsSearchDomains', 'dnsSearchDomains'],
    ['extraHosts', 'extraHosts'], ['dockerSecurityOptions', 'dockerSecurityOptions'], ['disableNetworking', 'disableNetworking'],
    ['systemControls', 'systemControls'],
  ];
  for (const [field, label] of forbidden) {
    const v = c[field];
    if (v === true || (Array.isArray(v) && v.length > 0)) return `Fargate does not support '${label}' (container '${c.name}').`;
  }
  if (c.resourceRequirements?.some((r) => r.type === 'GPU')) {
    return `Fargate does not support 'gpu' (container '${c.name}').`;
  }
  const lp = c.linuxParameters;
  if (lp) {
    if (lp.devices?.length) return `Fargate does not support 'linuxParameters.devices' (container '${c.name}').`;
    if (lp.sharedMemorySize !== undefined) return `Fargate does not support 'linuxParameters.sharedMemorySize' (container '${c.name}').`;
    if (lp.tmpfs?.length) return `Fargate does not support 'linuxParameters.tmpfs' (container '${c.name}').`;
    if (lp.maxSwap !== undefined || lp.swappiness !== undefined) return `Fargate does not support swap settings (container '${c.name}').`;
    const added = (lp.capabilities?.add ?? []).filter((cap) => cap !== 'SYS_PTRACE');
    if (added.length) return `Fargate only supports adding the SYS_PTRACE kernel capability (container '${c.name}').`;
  }
  for (const pm of c.portMappings ?? []) {
    if (pm.hostPort !== undefined && pm.containerPort !== undefined && pm.hostPort !== pm.containerPort) {
      return 'When networkMode=awsvpc, the host ports and container ports in port mappings must match.';
    }
  }
  return undefined;
}

/** Problems every launch type rejects. */
export function taskDefinitionProblem(td: TaskDefInput): string | undefined {
  if (!NAME_RE.test(td.family)) {
    return 'Family contains invalid characters. Family names can be up to 255 characters long and can contain letters (uppercase and lowercase), numbers, hyphens, and underscores.';
  }
  const containers = td.containerDefinitions;
  if (containers.length === 0) return 'Container list cannot be empty.';
  if (containers.length > 10) return 'Too many containers in the task definition. The maximum is 10.';
  const names = new Set<string>();
  for (const c of containers) {
    if (!c.name) return 'Container.name should not be null or empty.';
    if (!NAME_RE.test(c.name)) return `Container.name contains invalid characters.`;
    if (names.has(c.name)) return `Duplicate container name '${c.name}'.`;
    names.add(c.name);
    if (!c.image) return 'Container.image should not be null or empty.';
  }
  if (!containers.some((c) => c.essential !== false)) return 'A task definition must have at least one essential container.';
  if (!td.executionRoleArn && containers.some((c) => c.secrets?.length)) {
    return "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.";
  }
  return volumeProblem(td) ?? containersProblem(td, names) ?? dependencyCycle(containers);
}

function volumeProblem(td: TaskDefInput): string | undefined {
  const seen = new Set<string>();
  for (const v of td.volumes ?? []) {
    if (!v.name) return 'Volume name should not be null or empty.';
    if (seen.has(v.name)) return `Duplicate volume name '${v.name}'.`;
    seen.add(v.name);
    if (v.efsVolumeConfiguration || v.fsxWindowsFileServerVolumeConfiguration || v.s3filesVolumeConfiguration) {
      return `Volume '${v.name}': Berth does not support EFS, FSx or S3 Files volumes; use a host bind mount or a Docker volume.`;
    }
    if (v.host && v.dockerVolumeConfiguration) return `Volume '${v.name}' cannot specify both host and dockerVolumeConfiguration.`;
  }
  return undefined;
}

function containersProblem(td: TaskDefInput, names: Set<string>): string | undefined {
  const mode = td.networkMode ?? 'bridge';
  const volumes = new Set((td.volumes ?? []).map((v) => v.name));
  for (const c of td.containerDefinitions) {
    if (td.memory === undefined && c.memory === undefined && c.memoryReservation === undefined && !td.requiresCompatibilities?.includes('FARGATE')) {
      return `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`;
    }
    if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation > c.memory) {
      return `Invalid setting for container '${c.name}'. 'memoryReservation' must be less than or equal to 'memory'.`;
    }
    if (c.memory !== undefined && c.memory < 6) return `Invalid setting for container '${c.name}'. The minimum memory is 6 MiB.`;
    if (c.links?.length && mode !== 'bridge') return 'Links are only supported for the bridge network mode.';
    if (mode === 'none' && c.portMappings?.length) return "Port mappings are not supported for network mode 'none'.";
    for (const pm of c.portMappings ?? []) {
      if (pm.containerPort === undefined && !pm.containerPortRange) return `Invalid setting for container '${c.name}'. A port mapping must specify containerPort.`;
      if ((mode === 'host' || mode === 'awsvpc') && pm.hostPort !== undefined && pm.hostPort !== pm.containerPort) {
        return `When networkMode=${mode}, the host ports and container ports in port mappings must match.`;
      }
    }
    for (const mp of c.mountPoints ?? []) {
      if (!mp.sourceVolume || !volumes.has(mp.sourceVolume)) return `Invalid 'mountPoints' setting for container '${c.name}'. Unknown volume '${mp.sourceVolume ?? ''}'.`;
      if (!mp.containerPath) return `Invalid 'mountPoints' setting for container '${c.name}'. containerPath should not be empty.`;
    }
    for (const vf of c.volumesFrom ?? []) {
      if (!vf.sourceContainer || !names.has(vf.sourceContainer)) return `Invalid 'volumesFrom' setting for container '${c.name}'. Unknown container '${vf.sourceContainer ?? ''}'.`;
    }
    const dep = dependsOnProblem(c, td.containerDefinitions);
    if (dep) return dep;
    const hc = healthCheckProblem(c);
    if (hc) return hc;
  }
  return undefined;
}

function dependsOnProblem(c: ContainerDef, all: ContainerDef[]): string | undefined {
  for (const d of c.dependsOn ?? []) {
    const target = all.find((x) => x.name === d.containerName);
    if (!target) return `Container '${c.name}' depends on unknown container '${d.containerName}'.`;
    if ((d.condition === 'COMPLETE' || d.condition === 'SUCCESS') && target.essential !== false) {
      return `Dependency condition ${d.condition} cannot be used with essential container '${d.containerName}'.`;
    }
    if (d.condition === 'HEALTHY' && !target.healthCheck) {
      return `Dependency condition HEALTHY requires container '${d.containerName}' to have a health check.`;
    }
  }
  return undefined;
}

function healthCheckProblem(c: ContainerDef): string | undefined {
  const hc = c.healthCheck;
  if (!hc) return undefined;
  const first = hc.command[0];
  if (first !== 'CMD' && first !== 'CMD-SHELL' && first !== 'NONE') {
    return `Invalid healthCheck for container '${c.name}'. The command must start with CMD or CMD-SHELL.`;
  }
  const ranges: [string, number | undefined, number, number][] = [
    ['interval', hc.interval, 5, 300], ['timeout', hc.timeout, 2, 60], ['retries', hc.retries, 1, 10], ['startPeriod', hc.startPeriod, 0, 300],
  ];
  for (const [name, v, lo, hi] of ranges) {
    if (v !== undefined && (v < lo || v > hi)) return `Invalid healthCheck for container '${c.name}'. ${name} must be between ${lo} and ${hi}.`;
  }
  return undefined;
}

function dependencyCycle(containers: ContainerDef[]): string | undefined {
  const deps = new Map(containers.map((c) => [c.name!, [...(c.dependsOn ?? []).map((d) => d.containerName), ...(c.links ?? []).map((l) => l.split(':')[0]), ...(c.volumesFrom ?? []).map((v) => v.sourceContainer!)]]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): boolean => {
    if (state.get(name) === 'done') return false;
    if (state.get(name) === 'visiting') return true;
    state.set(name, 'visiting');
    const cyclic = (deps.get(name) ?? []).some(visit);
    state.set(name, 'done');
    return cyclic;
  };
  return containers.some((c) => visit(c.name!)) ? 'Container dependency cycle detected in dependsOn, links or volumesFrom.' : undefined;
}
