/**
 * In-memory ContainerRuntime for unit tests of pure logic. Containers "run" until
 * stopped, killed or told to exit (exitContainer). It interprets `sh -c` scripts of
 * `echo`, `sleep` and `exit` (./fake-script.ts), so the shared conformance suite can run
 * against it; their output, and what `writeLog` adds, is what `containerLogs` reads.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import type {
  ContainerRuntime, ContainerSpec, ContainerState, LogLine, LogOptions, NetworkSpec, RuntimeEvent, RuntimeEventType, RuntimeInfo,
} from '../runtime.js';
import { RuntimeError } from '../runtime.js';
import { scriptOf, Step } from './fake-script.js';

interface FakeContainer {
  spec: ContainerSpec;
  state: ContainerState;
  /** Counts starts, so a script of an earlier run stops once the container was stopped or started again. */
  runs: number;
  logs: LogLine[];
  /** Log readers waiting for a line or the exit. */
  waiters: Set<() => void>;
  /** A script's running `sleep`, ended early when the container stops. */
  sleeping?: { timer: NodeJS.Timeout; wake: () => void };
}

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

export class FakeRuntime implements ContainerRuntime {
  private readonly containers = new Map<string, FakeContainer>();
  private readonly images = new Set<string>();
  private readonly pullFailures = new Map<string, string>();
  private readonly networks = new Map<string, NetworkSpec>();
  private readonly volumes = new Set<string>();
  private readonly listeners = new Set<(event: RuntimeEvent) => void>();
  private nextHostPort = 49153;
  private nextAddress = 2;
  private lastLogMs = 0;
  private logSeq = 0;

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

  /** Appends a line to a container's output, stamped like the engine's (strictly increasing times). */
  writeLog(id: string, stream: LogLine['stream'], text: string): void {
    const c = this.get(id);
    c.logs.push({ stream, time: this.logTime(), text });
    this.wake(c);
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
    this.containers.set(id, { spec: structuredClone(spec), state, runs: 0, logs: [], waiters: new Set() });
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
    const steps = scriptOf(c.spec);
    const run = ++c.runs;
    if (steps) setImmediate(() => void this.runScript(c, run, steps));
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

  async *containerLogs(id: string, opts: LogOptions): AsyncIterable<LogLine> {
    const c = this.get(id);
    let next = 0;
    for (;;) {
      for (; next < c.logs.length && !opts.signal?.aborted; next++) {
        if (opts.since === undefined || c.logs[next].time >= opts.since) yield { ...c.logs[next] };
      }
      if (!opts.follow || !c.state.running || opts.signal?.aborted) return;
      await this.nextActivity(c, opts.signal);
    }
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
    for (const c of this.containers.values()) c.sleeping?.wake();
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
    c.sleeping?.wake();
    this.wake(c);
    this.emit('die', c);
  }

  /** Runs a script's steps while this run of the container lasts; its end exits 0, as sh. */
  private async runScript(c: FakeContainer, run: number, steps: Step[]): Promise<void> {
    const current = () => c.runs === run && c.state.running && this.containers.get(c.state.id) === c;
    for (const step of steps) {
      if (!current()) return;
      if (step.kind === 'exit') return this.exit(c, step.code);
      if (step.kind === 'echo') this.writeLog(c.state.id, step.stream, step.text);
      else await this.sleep(c, step.seconds);
    }
    if (current()) this.exit(c, 0);
  }

  /** A script's sleep; exit() ends it early, so a stopped container's timer never holds the process. */
  private sleep(c: FakeContainer, seconds: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(c.sleeping?.timer);
        c.sleeping = undefined;
        resolve();
      };
      c.sleeping = { timer: setTimeout(wake, seconds * 1000), wake };
    });
  }

  /** Engine-like log times (RFC 3339, nine fractional digits), strictly increasing. */
  private logTime(): string {
    const ms = Math.max(Date.now(), this.lastLogMs);
    this.logSeq = ms === this.lastLogMs ? this.logSeq + 1 : 0;
    this.lastLogMs = ms;
    return new Date(ms).toISOString().replace(/Z$/, `${String(this.logSeq).padStart(6, '0')}Z`);
  }

  private wake(c: FakeContainer): void {
    const waiters = [...c.waiters];
    c.waiters.clear();
    waiters.forEach((w) => w());
  }

  /** Resolves when the container writes a line or stops, or the signal aborts. */
  private nextActivity(c: FakeContainer, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        c.waiters.delete(done);
        resolve();
      };
      c.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
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
