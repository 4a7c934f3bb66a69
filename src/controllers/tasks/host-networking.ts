/**
 * What a remote Docker host needs before its first task of a run, as an EC2 instance's ECS
 * agent sets it up: the pause image, the host's awsvpc network (its own block, routed from
 * Berth's machine as a VPC routes to each ENI), and NAT rules on the host that send
 * 169.254.170.2:80 to Berth's task endpoint, and direct routes to the other hosts' awsvpc
 * blocks, so tasks reach each other by address as in one VPC. Rules go in through the host's engine
 * (host-shell.ts) and carry the comment `berth-<owner id>`: each setup first removes the
 * previous run's, so a changed endpoint port or a restarted dockerd (which puts its own
 * rules first again) is set right. Failures are logged, not fatal: tasks still run, only
 * unreachable from Berth's load balancer or without the task endpoint.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Logger } from '../../platform/log.js';
import { RuntimePool } from '../../runtime/runtime-pool.js';
import { ensurePauseImage } from '../../runtime/pause-image.js';
import { runOnHost } from '../../runtime/host-shell.js';
import { getHost, HostDoc, listHosts } from '../../services/ecs/domain/hosts.js';
import { ReadTx } from '../../state/store.js';
import { AwsvpcNetworks, hostSubnets, SubnetPool } from './awsvpc.js';

const run = promisify(execFile);

/**
 * $1 add|remove, $2 the rules' comment, $3 the awsvpc block or '', $4 Berth's address or '',
 * $5 the task endpoint's port, $6 the other hosts' blocks as `block=address` words. The host's
 * own iptables and ip (chroot /host) are the ones its dockerd uses, so the rules land in the
 * same tables. DOCKER-USER is the chain Docker leaves to users: without the ACCEPT, Docker
 * drops traffic to unpublished ports of the bridge. The POSTROUTING ACCEPTs keep an awsvpc
 * task's own address (no masquerade) on its way to the task endpoint, which serves a task's
 * credentials only to that address, and to the other hosts' tasks, routed to directly
 * (`proto 214` marks those routes; a host they cannot reach directly is only reported).
 */
export const HOST_RULES_SCRIPT = `
onhost() { busybox chroot /host /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
ipt() { onhost iptables -w "$@"; }
c=$2; net=$3; to=$4; port=$5; peers=$6
remove() {
  onhost ip route flush proto 214 2>/dev/null
  for spec in 'filter DOCKER-USER' 'nat PREROUTING' 'nat OUTPUT' 'nat POSTROUTING'; do
    t=\${spec% *}; ch=\${spec#* }
    ipt -t "$t" -S "$ch" 2>/dev/null | busybox grep -F -e "--comment $c " | while read -r rule; do
      set -- $rule; shift
      ipt -t "$t" -D "$@"
    done
  done
}
add() { t=$1; shift; ipt -t "$t" -C "$@" 2>/dev/null || ipt -t "$t" -I "$@"; }
remove
[ "$1" = remove ] && exit 0
if [ -n "$net" ]; then add filter DOCKER-USER -d "$net" -m comment --comment "$c" -j ACCEPT || exit 1; fi
if [ -n "$to" ]; then
  dnat="-d 169.254.170.2/32 -p tcp -m tcp --dport 80 -m comment --comment $c -j DNAT --to-destination $to:$port"
  add nat PREROUTING -i docker0 $dnat || exit 1
  add nat OUTPUT $dnat || exit 1
  if [ -n "$net" ]; then
    add nat PREROUTING -s "$net" $dnat || exit 1
    add nat POSTROUTING -s "$net" -d "$to/32" -m comment --comment "$c" -j ACCEPT || exit 1
  fi
fi
if [ -n "$net" ]; then
  for pair in $peers; do
    peer=\${pair%=*}; via=\${pair#*=}
    add nat POSTROUTING -s "$net" -d "$peer" -m comment --comment "$c" -j ACCEPT || exit 1
    onhost ip route replace "$peer" via "$via" proto 214 || echo "no route to $peer via $via" >&2
  done
fi
`;

const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

/** The script's arguments; every value is checked here again, although the host inventory validated them. */
export function hostRulesArgs(op: 'add' | 'remove', ownerId: string, host: Pick<HostDoc, 'awsvpcCidr' | 'berthAddress'>, agentPort?: number, peers: Peer[] = []): string[] {
  const net = host.awsvpcCidr ?? '';
  for (const p of peers) if (!CIDR.test(p.cidr) || !IPV4.test(p.address)) throw new RangeError(`bad peer ${p.cidr} at ${p.address}`);
  const to = agentPort === undefined ? '' : host.berthAddress ?? '';
  if (net && !CIDR.test(net)) throw new RangeError(`bad awsvpc block ${net}`);
  if (to && !IPV4.test(to)) throw new RangeError(`bad address ${to}`);
  if (agentPort !== undefined && (!Number.isInteger(agentPort) || agentPort < 1 || agentPort > 65535)) throw new RangeError(`bad port ${agentPort}`);
  return [op, `berth-${ownerId.replace(/[^0-9a-f]/g, '')}`, net, to, to ? String(agentPort) : '', peers.map((p) => `${p.cidr}=${p.address}`).join(' ')];
}

/** Another host's awsvpc block and the address it is reached at. */
export interface Peer { cidr: string; address: string }

/** A route on Berth's machine to a host's awsvpc block, through the host. */
export type RouteEditor = (op: 'replace' | 'del', cidr: string, via: string) => Promise<void>;

const ipRoute: RouteEditor = async (op, cidr, via) => {
  if (!CIDR.test(cidr) || !IPV4.test(via)) throw new RangeError(`bad route ${cidr} via ${via}`);
  await run('ip', ['route', op, cidr, 'via', via]);
};

export interface HostNetworkingDeps {
  /** The host inventory, for the other hosts' blocks. */
  store: ReadTx;
  runtimes: RuntimePool;
  ownerId: string;
  log: Logger;
  /** The task endpoint's port; undefined when Berth serves none. */
  agentPort?: number;
  route?: RouteEditor;
}

export interface PreparedHost {
  networks: AwsvpcNetworks;
  pauseImage: string;
  /** The host's tasks reach Berth's task endpoint at 169.254.170.2. */
  taskEndpoint: boolean;
}

const NO_SUBNETS: SubnetPool = { candidates: [], tasksPerNetwork: 0 };

export class HostNetworking {
  private readonly prepared = new Map<string, Promise<PreparedHost>>();
  private readonly route: RouteEditor;

  constructor(private readonly deps: HostNetworkingDeps) {
    this.route = deps.route ?? ipRoute;
  }

  /** Once per run and host; a failed preparation (the engine did not answer) is tried again next time. */
  prepare(host: HostDoc): Promise<PreparedHost> {
    let pending = this.prepared.get(host.hostId);
    if (!pending) {
      const attempt = this.setUp(host);
      attempt.catch(() => {
        if (this.prepared.get(host.hostId) === attempt) this.prepared.delete(host.hostId);
      });
      this.prepared.set(host.hostId, attempt);
      pending = attempt;
    }
    return pending;
  }

  forget(hostId: string): void {
    this.prepared.delete(hostId);
  }

  /**
   * A host that answers again may have a restarted dockerd, which put its own rules first:
   * one that was set up is set up anew at once, for the tasks it still runs.
   */
  async refresh(host: HostDoc): Promise<void> {
    if (!this.prepared.has(host.hostId)) return;
    this.forget(host.hostId);
    await this.prepare(host).catch((err) => this.deps.log.warn('a Docker host could not be set up again', { hostId: host.hostId, err }));
  }

  /** A host was added or removed: the hosts already set up learn the blocks they route to. */
  async peersChanged(): Promise<void> {
    for (const hostId of [...this.prepared.keys()]) {
      const host = getHost(this.deps.store, hostId);
      if (host) await this.refresh(host);
    }
  }

  /** Undoes the route and the host's rules when the operator removes the host (no longer in the inventory). */
  async release(host: HostDoc): Promise<void> {
    this.forget(host.hostId);
    await this.peersChanged();
    const { runtimes, ownerId, log } = this.deps;
    if (host.awsvpcCidr) await this.route('del', host.awsvpcCidr, host.address).catch(() => undefined);
    if (!runtimes.has(host.hostId)) return;
    const runtime = runtimes.get(host.hostId);
    await runOnHost(runtime, { script: HOST_RULES_SCRIPT, args: hostRulesArgs('remove', ownerId, host), image: await ensurePauseImage(runtime), labels: this.labels() })
      .catch((err) => log.warn('the rules Berth set on a Docker host could not be removed', { hostId: host.hostId, err }));
  }

  private labels(): Record<string, string> {
    return { 'berth.host-setup': this.deps.ownerId };
  }

  private async setUp(host: HostDoc): Promise<PreparedHost> {
    const { runtimes, ownerId, log, agentPort } = this.deps;
    const runtime = runtimes.get(host.hostId);
    const pauseImage = await ensurePauseImage(runtime);
    if (host.awsvpcCidr) {
      await this.route('replace', host.awsvpcCidr, host.address).catch((err) => log.warn(
        `no route to a Docker host's awsvpc network ${host.awsvpcCidr} via ${host.address}: the load balancer cannot reach its awsvpc tasks`,
        { hostId: host.hostId, err: err instanceof Error ? err.message.split('\n')[0] : String(err) },
      ));
    }
    const networks = new AwsvpcNetworks(runtime, ownerId, undefined, host.awsvpcCidr ? hostSubnets(host.awsvpcCidr) : NO_SUBNETS);
    // The network first: Docker puts its masquerade rule for a new bridge before the rules there.
    if (host.awsvpcCidr) await networks.networkFor(() => 0);
    let rules = true;
    const peers = listHosts(this.deps.store).flatMap((h) => (h.hostId !== host.hostId && h.awsvpcCidr ? [{ cidr: h.awsvpcCidr, address: h.address }] : []));
    await runOnHost(runtime, { script: HOST_RULES_SCRIPT, args: hostRulesArgs('add', ownerId, host, agentPort, peers), image: pauseImage, labels: this.labels() })
      .catch((err) => {
        rules = false;
        log.warn('the network rules of a Docker host could not be set (iptables on the host): its awsvpc tasks are unreachable and its tasks have no task endpoint', { hostId: host.hostId, err });
      });
    return { networks, pauseImage, taskEndpoint: rules && agentPort !== undefined && host.berthAddress !== undefined };
  }
}
