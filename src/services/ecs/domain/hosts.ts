/**
 * Docker hosts: the operator's inventory of remote engines (`berth instances add`), each
 * standing in for an EC2 instance. A host is registered as a container instance in one
 * cluster at a time, as an EC2 instance is. Only the operator adds hosts (through the
 * admin socket): an API caller can never make Berth connect somewhere new.
 */
import { Attribute } from '../../../protocol/generated/ecs.js';
import { hexId } from '../../../platform/ids.js';
import { blocksOverlap, ipv4Block, isPrivateBlock } from '../../../platform/ip.js';
import { ReadTx, Tx } from '../../../state/store.js';
import { HostEndpoint } from '../../../runtime/runtime-pool.js';
import { ATTRIBUTES, ContainerInstanceDoc } from './container-instances.js';
import { instanceArn, instanceKey, KIND, Scope } from './names.js';
import { AGENT_RESERVED_PORTS } from './placement.js';

export const HOST_KIND = 'ecs/host';

export interface HostDoc {
  hostId: string;
  ec2InstanceId: string;
  /** unix:///path, tcp://host:port or ssh://user@host[:port]. */
  dockerHost: string;
  /** The docker CLI's TLS directory (ca.pem, cert.pem, key.pem) for tcp with TLS. */
  tlsCertDir?: string;
  /** For ssh://: the private key and known_hosts file to use (else ssh's own configuration's). */
  sshIdentityFile?: string;
  sshKnownHostsFile?: string;
  /** Where Berth reaches the ports the host publishes (instance targets, tasks' host ports). */
  address: string;
  /** A zone letter (`a`), prefixed with the cluster's region, or a whole zone name. */
  zone: string;
  instanceType: string;
  /** The operator's attributes, besides the ecs.* ones Berth sets. */
  attributes: Attribute[];
  /** The host group (an Auto Scaling group capacity provider's group name) the host belongs to. */
  group?: string;
  /** `host:port` at which this host reaches Berth's registry (its engine must trust it); absent: Berth's images are not pulled there. */
  registry?: string;
  /** The IPv4 address of --registry's host: where the host's tasks reach Berth's task endpoint. */
  berthAddress?: string;
  /** The host's awsvpc network (`10.214.N.0/24` unless the operator chose one); absent: no awsvpc tasks there. */
  awsvpcCidr?: string;
  cpus: number;
  memoryMiB: number;
  dockerVersion: string;
  architecture: string;
  addedAt: string;
  /** Where it is registered, while it is. */
  registration?: { region: string; accountId: string; cluster: string; containerInstanceArn: string };
}

/** How the runtime pool reaches the host's engine. */
export function endpointOf(host: Pick<HostDoc, 'dockerHost' | 'tlsCertDir' | 'sshIdentityFile' | 'sshKnownHostsFile'>): HostEndpoint {
  const ssh = host.sshIdentityFile || host.sshKnownHostsFile ? { identityFile: host.sshIdentityFile, knownHostsFile: host.sshKnownHostsFile } : undefined;
  return { dockerHost: host.dockerHost, tlsCertDir: host.tlsCertDir, ssh };
}

export const newHostId = () => `h-${hexId().slice(0, 12)}`;
export const newEc2InstanceId = () => `i-${hexId().slice(0, 17)}`;

export function listHosts(tx: ReadTx): HostDoc[] {
  return tx.list<HostDoc>(HOST_KIND).map((r) => r.doc);
}

export function getHost(tx: ReadTx, hostId: string): HostDoc | undefined {
  return tx.get<HostDoc>(HOST_KIND, hostId)?.doc;
}

/** The host behind an EC2 instance id (instance targets name hosts by it). */
export function hostByInstanceId(tx: ReadTx, ec2InstanceId: string): HostDoc | undefined {
  return listHosts(tx).find((h) => h.ec2InstanceId === ec2InstanceId);
}

export function availabilityZone(zone: string, region: string): string {
  return /^[a-z]$/.test(zone) ? `${region}${zone}` : zone;
}

/** The local engine's awsvpc networks (awsvpc.ts); remote hosts' blocks stay clear of it. */
const LOCAL_AWSVPC_RANGE = ipv4Block('10.213.0.0/16')!;

/**
 * A /24 for a new host's awsvpc network, from 10.214.0.0/16: every host's block differs, so Berth's
 * machine can route to each task address (as a VPC routes to every ENI). Undefined when all are taken.
 */
export function nextAwsvpcCidr(hosts: Pick<HostDoc, 'awsvpcCidr'>[]): string | undefined {
  const taken = hosts.flatMap((h) => (h.awsvpcCidr ? [ipv4Block(h.awsvpcCidr)!] : []));
  for (let i = 0; i < 256; i++) {
    const block = ipv4Block(`10.214.${i}.0/24`)!;
    if (!taken.some((t) => blocksOverlap(t, block))) return block.cidr;
  }
  return undefined;
}

/** Why an operator's --awsvpc-cidr cannot be a host's network; undefined when it can. */
export function awsvpcCidrProblem(cidr: string, hosts: Pick<HostDoc, 'awsvpcCidr' | 'hostId'>[]): string | undefined {
  const block = ipv4Block(cidr);
  if (!block || block.prefix < 16 || block.prefix > 28) return `${cidr} is not an IPv4 network from /16 to /28 (host bits zero)`;
  if (!isPrivateBlock(block)) return `${cidr} is not a private (RFC 1918) range`;
  if (blocksOverlap(block, LOCAL_AWSVPC_RANGE)) return `${cidr} overlaps the local engine's awsvpc networks (10.213.0.0/16)`;
  const other = hosts.find((h) => h.awsvpcCidr && blocksOverlap(ipv4Block(h.awsvpcCidr)!, block));
  return other ? `${cidr} overlaps host ${other.hostId}'s awsvpc network ${other.awsvpcCidr}` : undefined;
}

/** The attributes AWS's agent reports for an instance, plus the operator's; task-eni only with an awsvpc network. */
export function hostAttributes(host: Pick<HostDoc, 'zone' | 'instanceType' | 'architecture' | 'attributes' | 'ec2InstanceId' | 'awsvpcCidr'>, region: string): Attribute[] {
  return [
    { name: 'ecs.os-type', value: 'linux' },
    { name: 'ecs.os-family', value: 'LINUX' },
    { name: 'ecs.cpu-architecture', value: host.architecture },
    { name: 'ecs.instance-type', value: host.instanceType },
    { name: 'ecs.availability-zone', value: availabilityZone(host.zone, region) },
    { name: 'ecs.ami-id', value: 'ami-berth' },
    ...ATTRIBUTES.filter((name) => host.awsvpcCidr || name !== 'ecs.capability.task-eni').map((name) => ({ name })),
    ...host.attributes,
  ];
}

/** Registers a host as a container instance of a cluster; the host must not be registered elsewhere. */
export function registerHost(tx: Tx, host: HostDoc, scope: Scope, cluster: string, now: Date): ContainerInstanceDoc {
  const id = hexId();
  const doc: ContainerInstanceDoc = {
    containerInstanceArn: instanceArn(scope, cluster, id),
    ec2InstanceId: host.ec2InstanceId,
    status: 'ACTIVE',
    agentConnected: true,
    version: 1,
    versionInfo: { agentVersion: '1.89.0', agentHash: 'berth', dockerVersion: `DockerVersion: ${host.dockerVersion}` },
    registered: { cpu: host.cpus * 1024, memory: host.memoryMiB, tcpPorts: AGENT_RESERVED_PORTS, udpPorts: [] },
    attributes: hostAttributes(host, scope.region),
    registeredAt: now.toISOString(),
    tags: [],
    local: false,
    hostId: host.hostId,
  };
  tx.put(KIND.containerInstance, instanceKey(scope, cluster, id), doc);
  tx.put(HOST_KIND, host.hostId, { ...host, registration: { ...scope, cluster, containerInstanceArn: doc.containerInstanceArn } });
  return doc;
}

/** Forgets the host's registration (its container instance is deregistered by the caller). */
export function releaseHost(tx: Tx, hostId: string): void {
  const host = getHost(tx, hostId);
  if (host?.registration) tx.put(HOST_KIND, hostId, { ...host, registration: undefined });
}
