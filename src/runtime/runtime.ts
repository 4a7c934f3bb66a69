/**
 * The container runtime boundary. Controllers talk only to this interface;
 * the Docker Engine implementation lives in ./docker, an in-memory fake in ./fake,
 * and both pass ./conformance.ts.
 */

export interface PortBinding {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  /** Host address to bind; Berth publishes on 127.0.0.1 unless configured otherwise. */
  hostIp: string;
  /** Omitted or 0: the engine picks a free ephemeral port. */
  hostPort?: number;
}

export interface Ulimit { name: string; soft: number; hard: number }

export interface Mount {
  type: 'bind' | 'volume' | 'tmpfs';
  /** Host path (bind) or volume name (volume); unused for tmpfs. */
  source?: string;
  target: string;
  readOnly?: boolean;
  /** tmpfs size in bytes and mount options like "rw,noexec". */
  tmpfsSizeBytes?: number;
  tmpfsOptions?: string[];
}

export interface HealthCheckSpec {
  /** Docker form: ["CMD", ...] or ["CMD-SHELL", "..."]. */
  test: string[];
  intervalSeconds: number;
  timeoutSeconds: number;
  retries: number;
  startPeriodSeconds: number;
}

export interface ContainerSpec {
  /** Docker container name (unique on the engine). */
  name: string;
  image: string;
  labels: Record<string, string>;
  command?: string[];
  entryPoint?: string[];
  /** "KEY=value" entries. */
  env?: string[];
  workingDir?: string;
  user?: string;
  hostname?: string;
  /** Relative CPU weight (Docker CpuShares). */
  cpuShares?: number;
  /** Hard memory limit in bytes. */
  memoryBytes?: number;
  /** Soft memory limit in bytes. */
  memoryReservationBytes?: number;
  /** CPU quota in units of 1e-9 CPUs (Docker NanoCpus). */
  nanoCpus?: number;
  /** Parent cgroup, used to enforce task-level cpu/memory limits. */
  cgroupParent?: string;
  /** "none" | "bridge" | "host" | "container:<id>" | a user-defined network name. */
  networkMode: string;
  /** Fixed IPv4 address on a user-defined network. */
  ipv4Address?: string;
  portBindings?: PortBinding[];
  /** "containerName:alias" (bridge only). */
  links?: string[];
  /** "host:ip". */
  extraHosts?: string[];
  dns?: string[];
  ulimits?: Ulimit[];
  readonlyRootfs?: boolean;
  privileged?: boolean;
  /** Run an init process as PID 1 (tini / docker-init). */
  init?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  shmSizeBytes?: number;
  mounts?: Mount[];
  /** Container ids or names, optionally suffixed ":ro". */
  volumesFrom?: string[];
  tty?: boolean;
  openStdin?: boolean;
  healthCheck?: HealthCheckSpec;
  stopSignal?: string;
  stopTimeoutSeconds?: number;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerState {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  status: ContainerStatus;
  running: boolean;
  exitCode?: number;
  oomKilled: boolean;
  /** Engine error text when the start failed. */
  error?: string;
  startedAt?: Date;
  finishedAt?: Date;
  /** Present only when the container has a health check. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  /**
   * The image's registry digest (`sha256:…`, as ECS reports it) when the image came from a
   * registry, else the local image id (images built or imported locally have no digest).
   */
  imageDigest?: string;
  /** Published ports with the host port actually bound. */
  ports: Required<PortBinding>[];
  /** Addresses per attached network name. */
  networks: Record<string, { ipAddress: string; macAddress: string }>;
}

export type RuntimeEventType = 'create' | 'start' | 'die' | 'oom' | 'health' | 'destroy';

export interface RuntimeEvent {
  type: RuntimeEventType;
  containerId: string;
  labels: Record<string, string>;
}

/** One line of a container's output, as the engine keeps it (Docker's default json-file driver). */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  /**
   * When the engine read the line: RFC 3339 in UTC with nine fractional digits
   * (`2026-03-01T12:00:00.123456789Z`), so times compare as strings. Lines of one stream
   * are in order; stdout and stderr are read apart, so across them a time may step back.
   */
  time: string;
  /** Without its newline. The engine splits a line over 16 KiB into several. */
  text: string;
}

export interface LogOptions {
  /** A LogLine time: only lines at or after it (inclusive). */
  since?: string;
  /** Keep reading new lines until the container stops; else end with what is there. */
  follow: boolean;
  /** Aborting ends the iteration quietly. */
  signal?: AbortSignal;
}

export interface RuntimeInfo {
  serverVersion: string;
  cpus: number;
  memoryBytes: number;
  hostname: string;
  /** The engine's machine architecture as Docker names it (`x86_64`, `aarch64`). */
  architecture?: string;
}

export interface NetworkSpec {
  name: string;
  subnet: string;
  gateway: string;
  labels: Record<string, string>;
}

/**
 * Thrown for failures the caller must report (pull errors, start errors). `Timeout`: the
 * engine did not answer within the call's limit (it may still do the work), transient.
 */
export class RuntimeError extends Error {
  constructor(
    message: string,
    readonly kind: 'NotFound' | 'Conflict' | 'PullFailed' | 'CreateFailed' | 'StartFailed' | 'Unavailable' | 'Timeout' | 'Other',
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}

export interface ContainerRuntime {
  info(): Promise<RuntimeInfo>;
  imageExists(ref: string): Promise<boolean>;
  /**
   * Pulls an image; registry credentials are optional. Throws RuntimeError('PullFailed'), or
   * 'Timeout' when the pull stops making progress; aborting `signal` cancels it (kind 'Other').
   */
  pullImage(ref: string, auth?: { username: string; password: string; serverAddress: string }, opts?: { signal?: AbortSignal }): Promise<void>;
  /** Creates an image from a root filesystem tar with Dockerfile-style changes (e.g. 'CMD ["sleep","1"]'). */
  importImage(ref: string, rootfsTar: Buffer, changes: string[]): Promise<void>;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Sends the signal (default SIGTERM), waits up to timeoutSeconds, then SIGKILL. Resolves once stopped. */
  stopContainer(id: string, opts: { signal?: string; timeoutSeconds: number }): Promise<void>;
  killContainer(id: string, signal?: string): Promise<void>;
  removeContainer(id: string, opts?: { force?: boolean; removeVolumes?: boolean }): Promise<void>;
  /** undefined when the container does not exist. */
  inspectContainer(id: string): Promise<ContainerState | undefined>;
  /** One sample of the engine's stats for a container (Docker's stats JSON); undefined when it is gone. */
  containerStats(id: string): Promise<Record<string, unknown> | undefined>;
  /**
   * A container's output, oldest first (see LogLine and LogOptions). A container that does not
   * exist fails the iteration with RuntimeError NotFound.
   */
  containerLogs(id: string, opts: LogOptions): AsyncIterable<LogLine>;
  /** Every container (running or not) carrying all the given labels. */
  listContainers(labels: Record<string, string>): Promise<ContainerState[]>;
  ensureNetwork(spec: NetworkSpec): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  listNetworks(labels: Record<string, string>): Promise<NetworkSpec[]>;
  ensureVolume(name: string, opts: { driver?: string; driverOpts?: Record<string, string>; labels?: Record<string, string> }): Promise<void>;
  removeVolume(name: string): Promise<void>;
  /**
   * Creates or updates a parent cgroup whose limits bound the total of the containers
   * created with its CgroupParent. Resolves undefined when the engine cannot do this
   * (remote engine, systemd cgroup driver, no privileges); callers then limit each container.
   */
  createCgroup(name: string, limits: { memoryBytes?: number; nanoCpus?: number }): Promise<string | undefined>;
  removeCgroup(name: string): Promise<void>;
  /** Subscribes to container events; the stream reconnects by itself. Returns an unsubscribe function. */
  subscribe(onEvent: (event: RuntimeEvent) => void): () => void;
  close(): Promise<void>;
}
