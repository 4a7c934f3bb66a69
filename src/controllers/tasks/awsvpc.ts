/**
 * awsvpc networking: each task gets a pause container on a Berth-managed Docker bridge
 * network; the task's containers join its network namespace and share localhost.
 * A Linux bridge takes at most 1024 ports, so a network holds at most
 * TASKS_PER_NETWORK tasks and the next one is created when it fills. The local engine's
 * networks take /22s of 10.213.0.0/16; a remote host has one network, its own block.
 */
import { hexId } from '../../platform/ids.js';
import { formatIpv4, ipv4Block } from '../../platform/ip.js';
import { ContainerRuntime, ContainerState, RuntimeError } from '../../runtime/runtime.js';
import { Attachment, TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { dockerName, LABEL, taskLabels } from './container-spec.js';

const TASKS_PER_NETWORK = 1000;

/** Where a runtime's awsvpc networks take their subnets, and how many tasks one holds. */
export interface SubnetPool {
  /** Tried in order for each new network; the first one Docker accepts (no overlap) is used. */
  candidates: string[];
  tasksPerNetwork: number;
}

export const LOCAL_SUBNETS: SubnetPool = {
  candidates: Array.from({ length: 64 }, (_, i) => `10.213.${i * 4}.0/22`),
  tasksPerNetwork: TASKS_PER_NETWORK,
};

/** A remote host's one network: every address but the network's, the gateway's and the broadcast. */
export function hostSubnets(cidr: string): SubnetPool {
  const block = ipv4Block(cidr);
  if (!block) throw new RangeError(`bad awsvpc block ${cidr}`);
  return { candidates: [cidr], tasksPerNetwork: Math.min(TASKS_PER_NETWORK, block.size - 3) };
}

/** The first address of a block, Docker's gateway on the bridge. */
export function gatewayOf(cidr: string): string {
  return formatIpv4(ipv4Block(cidr)!.network + 1);
}

export class AwsvpcNetworks {
  private readonly known = new Set<string>();
  /** Ensures under way: tasks starting together on a new network share one (Docker would make duplicates). */
  private readonly ensuring = new Map<string, Promise<void>>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly ownerId: string,
    /** Told each network's subnet once per run (the task endpoint redirects it). */
    private readonly onNetwork?: (subnet: string) => Promise<void>,
    private readonly pool: SubnetPool = LOCAL_SUBNETS,
  ) {}

  networkName(slot: number): string {
    return `berth-${this.ownerId.slice(0, 8)}-awsvpc-${slot}`;
  }

  /** The network for a new task, given how many active tasks a network already has. */
  async networkFor(activeOn: (network: string) => number): Promise<string> {
    let slot = 0;
    while (slot < this.pool.candidates.length && activeOn(this.networkName(slot)) >= this.pool.tasksPerNetwork) slot++;
    if (slot === this.pool.candidates.length) {
      throw new RuntimeError(this.pool.candidates.length ? 'every awsvpc network of this Docker host is full' : 'this Docker host has no awsvpc network', 'Other');
    }
    const name = this.networkName(slot);
    if (this.known.has(name)) return name;
    let pending = this.ensuring.get(name);
    if (!pending) {
      pending = this.ensure(name).finally(() => this.ensuring.delete(name));
      this.ensuring.set(name, pending);
    }
    await pending;
    return name;
  }

  private async ensure(name: string): Promise<void> {
    const existing = (await this.runtime.listNetworks({ [LABEL.owner]: this.ownerId })).find((n) => n.name === name);
    if (existing) {
      await this.onNetwork?.(existing.subnet);
      this.known.add(name);
      return;
    }
    let lastError: unknown;
    for (const subnet of this.pool.candidates) {
      try {
        await this.runtime.ensureNetwork({ name, subnet, gateway: gatewayOf(subnet), labels: { [LABEL.owner]: this.ownerId } });
      } catch (e) {
        // Overlapping pools are refused by Docker; try the next candidate.
        lastError = e;
        continue;
      }
      await this.onNetwork?.(subnet);
      this.known.add(name);
      return;
    }
    throw lastError instanceof Error ? lastError : new RuntimeError('no free subnet for awsvpc networking', 'Other');
  }
}

export function pauseSpec(task: TaskDoc, ownerId: string, image: string, network: string) {
  const hostname = task.berth.containers.find((c) => c.hostname)?.hostname as string | undefined;
  return {
    name: dockerName(task, 'internalecspause'),
    image,
    labels: { ...taskLabels(task, ownerId), [LABEL.role]: 'pause' },
    command: ['sleep', '2147483647'],
    networkMode: network,
    hostname: hostname ?? `ip-${task.taskArn.split('/').pop()!.slice(0, 8)}`,
    // An init process makes the pause container stop at once on SIGTERM.
    init: true,
  };
}

/** The attached ENI ECS shows for an awsvpc task (`id` of its PRECREATED attachment), from the pause container's address. */
export function eniAttachment(task: TaskDoc, pause: ContainerState, network: string, id: string): Attachment {
  const net = pause.networks[network];
  const ip = net?.ipAddress ?? '';
  return {
    id,
    type: 'ElasticNetworkInterface',
    status: 'ATTACHED',
    details: [
      { name: 'subnetId', value: task.berth.awsvpc?.subnets[0] ?? '' },
      { name: 'networkInterfaceId', value: `eni-${hexId(9).slice(0, 17)}` },
      { name: 'macAddress', value: net?.macAddress ?? '' },
      { name: 'privateDnsName', value: `ip-${ip.replace(/\./g, '-')}.${task.availabilityZone.slice(0, -1)}.compute.internal` },
      { name: 'privateIPv4Address', value: ip },
    ],
  };
}
