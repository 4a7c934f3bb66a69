/**
 * The operator's commands for Docker hosts (`berth instances …`, over the admin socket):
 * add a remote engine as a container instance of a cluster, list them, remove one.
 */
import { AdminArgs, AdminError, AdminHandler } from '../../../platform/admin-socket.js';
import { RuntimePool } from '../../../runtime/runtime-pool.js';
import { Attribute } from '../../../protocol/generated/ecs.js';
import { clusterKey, KIND, Scope } from '../domain/names.js';
import { ClusterDoc } from '../domain/clusters.js';
import { ContainerInstanceDoc } from '../domain/container-instances.js';
import {
  awsvpcCidrProblem, endpointOf, getHost, HOST_KIND, HostDoc, listHosts, newEc2InstanceId, newHostId, nextAwsvpcCidr, registerHost,
} from '../domain/hosts.js';
import { parseDockerHost } from '../../../runtime/host-endpoint.js';
import { EcsDeps } from './context.js';
import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';

const DEFAULT_REGION = 'us-east-1';
const ADDRESS = /^(?:(?:\d{1,3}\.){3}\d{1,3}|[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)$/;
const INFO_TIMEOUT_MS = 15_000;
/** An absolute path (TLS directory, ssh key, known_hosts); it reaches ssh's command line only after engine-endpoint.ts's checks. */
const PATH = /^\/[^\0\n\r]{0,4095}$/;
/** An Auto Scaling group's name as its ARN can hold it: printable, no colon. */
const HOST_GROUP_RE = /^[\x21-\x39\x3b-\x7e]{1,255}$/;

function text(args: AdminArgs, name: string, required: boolean, pattern = /^[\x21-\x7e]{1,255}$/): string | undefined {
  const v = args[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw new AdminError(`--${name} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || !pattern.test(v)) throw new AdminError(`--${name} is not valid: ${JSON.stringify(v).slice(0, 80)}`);
  return v;
}

/** Custom attributes as `name=value` (or a bare name), under AWS's attribute rules. */
export function parseAttributes(list: unknown): Attribute[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.length > 10) throw new AdminError('--attributes takes at most 10 name=value pairs');
  return list.map((item) => {
    const [name, ...rest] = String(item).split('=');
    const value = rest.length ? rest.join('=') : undefined;
    if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(name) || name.startsWith('ecs.')) throw new AdminError(`attribute name ${JSON.stringify(name)} is not valid`);
    if (value !== undefined && !/^[a-zA-Z0-9_.@/:-]{1,128}$/.test(value)) throw new AdminError(`attribute value ${JSON.stringify(value)} is not valid`);
    return value === undefined ? { name } : { name, value };
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not answer in ${ms / 1000} s`)), ms); })])
    .finally(() => clearTimeout(timer));
}

/** The host's awsvpc network: the operator's block, or the next free one. */
function awsvpcCidrOf(args: AdminArgs, hosts: HostDoc[]): string {
  const chosen = text(args, 'awsvpc-cidr', false, /^[0-9./]{9,18}$/);
  if (chosen === undefined) {
    const next = nextAwsvpcCidr(hosts);
    if (!next) throw new AdminError('every awsvpc network of 10.214.0.0/16 is taken: give --awsvpc-cidr');
    return next;
  }
  const problem = awsvpcCidrProblem(chosen, hosts);
  if (problem) throw new AdminError(`--awsvpc-cidr: ${problem}`);
  return chosen;
}

/** What else changes with the inventory: the other hosts' routes, and a removed host's rules (best effort: it may be gone). */
export interface HostHooks {
  added(host: HostDoc): Promise<void>;
  removed(host: HostDoc): Promise<void>;
}

export function makeHostAdmin(deps: EcsDeps, runtimes: RuntimePool, accountId: string, hooks?: HostHooks): Record<string, AdminHandler> {
  const { store, clock } = deps;

  async function add(args: AdminArgs): Promise<unknown> {
    const scope: Scope = { region: text(args, 'region', false, /^[a-z]{2}(-[a-z]+)+-\d$/) ?? DEFAULT_REGION, accountId };
    const cluster = text(args, 'cluster', true, /^[a-zA-Z0-9_-]{1,255}$/)!;
    const endpoint = parseEndpoint(text(args, 'docker-host', true)!, text(args, 'tls-cert-dir', false, PATH));
    const ssh = { sshIdentityFile: text(args, 'ssh-identity', false, PATH), sshKnownHostsFile: text(args, 'ssh-known-hosts', false, PATH) };
    if ((ssh.sshIdentityFile || ssh.sshKnownHostsFile) && !endpoint.dockerHost.startsWith('ssh://')) throw new AdminError('--ssh-identity and --ssh-known-hosts apply to ssh:// hosts only');
    const named = text(args, 'address', false, ADDRESS) ?? endpoint.address;
    if (!named) throw new AdminError('--address is required for a unix socket engine: where Berth reaches the ports it publishes');
    const address = await ipv4Of(named);
    const attributes = parseAttributes(args.attributes);
    const group = text(args, 'host-group', false, HOST_GROUP_RE);
    const registry = text(args, 'registry', false, /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}):\d{1,5}$/);
    const berthAddress = registry === undefined ? undefined : await ipv4Of(registry.slice(0, registry.lastIndexOf(':')), '--registry');
    const awsvpcCidr = awsvpcCidrOf(args, listHosts(store));
    if (store.get<ClusterDoc>(KIND.cluster, clusterKey(scope, cluster))?.doc.status !== 'ACTIVE') {
      throw new AdminError(`no ACTIVE cluster ${cluster} in ${scope.region}`);
    }
    const same = listHosts(store).find((h) => h.dockerHost === endpoint.dockerHost);
    if (same) throw new AdminError(`${endpoint.dockerHost} is already host ${same.hostId} (${same.ec2InstanceId})`);
    const hostId = newHostId();
    const reach = { dockerHost: endpoint.dockerHost, tlsCertDir: endpoint.tlsCertDir, ...ssh };
    let info;
    try {
      const runtime = runtimes.set(hostId, endpointOf(reach));
      info = await withTimeout(runtime.info(), INFO_TIMEOUT_MS, endpoint.dockerHost);
    } catch (err) {
      await runtimes.delete(hostId);
      throw new AdminError(`cannot reach the Docker Engine at ${endpoint.dockerHost}: ${err instanceof Error ? err.message : err}`);
    }
    const host: HostDoc = {
      hostId, ec2InstanceId: newEc2InstanceId(), ...reach, address,
      zone: text(args, 'availability-zone', false, /^([a-z]|[a-z]{2}(-[a-z]+)+-\d[a-z])$/) ?? nextZone(listHosts(store)),
      instanceType: text(args, 'instance-type', false, /^[a-z0-9.-]{1,64}$/) ?? 'berth.remote',
      attributes, group, registry, berthAddress, awsvpcCidr, cpus: info.cpus, memoryMiB: Math.floor(info.memoryBytes / (1024 * 1024)), dockerVersion: info.serverVersion,
      architecture: info.architecture === 'aarch64' ? 'arm64' : 'x86_64', addedAt: clock.now().toISOString(),
    };
    const instance = store.transact((tx) => registerHost(tx, host, scope, cluster, clock.now()));
    await hooks?.added(host).catch(() => undefined);
    return { hostId, ec2InstanceId: host.ec2InstanceId, containerInstanceArn: instance.containerInstanceArn, cpus: host.cpus, memoryMiB: host.memoryMiB };
  }

  async function list(): Promise<unknown> {
    return {
      hosts: listHosts(store).map((h) => {
        const inst = h.registration && store.list<ContainerInstanceDoc>(KIND.containerInstance)
          .find((r) => r.doc.containerInstanceArn === h.registration!.containerInstanceArn)?.doc;
        return {
          hostId: h.hostId, ec2InstanceId: h.ec2InstanceId, dockerHost: h.dockerHost, address: h.address, zone: h.zone, group: h.group, awsvpcCidr: h.awsvpcCidr,
          cluster: h.registration?.cluster, containerInstanceArn: h.registration?.containerInstanceArn,
          status: inst?.status, agentConnected: inst?.agentConnected,
        };
      }),
    };
  }

  async function remove(args: AdminArgs): Promise<unknown> {
    const id = text(args, 'host', true)!;
    const host = getHost(store, id) ?? listHosts(store).find((h) => h.ec2InstanceId === id);
    if (!host) throw new AdminError(`no host ${id}`);
    if (host.registration) throw new AdminError(`host ${host.hostId} is registered in cluster ${host.registration.cluster}: deregister its container instance first (aws ecs deregister-container-instance)`);
    store.transact((tx) => tx.delete(HOST_KIND, host.hostId));
    await hooks?.removed(host).catch(() => undefined);
    await runtimes.delete(host.hostId);
    return { hostId: host.hostId };
  }

  return { 'instances.add': add, 'instances.list': list, 'instances.remove': remove };
}

/** The load balancer reaches targets by IPv4 address, so a host name is resolved once, when the host is added. */
export async function ipv4Of(name: string, option = '--address'): Promise<string> {
  if (isIPv4(name)) return name;
  try {
    return (await lookup(name, { family: 4 })).address;
  } catch {
    throw new AdminError(`${name} does not resolve to an IPv4 address; give ${option} as one`);
  }
}

function parseEndpoint(url: string, tlsCertDir: string | undefined) {
  try {
    return parseDockerHost(url, tlsCertDir);
  } catch (err) {
    throw new AdminError((err as Error).message);
  }
}

/** Hosts added without a zone go round the zones a, b, c, so that spread by zone has something to spread over. */
function nextZone(hosts: HostDoc[]): string {
  return 'abc'[hosts.length % 3];
}
