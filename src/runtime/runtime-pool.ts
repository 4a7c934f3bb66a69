/**
 * The container runtimes of every Docker host Berth places tasks on: the local engine and
 * the remote ones the operator added. Controllers ask for a host's runtime by host id
 * (`LOCAL_HOST` for the local engine) and subscribe once for the events of all of them,
 * hosts added later included.
 */
import { ContainerRuntime, RuntimeError, RuntimeEvent } from './runtime.js';

/** The host id of the engine Berth was started with. */
export const LOCAL_HOST = 'local';

/**
 * How Berth reaches a remote engine: a DOCKER_HOST URL and, for tcp with TLS, the docker CLI's
 * cert directory; for ssh, a key and known_hosts of its own (else ssh's configuration decides).
 */
export interface HostEndpoint {
  dockerHost: string;
  tlsCertDir?: string;
  ssh?: { identityFile?: string; knownHostsFile?: string };
}

type Listener = (hostId: string, event: RuntimeEvent) => void;

export class RuntimePool {
  private readonly hosts = new Map<string, { endpoint?: HostEndpoint; runtime: ContainerRuntime; subscriptions: Map<Listener, () => void> }>();
  private readonly listeners = new Set<Listener>();

  constructor(local: ContainerRuntime, private readonly connect: (endpoint: HostEndpoint) => ContainerRuntime) {
    this.hosts.set(LOCAL_HOST, { runtime: local, subscriptions: new Map() });
  }

  get local(): ContainerRuntime {
    return this.hosts.get(LOCAL_HOST)!.runtime;
  }

  /**
   * The runtime of a host; an absent id is the local engine's (tasks placed before multi-host).
   * A host that could not be connected is Unavailable, never mistaken for the local engine.
   */
  get(hostId: string | undefined): ContainerRuntime {
    const entry = this.hosts.get(hostId ?? LOCAL_HOST);
    if (!entry) throw new RuntimeError(`Docker host ${hostId} is not connected`, 'Unavailable');
    return entry.runtime;
  }

  has(hostId: string): boolean {
    return this.hosts.has(hostId);
  }

  ids(): string[] {
    return [...this.hosts.keys()];
  }

  /** Connects a remote host (again, when its endpoint changed); existing subscribers get its events. */
  set(hostId: string, endpoint: HostEndpoint): ContainerRuntime {
    if (hostId === LOCAL_HOST) throw new TypeError('the local host cannot be replaced');
    const existing = this.hosts.get(hostId);
    if (existing && JSON.stringify(existing.endpoint) === JSON.stringify(endpoint)) return existing.runtime;
    if (existing) void this.delete(hostId);
    const entry = { endpoint, runtime: this.connect(endpoint), subscriptions: new Map<Listener, () => void>() };
    this.hosts.set(hostId, entry);
    for (const l of this.listeners) this.attach(hostId, l);
    return entry.runtime;
  }

  async delete(hostId: string): Promise<void> {
    const entry = this.hosts.get(hostId);
    if (!entry || hostId === LOCAL_HOST) return;
    this.hosts.delete(hostId);
    entry.subscriptions.forEach((u) => u());
    await entry.runtime.close();
  }

  /** Events of every host, present and future, tagged with the host's id. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    for (const id of this.hosts.keys()) this.attach(id, listener);
    return () => {
      this.listeners.delete(listener);
      for (const entry of this.hosts.values()) {
        entry.subscriptions.get(listener)?.();
        entry.subscriptions.delete(listener);
      }
    };
  }

  /** Closes the remote hosts' runtimes; the local one belongs to whoever created the pool. */
  async close(): Promise<void> {
    for (const id of this.ids()) if (id !== LOCAL_HOST) await this.delete(id);
    for (const entry of this.hosts.values()) entry.subscriptions.forEach((u) => u());
    this.hosts.get(LOCAL_HOST)!.subscriptions.clear();
    this.listeners.clear();
  }

  private attach(hostId: string, listener: Listener): void {
    const entry = this.hosts.get(hostId)!;
    entry.subscriptions.set(listener, entry.runtime.subscribe((e) => listener(hostId, e)));
  }
}
