/**
 * ContainerRuntime on the Docker Engine API 1.41 (Docker 20.10+).
 */
import type {
  ContainerRuntime, ContainerSpec, ContainerState, LogLine, LogOptions, NetworkSpec, RuntimeEvent, RuntimeInfo,
} from '../runtime.js';
import { RuntimeError } from '../runtime.js';
import { EngineClient, resolveEndpoint, type EngineClientOptions, type RequestOptions } from './engine-client.js';
import { CgroupLimits, HostCgroups, hostCgroups } from './host-cgroups.js';
import { readContainerLogs } from './container-logs.js';
import { EVENT_ACTIONS, parseEventLine, repoDigest, splitLines, toContainerState, toCreateBody, type DockerInspect } from './docker-mapping.js';
import { DEFAULT_TIMEOUTS, type EngineTimeouts } from './timeouts.js';

export interface DockerRuntimeOptions extends EngineClientOptions {
  /** Overrides of the per-call limits (ms); tests make them tiny. */
  timeouts?: Partial<EngineTimeouts>;
}

const labelFilter = (labels: Record<string, string>) =>
  JSON.stringify({ label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) });

const isKind = (err: unknown, kind: RuntimeError['kind']) => err instanceof RuntimeError && err.kind === kind;

/** Re-labels an engine error with the operation's kind, keeping Unavailable/Conflict/Timeout and the status code. */
function reclassify(err: unknown, kind: RuntimeError['kind']): unknown {
  if (!(err instanceof RuntimeError) || ['Unavailable', 'Conflict', 'Timeout'].includes(err.kind)) return err;
  return new RuntimeError(err.message, kind, err.statusCode);
}

/** Without a tag the engine would pull every tag of the repository. */
export function withDefaultTag(ref: string): string {
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  return ref.includes('@') || lastSegment.includes(':') ? ref : `${ref}:latest`;
}

/** Docker expects URL-safe base64 with padding in X-Registry-Auth. */
function registryAuth(auth: { username: string; password: string; serverAddress: string }): string {
  const json = JSON.stringify({ username: auth.username, password: auth.password, serveraddress: auth.serverAddress });
  return Buffer.from(json).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export class DockerRuntime implements ContainerRuntime {
  private readonly client: EngineClient;
  private readonly timeouts: EngineTimeouts;
  private readonly streams = new Set<EventStream>();
  /** Registry digests by image id and reference (see registryDigest). */
  private readonly digests = new Map<string, string>();

  private cgroups?: Promise<HostCgroups | undefined>;

  constructor(private readonly opts: DockerRuntimeOptions = {}) {
    this.client = new EngineClient(opts);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  }

  async createCgroup(name: string, limits: CgroupLimits): Promise<string | undefined> {
    const cgroups = await this.hostCgroups();
    return cgroups?.create(name, limits);
  }

  async removeCgroup(name: string): Promise<void> {
    await (await this.hostCgroups())?.remove(name);
  }

  /** Host cgroups are manageable only for an engine on this host's unix socket with the cgroupfs driver. */
  private hostCgroups(): Promise<HostCgroups | undefined> {
    type Info = { CgroupDriver?: string; CgroupVersion?: string };
    this.cgroups ??= this.client.request<Info>('GET', '/info', this.limit('get info', 'info')).then(
      (i) => hostCgroups({ local: 'socketPath' in resolveEndpoint(this.opts), cgroupDriver: i.CgroupDriver, cgroupVersion: i.CgroupVersion }),
      (err) => {
        this.cgroups = undefined; // a timed-out or refused /info is asked again next time, not cached
        throw err;
      },
    );
    return this.cgroups;
  }

  /** The request options naming a call and bounding it by its kind's limit. */
  private limit(call: string, kind: keyof EngineTimeouts): Pick<RequestOptions, 'call' | 'timeoutMs'> {
    return { call, timeoutMs: this.timeouts[kind] };
  }

  async info(): Promise<RuntimeInfo> {
    type Info = { ServerVersion: string; NCPU: number; MemTotal: number; Name: string; Architecture?: string };
    const i = await this.client.request<Info>('GET', '/info', this.limit('get info', 'info'));
    return { serverVersion: i.ServerVersion, cpus: i.NCPU, memoryBytes: i.MemTotal, hostname: i.Name, architecture: i.Architecture };
  }

  async imageExists(ref: string): Promise<boolean> {
    try {
      await this.client.request('GET', `/images/${encodeURIComponent(ref)}/json`, this.limit('inspect image', 'inspect'));
      return true;
    } catch (err) {
      if (isKind(err, 'NotFound')) return false;
      throw err;
    }
  }

  /** Bounded by inactivity, not total time: a large image takes long, but a healthy pull keeps reporting progress. */
  async pullImage(ref: string, auth?: { username: string; password: string; serverAddress: string }, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const headers = auth ? { 'X-Registry-Auth': registryAuth(auth) } : undefined;
    let error: string | undefined;
    try {
      const res = await this.client.stream('POST', '/images/create', {
        query: { fromImage: withDefaultTag(ref) }, headers,
        call: `pull image ${ref}`, timeoutMs: this.timeouts.pullIdle, idle: true, signal: opts.signal,
      });
      // The engine reports most pull failures inside a 200 progress stream.
      error = await progressError(res);
    } catch (err) {
      if (isKind(err, 'Timeout') || opts.signal?.aborted) throw err;
      error = err instanceof Error ? err.message : String(err);
    }
    if (error !== undefined) throw new RuntimeError(error, 'PullFailed');
  }

  async importImage(ref: string, rootfsTar: Buffer, changes: string[]): Promise<void> {
    const [repo, tag] = splitRef(withDefaultTag(ref));
    const res = await this.client.stream('POST', '/images/create', {
      query: { fromSrc: '-', repo, tag, changes },
      raw: { data: rootfsTar, contentType: 'application/x-tar' },
      ...this.limit(`import image ${ref}`, 'import'),
    });
    const error = await progressError(res);
    if (error !== undefined) throw new RuntimeError(error, 'Other');
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    try {
      const res = await this.client.request<{ Id: string }>('POST', '/containers/create', {
        query: { name: spec.name }, body: toCreateBody(spec), ...this.limit('create container', 'create'),
      });
      return res.Id;
    } catch (err) {
      throw reclassify(err, 'CreateFailed');
    }
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.client.request('POST', `/containers/${encodeURIComponent(id)}/start`, this.limit('start container', 'start'));
    } catch (err) {
      throw reclassify(err, 'StartFailed');
    }
  }

  /**
   * API 1.41 ignores a `signal` on /stop (added in 1.42), so an explicit signal is
   * sent with /kill, followed by a bounded wait and SIGKILL. Without one, the engine's
   * stop uses the container's StopSignal (spec.stopSignal, else SIGTERM). Either way the
   * stop may take the container's timeout plus the grace for the engine's SIGKILL.
   */
  async stopContainer(id: string, opts: { signal?: string; timeoutSeconds: number }): Promise<void> {
    const path = `/containers/${encodeURIComponent(id)}`;
    const grace = this.timeouts.stopGrace;
    if (!opts.signal) {
      const timeoutMs = opts.timeoutSeconds * 1000 + grace;
      await this.client.request('POST', `${path}/stop`, { query: { t: opts.timeoutSeconds }, call: 'stop container', timeoutMs });
      return;
    }
    if (!(await this.signalIfRunning(id, opts.signal))) return;
    if (await this.waitStopped(id, opts.timeoutSeconds * 1000)) return;
    if (!(await this.signalIfRunning(id, 'SIGKILL'))) return;
    if (await this.waitStopped(id, grace)) return;
    throw new RuntimeError(`docker engine: container ${id} did not stop within ${grace / 1000} s of SIGKILL`, 'Timeout');
  }

  async killContainer(id: string, signal?: string): Promise<void> {
    await this.client.request('POST', `/containers/${encodeURIComponent(id)}/kill`, { query: { signal }, ...this.limit('kill container', 'kill') });
  }

  /** Idempotent: removing a container that is already gone succeeds. */
  async removeContainer(id: string, opts: { force?: boolean; removeVolumes?: boolean } = {}): Promise<void> {
    try {
      await this.client.request('DELETE', `/containers/${encodeURIComponent(id)}`, {
        query: { force: opts.force, v: opts.removeVolumes }, ...this.limit('remove container', 'remove'),
      });
    } catch (err) {
      if (!isKind(err, 'NotFound')) throw err;
    }
  }

  async containerStats(id: string): Promise<Record<string, unknown> | undefined> {
    try {
      // one-shot: a single sample without the second read that computes precpu (the caller keeps none).
      const path = `/containers/${encodeURIComponent(id)}/stats?stream=false&one-shot=true`;
      return await this.client.request<Record<string, unknown>>('GET', path, this.limit('container stats', 'inspect'));
    } catch (err) {
      if (isKind(err, 'NotFound')) return undefined;
      throw err;
    }
  }

  async inspectContainer(id: string): Promise<ContainerState | undefined> {
    let state: ContainerState;
    try {
      const path = `/containers/${encodeURIComponent(id)}/json`;
      state = toContainerState(await this.client.request<DockerInspect>('GET', path, this.limit('inspect container', 'inspect')));
    } catch (err) {
      if (isKind(err, 'NotFound')) return undefined;
      throw err;
    }
    return { ...state, imageDigest: await this.registryDigest(state.image, state.imageDigest) };
  }

  /**
   * The registry digest of the container's image, from the image's RepoDigests; the image
   * id when it has none. Remembered per image id and reference, to spare an engine call per
   * inspect: only a later push or pull of the same image to another registry would change it.
   */
  private async registryDigest(ref: string, imageId: string | undefined): Promise<string | undefined> {
    if (!imageId) return undefined;
    const key = `${imageId} ${ref}`;
    const known = this.digests.get(key);
    if (known) return known;
    let digests: string[];
    try {
      const path = `/images/${encodeURIComponent(imageId)}/json`;
      digests = (await this.client.request<{ RepoDigests?: string[] | null }>('GET', path, this.limit('inspect image', 'inspect'))).RepoDigests ?? [];
    } catch (err) {
      if (isKind(err, 'NotFound')) return imageId; // removed since: its id is all there is
      throw err;
    }
    const digest = repoDigest(ref, digests) ?? imageId;
    this.digests.set(key, digest);
    return digest;
  }

  containerLogs(id: string, opts: LogOptions): AsyncIterable<LogLine> {
    return readContainerLogs(this.client, id, opts, { inspect: this.timeouts.inspect, idle: this.timeouts.logsIdle });
  }

  /** The list endpoint lacks bound ports and MAC addresses, so each match is inspected. */
  async listContainers(labels: Record<string, string>): Promise<ContainerState[]> {
    const query = { all: 1, filters: labelFilter(labels) };
    const list = await this.client.request<{ Id: string }[]>('GET', '/containers/json', { query, ...this.limit('list containers', 'list') });
    const states = await Promise.all(list.map((c) => this.inspectContainer(c.Id)));
    return states.filter((s): s is ContainerState => s !== undefined);
  }

  async ensureNetwork(spec: NetworkSpec): Promise<void> {
    try {
      await this.client.request('GET', `/networks/${encodeURIComponent(spec.name)}`, this.limit('inspect network', 'inspect'));
      return;
    } catch (err) {
      if (!isKind(err, 'NotFound')) throw err;
    }
    const body = {
      Name: spec.name,
      Driver: 'bridge',
      CheckDuplicate: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: spec.subnet, Gateway: spec.gateway }] },
      Labels: spec.labels,
    };
    try {
      await this.client.request('POST', '/networks/create', { body, ...this.limit('create network', 'network') });
    } catch (err) {
      if (!isKind(err, 'Conflict')) throw err; // created concurrently
    }
  }

  async removeNetwork(name: string): Promise<void> {
    try {
      await this.client.request('DELETE', `/networks/${encodeURIComponent(name)}`, this.limit('remove network', 'network'));
    } catch (err) {
      if (!isKind(err, 'NotFound')) throw err;
    }
  }

  async listNetworks(labels: Record<string, string>): Promise<NetworkSpec[]> {
    type Net = { Name: string; Labels: Record<string, string> | null; IPAM: { Config: { Subnet?: string; Gateway?: string }[] | null } };
    const query = { filters: labelFilter(labels) };
    const nets = await this.client.request<Net[]>('GET', '/networks', { query, ...this.limit('list networks', 'list') });
    return nets.map((n) => {
      const ipam = n.IPAM.Config?.[0];
      return { name: n.Name, subnet: ipam?.Subnet ?? '', gateway: ipam?.Gateway ?? '', labels: n.Labels ?? {} };
    });
  }

  /** The engine's volume create already returns the existing volume for a known name. */
  async ensureVolume(name: string, opts: { driver?: string; driverOpts?: Record<string, string>; labels?: Record<string, string> }): Promise<void> {
    await this.client.request('POST', '/volumes/create', {
      body: { Name: name, Driver: opts.driver ?? 'local', DriverOpts: opts.driverOpts ?? {}, Labels: opts.labels ?? {} },
      ...this.limit('create volume', 'volume'),
    });
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.client.request('DELETE', `/volumes/${encodeURIComponent(name)}`, this.limit('remove volume', 'volume'));
    } catch (err) {
      if (!isKind(err, 'NotFound')) throw err;
    }
  }

  subscribe(onEvent: (event: RuntimeEvent) => void): () => void {
    const stream = new EventStream(this.client, onEvent);
    this.streams.add(stream);
    return () => {
      stream.close();
      this.streams.delete(stream);
    };
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.close();
    this.streams.clear();
    this.client.destroy();
  }

  /** Sends a signal; false when the container was not running (the engine answers 409). */
  private async signalIfRunning(id: string, signal: string): Promise<boolean> {
    try {
      await this.killContainer(id, signal);
      return true;
    } catch (err) {
      if (!isKind(err, 'Conflict')) throw err;
      const state = await this.inspectContainer(id);
      if (state?.running) throw err; // e.g. paused
      return false;
    }
  }

  /** Long-polls /wait up to `ms`; true once the container is not running. */
  private async waitStopped(id: string, ms: number): Promise<boolean> {
    try {
      const query = { condition: 'not-running' };
      await this.client.request('POST', `/containers/${encodeURIComponent(id)}/wait`, { query, call: 'wait for container', timeoutMs: ms });
      return true;
    } catch (err) {
      if (isKind(err, 'NotFound')) return true; // removed meanwhile (e.g. auto-remove)
      if (isKind(err, 'Timeout')) return false;
      throw err;
    }
  }
}

function pullError(line: string): string | undefined {
  if (!line.trim()) return undefined;
  try {
    const msg = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
    return msg.error ?? msg.errorDetail?.message;
  } catch {
    return undefined;
  }
}

const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 5_000;
const DEDUPE_WINDOW = 512;

/**
 * One /events subscription. On reconnect it asks for events since the last one seen
 * (whole seconds, so some repeat) and drops exact repeats by their raw line.
 */
class EventStream {
  private closed = false;
  private abort?: AbortController;
  private timer?: NodeJS.Timeout;
  private delayMs = BACKOFF_MIN_MS;
  private since = (Date.now() / 1000).toFixed(3);
  private readonly recent = new Set<string>();

  constructor(private readonly client: EngineClient, private readonly onEvent: (event: RuntimeEvent) => void) {
    void this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.abort?.abort();
  }

  private async connect(): Promise<void> {
    this.abort = new AbortController();
    try {
      const filters = JSON.stringify({ type: ['container'], event: EVENT_ACTIONS });
      // No time limit: the stream is silent whenever nothing happens.
      const res = await this.client.stream('GET', '/events', { query: { since: this.since, filters }, call: 'events', signal: this.abort.signal });
      this.delayMs = BACKOFF_MIN_MS;
      let carry = '';
      res.setEncoding('utf8');
      for await (const chunk of res as AsyncIterable<string>) {
        const split = splitLines(carry, chunk);
        carry = split.carry;
        split.lines.forEach((line) => this.handle(line));
      }
    } catch {
      // Engine down, stream cut, or closed: retry below unless closed.
    }
    if (this.closed) return;
    this.timer = setTimeout(() => void this.connect(), this.delayMs);
    this.delayMs = Math.min(this.delayMs * 2, BACKOFF_MAX_MS);
  }

  private handle(line: string): void {
    if (this.recent.has(line)) return;
    this.recent.add(line);
    if (this.recent.size > DEDUPE_WINDOW) this.recent.delete(this.recent.values().next().value as string);
    const time = /"time":(\d+)/.exec(line)?.[1];
    if (time) this.since = time;
    const event = parseEventLine(line);
    if (event && !this.closed) this.onEvent(event);
  }
}

/** "repo/name:tag" → ["repo/name", "tag"] (a registry port is not a tag). */
function splitRef(ref: string): [string, string] {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}

/** The first error reported inside an /images/create progress stream, if any. */
async function progressError(res: AsyncIterable<unknown> & { setEncoding(e: string): void }): Promise<string | undefined> {
  let carry = '';
  let error: string | undefined;
  res.setEncoding('utf8');
  for await (const chunk of res as AsyncIterable<string>) {
    const split = splitLines(carry, chunk);
    carry = split.carry;
    for (const line of split.lines) error ??= pullError(line);
  }
  return error ?? pullError(carry);
}
