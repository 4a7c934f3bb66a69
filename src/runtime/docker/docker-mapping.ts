/**
 * Pure translations between the runtime vocabulary and Docker Engine API 1.41 bodies.
 * Kept free of I/O so they can be tested table-driven.
 */
import type { ContainerSpec, ContainerState, ContainerStatus, Mount, PortBinding, RuntimeEvent, RuntimeEventType } from '../runtime.js';

/** Docker's zero time, used for "never started/finished". */
const NEVER = '0001-01-01T00:00:00Z';

const BUILTIN_NETWORKS = new Set(['none', 'bridge', 'host', 'default']);

/** Drops undefined members so bodies stay minimal and comparable. */
function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const seconds = (s: number): number => Math.round(s * 1e9);
const portKey = (p: PortBinding): string => `${p.containerPort}/${p.protocol}`;

function portBindings(ports: PortBinding[] | undefined) {
  if (!ports?.length) return {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  const exposed: Record<string, Record<string, never>> = {};
  for (const p of ports) {
    (bindings[portKey(p)] ??= []).push({ HostIp: p.hostIp, HostPort: p.hostPort ? String(p.hostPort) : '' });
    exposed[portKey(p)] = {};
  }
  return { bindings, exposed };
}

/**
 * API 1.41 Mounts can express only tmpfs size, mode and ro; any other option
 * (noexec, nosuid, uid=...) needs the HostConfig.Tmpfs form, which takes a raw option string.
 */
function splitMounts(mounts: Mount[] | undefined) {
  const apiMounts: Record<string, unknown>[] = [];
  const tmpfs: Record<string, string> = {};
  for (const m of mounts ?? []) {
    if (m.type !== 'tmpfs') {
      apiMounts.push(compact({ Type: m.type, Source: m.source, Target: m.target, ReadOnly: m.readOnly }));
      continue;
    }
    const opts = m.tmpfsOptions ?? [];
    const mode = opts.find((o) => o.startsWith('mode='));
    const readOnly = m.readOnly || opts.includes('ro');
    if (opts.every((o) => o === 'rw' || o === 'ro' || o === mode)) {
      const tmpfsOptions = compact({ SizeBytes: m.tmpfsSizeBytes, Mode: mode ? parseInt(mode.slice(5), 8) : undefined });
      apiMounts.push(compact({ Type: 'tmpfs', Target: m.target, ReadOnly: readOnly || undefined, TmpfsOptions: tmpfsOptions }));
    } else {
      const size = m.tmpfsSizeBytes ? [`size=${m.tmpfsSizeBytes}`] : [];
      tmpfs[m.target] = [...opts, ...(m.readOnly ? ['ro'] : []), ...size].join(',');
    }
  }
  return { apiMounts, tmpfs };
}

/** The POST /containers/create body for a spec (the name travels in the query string). */
export function toCreateBody(spec: ContainerSpec): Record<string, unknown> {
  const ports = portBindings(spec.portBindings);
  const { apiMounts, tmpfs } = splitMounts(spec.mounts);
  const hc = spec.healthCheck;
  const userNetwork = !BUILTIN_NETWORKS.has(spec.networkMode) && !spec.networkMode.startsWith('container:');
  const hostConfig = compact({
    NetworkMode: spec.networkMode,
    PortBindings: ports.bindings,
    CpuShares: spec.cpuShares,
    Memory: spec.memoryBytes,
    MemoryReservation: spec.memoryReservationBytes,
    NanoCpus: spec.nanoCpus,
    CgroupParent: spec.cgroupParent,
    Links: spec.links,
    ExtraHosts: spec.extraHosts,
    Dns: spec.dns,
    Ulimits: spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
    ReadonlyRootfs: spec.readonlyRootfs,
    Privileged: spec.privileged,
    Init: spec.init,
    CapAdd: spec.capAdd,
    CapDrop: spec.capDrop,
    ShmSize: spec.shmSizeBytes,
    Mounts: apiMounts.length ? apiMounts : undefined,
    Tmpfs: Object.keys(tmpfs).length ? tmpfs : undefined,
    VolumesFrom: spec.volumesFrom,
  });
  return compact({
    Image: spec.image,
    Labels: spec.labels,
    Env: spec.env,
    Cmd: spec.command,
    Entrypoint: spec.entryPoint,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Hostname: spec.hostname,
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    Healthcheck: hc && {
      Test: hc.test,
      Interval: seconds(hc.intervalSeconds),
      Timeout: seconds(hc.timeoutSeconds),
      Retries: hc.retries,
      StartPeriod: seconds(hc.startPeriodSeconds),
    },
    StopSignal: spec.stopSignal,
    StopTimeout: spec.stopTimeoutSeconds,
    ExposedPorts: ports.exposed,
    HostConfig: hostConfig,
    NetworkingConfig: userNetwork && spec.ipv4Address
      ? { EndpointsConfig: { [spec.networkMode]: { IPAMConfig: { IPv4Address: spec.ipv4Address } } } }
      : undefined,
  });
}

/** The subset of GET /containers/{id}/json that Berth reads. */
export interface DockerInspect {
  Id: string;
  Name: string;
  /** The image id, `sha256:…`. */
  Image?: string;
  Config: { Image: string; Labels: Record<string, string> | null };
  State: {
    Status: ContainerStatus; Running: boolean; ExitCode: number; OOMKilled: boolean; Error: string;
    StartedAt: string; FinishedAt: string; Health?: { Status: string };
  };
  NetworkSettings: {
    Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    Networks: Record<string, { IPAddress: string; MacAddress: string }> | null;
  };
}

const toDate = (s: string): Date | undefined => (s && s !== NEVER ? new Date(s) : undefined);

function toHealth(status: string | undefined): ContainerState['health'] {
  return status === 'starting' || status === 'healthy' || status === 'unhealthy' ? status : undefined;
}

export function toContainerState(c: DockerInspect): ContainerState {
  const s = c.State;
  // A failed start leaves status "created" with Error and an exit code (127, 128...).
  const ended = s.Status === 'exited' || s.Status === 'dead' || s.Error !== '';
  const ports: Required<PortBinding>[] = [];
  for (const [key, bound] of Object.entries(c.NetworkSettings.Ports ?? {})) {
    const [port, protocol] = key.split('/');
    for (const b of bound ?? []) {
      ports.push({ containerPort: Number(port), protocol: protocol as PortBinding['protocol'], hostIp: b.HostIp, hostPort: Number(b.HostPort) });
    }
  }
  const networks: ContainerState['networks'] = {};
  for (const [name, n] of Object.entries(c.NetworkSettings.Networks ?? {})) {
    networks[name] = { ipAddress: n.IPAddress, macAddress: n.MacAddress };
  }
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config.Image,
    labels: c.Config.Labels ?? {},
    status: s.Status,
    running: s.Running,
    exitCode: ended ? s.ExitCode : undefined,
    oomKilled: s.OOMKilled,
    error: s.Error || undefined,
    startedAt: toDate(s.StartedAt),
    finishedAt: toDate(s.FinishedAt),
    health: toHealth(s.Health?.Status),
    imageDigest: c.Image || undefined,
    ports,
    networks,
  };
}

/**
 * The repository of an image reference, without tag or digest. Docker Hub's may be written
 * with or without "docker.io/" and "library/", so those are dropped.
 */
function repositoryOf(ref: string): string {
  const name = ref.split('@')[0];
  const colon = name.lastIndexOf(':');
  const repo = colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
  return repo.replace(/^(docker\.io\/)?(library\/)?/, '');
}

/**
 * The digest of `ref` among an image's RepoDigests ("repo@sha256:…"): the one of the
 * repository the container was created from, else the first.
 */
export function repoDigest(ref: string, repoDigests: string[]): string | undefined {
  const digests = repoDigests.map((d) => ({ repo: repositoryOf(d), digest: d.split('@')[1] }));
  return (digests.find((d) => d.repo === repositoryOf(ref)) ?? digests[0])?.digest;
}

/** Splits a chunked newline-delimited stream; the unterminated tail is carried to the next chunk. */
export function splitLines(carry: string, chunk: string): { lines: string[]; carry: string } {
  const parts = (carry + chunk).split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.map((l) => l.trim()).filter((l) => l !== ''), carry: rest };
}

/** Events subscribed to; health_status is matched by prefix by the engine ("health_status: healthy"). */
export const EVENT_ACTIONS = ['create', 'start', 'die', 'oom', 'health_status', 'destroy'];

/** Attributes Docker mixes into Actor.Attributes next to the container labels. */
const NON_LABEL_ATTRIBUTES = new Set(['image', 'name', 'exitCode', 'signal', 'execID', 'execDuration']);

interface DockerEvent { Type?: string; Action?: string; id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } }

/** One /events line to a RuntimeEvent; undefined for malformed lines and events Berth ignores. */
export function parseEventLine(line: string): RuntimeEvent | undefined {
  let msg: DockerEvent;
  try {
    msg = JSON.parse(line) as DockerEvent;
  } catch {
    return undefined;
  }
  const action = msg.Action ?? '';
  const type: RuntimeEventType | undefined = action.startsWith('health_status')
    ? 'health'
    : (['create', 'start', 'die', 'oom', 'destroy'] as const).find((t) => t === action);
  const containerId = msg.Actor?.ID ?? msg.id;
  if (msg.Type !== 'container' || !type || !containerId) return undefined;
  const labels = Object.fromEntries(Object.entries(msg.Actor?.Attributes ?? {}).filter(([k]) => !NON_LABEL_ATTRIBUTES.has(k)));
  return { type, containerId, labels };
}
