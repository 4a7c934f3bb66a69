/**
 * In-memory ContainerRuntime for unit tests of pure logic. Containers "run" until
 * stopped, killed or told to exit (exitContainer). The one command it interprets is
 * `sh -c 'exit N'` (N may be $VAR from env), which exits right after start, so the
 * shared conformance suite can run against it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import type {
  ContainerRuntime, ContainerSpec, ContainerState, NetworkSpec, RuntimeEvent, RuntimeEventType, RuntimeInfo,
} from '../runtime.js';
import { RuntimeError } from '../runtime.js';

interface FakeContainer { spec: ContainerSpec; state: ContainerState }

const BUILTIN_NETWORKS = new Set(['none', 'bridge', 'host', 'default']);

const withDefaultTag = (ref: string): string =>
  ref.includes('@') || ref.slice(ref.lastIndexOf('/') + 1).includes(':') ? ref : `${ref}:latest`;

/** Accepts "SIGTERM", "TERM" or "15" like the engine does. */
function signalNumber(signal: string): number {
  if (/^\d+$/.test(signal)) return Number(signal);
  const name = (signal.toUpperCase().startsWith('SIG') ? signal.toUpperCase() : `SIG${signal.toUpperCase()}`) as NodeJS.Signals;
  const num = constants.signals[name];
  if (num === undefined) throw new RuntimeError(`invalid signal: ${signal}`, 'Other', 400);
  return num;
}

/** Exit code of `sh -c 'exit N'` / `sh -c 'exit $VAR'`, or undefined for a long-running command. */
function scriptedExit(spec: ContainerSpec): number | undefined {
  const argv = [...(spec.entryPoint ?? []), ...(spec.command ?? [])];
  const match = argv.length === 3 && argv[0] === 'sh' && argv[1] === '-c' ? /^exit (\$?\w+)$/.exec(argv[2].trim()) : null;
  if (!match) return undefined;
  const value = match[1].startsWith('$')
    ? spec.env?.find((e) => e.startsWith(`${match[1].slice(1)}=`))?.split('=')[1]
    : match[1];
  return Number(value ?? 0) & 0xff;
}

export class FakeRuntime implements ContainerRuntime {
  private readonly containers = new Map<string, FakeContainer>();
  private readonly images = new Set<string>();
  private readonly pullFailures = new Map<string, string>();
  private readonly networks = new Map<string, NetworkSpec>();
  private readonly volumes = new Set<string>();
  private readonly listeners = new Set<(event: RuntimeEvent) => void>();
  private nextHostPort = 49153;
  private nextAddress = 2;

  constructor(opts: { images?: string[] } = {}) {
    for (const ref of opts.images ?? []) this.addImage(ref);
  }

  // ---- test controls ----

  addImage(ref: string): void {
    this.images.add(withDefaultTag(ref));
  }

  failPullFor(ref: string, message: string): void {
    this.pullFailures.set(withDefaultTag(ref), message);
  }

  /** Makes a running container's process exit with the given code. */
  exitContainer(id: string, exitCode: number): void {
    const c = this.get(id);
    if (!c.state.running) throw new RuntimeError(`container ${id} is not running`, 'Conflict', 409);
    this.exit(c, exitCode);
  }

  setHealth(id: string, health: 'starting' | 'healthy' | 'unhealthy'): void {
    const c = this.get(id);
    c.state.health = health;
    this.emit('health', c);
  }

  // ---- ContainerRuntime ----

  async info(): Promise<RuntimeInfo> {
    return { serverVersion: 'fake', cpus: 4, memoryBytes: 8 * 2 ** 30, hostname: 'fake' };
  }

  async imageExists(ref: string): Promise<boolean> {
    return this.images.has(withDefaultTag(ref));
  }

  /** Parent cgroups by name with their limits, for tests to inspect. */
  readonly cgroups = new Map<string, { memoryBytes?: number; nanoCpus?: number }>();

  async createCgroup(name: string, limits: { memoryBytes?: number; nanoCpus?: number }): Promise<string> {
    this.cgroups.set(name, limits);
    return `/berth/${name}`;
  }

  async removeCgroup(name: string): Promise<void> {
    this.cgroups.delete(name);
  }

  async importImage(ref: string): Promise<void> {
    this.addImage(ref);
  }

  /** Pulls are instant, so only a signal aborted beforehand cancels one. */
  async pullImage(ref: string, _auth?: unknown, opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (opts.signal?.aborted) throw new RuntimeError(`pull image ${ref} aborted`, 'Other');
    const failure = this.pullFailures.get(withDefaultTag(ref));
    if (failure !== undefined) throw new RuntimeError(failure, 'PullFailed');
    this.addImage(ref);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    if (!this.images.has(withDefaultTag(spec.image))) throw new RuntimeError(`No such image: ${spec.image}`, 'CreateFailed', 404);
    if (this.find(spec.name)) throw new RuntimeError(`Conflict. The container name "/${spec.name}" is already in use`, 'Conflict', 409);
    const mode = spec.networkMode;
    if (!BUILTIN_NETWORKS.has(mode) && !mode.startsWith('container:') && !this.networks.has(mode)) {
      throw new RuntimeError(`network ${mode} not found`, 'CreateFailed', 404);
    }
    for (const m of spec.mounts ?? []) if (m.type === 'volume' && m.source) this.volumes.add(m.source);
    const id = randomBytes(32).toString('hex');
    const state: ContainerState = {
      id, name: spec.name, image: spec.image, labels: { ...spec.labels }, status: 'created', running: false,
      oomKilled: false, ports: [], networks: {},
      // A stand-in digest, stable per image reference.
      imageDigest: `sha256:${createHash('sha256').update(withDefaultTag(spec.image)).digest('hex')}`,
    };
    this.containers.set(id, { spec: structuredClone(spec), state });
    this.emit('create', this.containers.get(id)!);
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.find(id);
    if (!c) throw new RuntimeError(`No such container: ${id}`, 'StartFailed', 404);
    if (c.state.running) return;
    Object.assign(c.state, {
      status: 'running', running: true, exitCode: undefined, startedAt: new Date(), finishedAt: undefined,
      health: c.spec.healthCheck ? 'starting' : undefined,
      ports: (c.spec.portBindings ?? []).map((p) => ({ ...p, hostPort: p.hostPort || this.nextHostPort++ })),
      networks: this.attach(c.spec),
    });
    this.emit('start', c);
    const code = scriptedExit(c.spec);
    if (code !== undefined) setImmediate(() => c.state.running && this.exit(c, code));
  }

  /** Without a signal, uses the container's stopSignal like the engine does. */
  async stopContainer(id: string, opts: { signal?: string; timeoutSeconds: number }): Promise<void> {
    const c = this.get(id);
    if (c.state.running) this.exit(c, 128 + signalNumber(opts.signal ?? c.spec.stopSignal ?? 'SIGTERM'));
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    const c = this.get(id);
    if (!c.state.running) throw new RuntimeError(`Container ${id} is not running`, 'Conflict', 409);
    this.exit(c, 128 + signalNumber(signal));
  }

  async removeContainer(id: string, opts: { force?: boolean } = {}): Promise<void> {
    const c = this.find(id);
    if (!c) return;
    if (c.state.running && !opts.force) throw new RuntimeError('You cannot remove a running container', 'Conflict', 409);
    if (c.state.running) this.exit(c, 137);
    this.containers.delete(c.state.id);
    this.emit('destroy', c);
  }

  async containerStats(id: string): Promise<Record<string, unknown> | undefined> {
    const c = this.find(id);
    return c && { id: c.state.id, name: `/${c.state.name}`, cpu_stats: {}, memory_stats: {} };
  }

  async inspectContainer(id: string): Promise<ContainerState | undefined> {
    const c = this.find(id);
    return c && structuredClone(c.state);
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerState[]> {
    return [...this.containers.values()]
      .filter((c) => hasLabels(c.state.labels, labels))
      .map((c) => structuredClone(c.state));
  }

  async ensureNetwork(spec: NetworkSpec): Promise<void> {
    if (!this.networks.has(spec.name)) this.networks.set(spec.name, structuredClone(spec));
  }

  async removeNetwork(name: string): Promise<void> {
    this.networks.delete(name);
  }

  async listNetworks(labels: Record<string, string>): Promise<NetworkSpec[]> {
    return [...this.networks.values()].filter((n) => hasLabels(n.labels, labels)).map((n) => structuredClone(n));
  }

  async ensureVolume(name: string): Promise<void> {
    this.volumes.add(name);
  }

  /** Like the engine: a volume referenced by any container (even stopped) is in use. */
  async removeVolume(name: string): Promise<void> {
    const inUse = [...this.containers.values()].some((c) => c.spec.mounts?.some((m) => m.type === 'volume' && m.source === name));
    if (inUse) throw new RuntimeError(`remove ${name}: volume is in use`, 'Conflict', 409);
    this.volumes.delete(name);
  }

  subscribe(onEvent: (event: RuntimeEvent) => void): () => void {
    this.listeners.add(onEvent);
    return () => this.listeners.delete(onEvent);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  // ---- internals ----

  /** By id or name, as the engine resolves references. */
  private find(ref: string): FakeContainer | undefined {
    return this.containers.get(ref) ?? [...this.containers.values()].find((c) => c.state.name === ref);
  }

  private get(ref: string): FakeContainer {
    const c = this.find(ref);
    if (!c) throw new RuntimeError(`No such container: ${ref}`, 'NotFound', 404);
    return c;
  }

  private attach(spec: ContainerSpec): ContainerState['networks'] {
    const mode = spec.networkMode;
    if (mode.startsWith('container:')) return {};
    if (mode === 'host' || mode === 'none') return { [mode]: { ipAddress: '', macAddress: '' } };
    const n = this.nextAddress++;
    const [hi, lo] = [(n >> 8) & 0xff, n & 0xff];
    const hex = (b: number) => b.toString(16).padStart(2, '0');
    return {
      [mode === 'default' ? 'bridge' : mode]: {
        ipAddress: spec.ipv4Address ?? `172.17.${hi}.${lo}`,
        macAddress: `02:42:ac:11:${hex(hi)}:${hex(lo)}`,
      },
    };
  }

  /** Like the engine: ports and addresses are released, and health turns unhealthy without an event. */
  private exit(c: FakeContainer, exitCode: number): void {
    const networks = Object.fromEntries(Object.keys(c.state.networks).map((k) => [k, { ipAddress: '', macAddress: '' }]));
    const health = c.state.health && 'unhealthy';
    Object.assign(c.state, { status: 'exited', running: false, exitCode, finishedAt: new Date(), ports: [], networks, health });
    this.emit('die', c);
  }

  /** Asynchronous, in order, like events read from the engine's stream. */
  private emit(type: RuntimeEventType, c: FakeContainer): void {
    const event: RuntimeEvent = { type, containerId: c.state.id, labels: { ...c.state.labels } };
    setImmediate(() => this.listeners.forEach((listener) => listener(event)));
  }
}

function hasLabels(have: Record<string, string>, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => have[k] === v);
}
