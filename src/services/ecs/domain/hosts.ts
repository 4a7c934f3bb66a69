/**
 * Docker hosts: the operator's inventory of remote engines (`berth instances add`), each
 * standing in for an EC2 instance. A host is registered as a container instance in one
 * cluster at a time, as an EC2 instance is. Only the operator adds hosts (through the
 * admin socket): an API caller can never make Berth connect somewhere new.
 */
import { Attribute } from '../../../protocol/generated/ecs.js';
import { hexId } from '../../../platform/ids.js';
import { ReadTx, Tx } from '../../../state/store.js';
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
  cpus: number;
  memoryMiB: number;
  dockerVersion: string;
  architecture: string;
  addedAt: string;
  /** Where it is registered, while it is. */
  registration?: { region: string; accountId: string; cluster: string; containerInstanceArn: string };
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

/** The attributes AWS's agent reports for an instance, plus the operator's. */
export function hostAttributes(host: Pick<HostDoc, 'zone' | 'instanceType' | 'architecture' | 'attributes' | 'ec2InstanceId'>, region: string): Attribute[] {
  return [
    { name: 'ecs.os-type', value: 'linux' },
    { name: 'ecs.os-family', value: 'LINUX' },
    { name: 'ecs.cpu-architecture', value: host.architecture },
    { name: 'ecs.instance-type', value: host.instanceType },
    { name: 'ecs.availability-zone', value: availabilityZone(host.zone, region) },
    { name: 'ecs.ami-id', value: 'ami-berth' },
    ...ATTRIBUTES.filter((name) => name !== 'ecs.capability.task-eni').map((name) => ({ name })),
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
