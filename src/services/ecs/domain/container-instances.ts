/** Container instance records: the local engine's registration in each cluster, and what is left of its capacity. */
import { Attribute, Resource, Tag, VersionInfo } from '../../../protocol/generated/ecs.js';
import { hexId } from '../../../platform/ids.js';
import { ReadTx, StoredRecord, Tx } from '../../../state/store.js';
import { LocalHost } from './local-host.js';
import { instanceArn, instanceKey, isForeignArn, KIND, nameFromRef, scopePrefix, Scope } from './names.js';
import { AGENT_RESERVED_PORTS, Capacity, remaining, taskDemand } from './placement.js';
import type { CandidateInstance } from './placement/place.js';
import { TaskDoc } from './task-doc.js';
import { listTasks, TASK_KEYS } from './task-index.js';

/**
 * The stored container instance: ContainerInstance members, and Berth's `registered` and
 * `local`, which DescribeContainerInstances leaves off (it derives the resources and counts).
 */
export interface ContainerInstanceDoc {
  containerInstanceArn: string;
  ec2InstanceId: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  agentConnected: boolean;
  version: number;
  versionInfo: VersionInfo;
  registered: Capacity;
  attributes: Attribute[];
  registeredAt: string;
  tags: Tag[];
  /** The local Docker Engine's registration, which Berth manages. */
  local: boolean;
  /** The remote Docker host (domain/hosts.ts) behind a registration that is not local. */
  hostId?: string;
  /** Its engine stopped answering at (host-health.ts). */
  disconnectedAt?: string;
  /** The engine was silent past the grace period: its tasks were stopped. */
  lostAt?: string;
}

export const ATTRIBUTES = [
  'ecs.capability.task-eni', 'ecs.capability.container-health-check', 'ecs.capability.container-ordering',
  'com.amazonaws.ecs.capability.docker-remote-api.1.17', 'com.amazonaws.ecs.capability.docker-remote-api.1.18',
  'com.amazonaws.ecs.capability.docker-remote-api.1.25', 'com.amazonaws.ecs.capability.docker-remote-api.1.41',
  'com.amazonaws.ecs.capability.task-iam-role', 'ecs.capability.execution-role-ecr-pull',
];

/** What the local engine's registrations call their instance type. */
export const LOCAL_INSTANCE_TYPE = 'berth.local';

export function listInstances(tx: ReadTx, scope: Scope, cluster: string): ContainerInstanceDoc[] {
  return tx.list<ContainerInstanceDoc>(KIND.containerInstance, { prefix: `${scopePrefix(scope)}${cluster}/` }).map((r) => r.doc);
}

/**
 * The instance an id or ARN names in a cluster. An ARN of another cluster, account or
 * region names none here, as AWS resolves references in the cluster called.
 */
export function findInstance(tx: ReadTx, scope: Scope, cluster: string, ref: string): StoredRecord<ContainerInstanceDoc> | undefined {
  if (isForeignArn(ref, scope)) return undefined;
  const path = nameFromRef(ref, 'container-instance').split('/');
  // Long ARNs carry the cluster (container-instance/<cluster>/<id>); old ones only the id.
  if (path.length > 2 || (path.length === 2 && path[0] !== cluster)) return undefined;
  return tx.get<ContainerInstanceDoc>(KIND.containerInstance, instanceKey(scope, cluster, path[path.length - 1]));
}

/** Registers the local engine in a cluster unless it already is. */
export function localInstanceDoc(tx: Tx, scope: Scope, cluster: string, host: LocalHost, now: Date): ContainerInstanceDoc {
  const existing = listInstances(tx, scope, cluster).find((i) => i.local && i.status !== 'INACTIVE');
  if (existing) return existing;
  const id = hexId();
  const doc: ContainerInstanceDoc = {
    containerInstanceArn: instanceArn(scope, cluster, id),
    ec2InstanceId: `i-${hexId(9).slice(0, 17)}`,
    status: 'ACTIVE',
    agentConnected: true,
    version: 1,
    versionInfo: { agentVersion: '1.89.0', agentHash: 'berth', dockerVersion: `DockerVersion: ${host.dockerVersion}` },
    registered: { cpu: host.cpus * 1024, memory: host.memoryMiB, tcpPorts: AGENT_RESERVED_PORTS, udpPorts: [] },
    attributes: [
      { name: 'ecs.os-type', value: 'linux' }, { name: 'ecs.os-family', value: 'LINUX' }, { name: 'ecs.cpu-architecture', value: 'x86_64' },
      { name: 'ecs.instance-type', value: LOCAL_INSTANCE_TYPE }, { name: 'ecs.availability-zone', value: `${scope.region}a` },
      ...ATTRIBUTES.map((name) => ({ name })),
    ],
    registeredAt: now.toISOString(),
    tags: [],
    local: true,
  };
  tx.put(KIND.containerInstance, instanceKey(scope, cluster, id), doc);
  return doc;
}

export function deregisterLocalInstance(tx: Tx, scope: Scope, cluster: string, _now: Date): void {
  for (const r of tx.list<ContainerInstanceDoc>(KIND.containerInstance, { prefix: `${scopePrefix(scope)}${cluster}/` })) {
    if (r.doc.local && r.doc.status !== 'INACTIVE') tx.put(KIND.containerInstance, r.id, { ...r.doc, status: 'INACTIVE', version: r.doc.version + 1 });
  }
}

export function tasksOnInstance(tx: ReadTx, scope: Scope, cluster: string, arn: string): TaskDoc[] {
  return listTasks(tx, TASK_KEYS.activeOn(`${scopePrefix(scope)}${cluster}`, arn.slice(arn.lastIndexOf('/') + 1))).map((r) => r.doc)
    .filter((t) => t.containerInstanceArn === arn);
}

export function freeCapacity(tx: ReadTx, scope: Scope, cluster: string, inst: ContainerInstanceDoc): Capacity {
  return remaining(inst.registered, tasksOnInstance(tx, scope, cluster, inst.containerInstanceArn).map((t) => taskDemand(t.berth)));
}

export function resources(c: Capacity): Resource[] {
  const n = (name: string, v: number) => ({ name, type: 'INTEGER', integerValue: v, doubleValue: 0, longValue: 0 });
  return [
    n('CPU', c.cpu), n('MEMORY', c.memory),
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: c.tcpPorts.map(String), doubleValue: 0, longValue: 0, integerValue: 0 },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: c.udpPorts.map(String), doubleValue: 0, longValue: 0, integerValue: 0 },
  ];
}


/**
 * What placement and cluster queries read of an instance: its free capacity and task counts
 * from one listing of its active tasks, plus `placedNow`, tasks a call placed there that the
 * transaction may not show yet (each is counted once).
 */
export function candidateOf(tx: ReadTx, scope: Scope, cluster: string, inst: ContainerInstanceDoc, placedNow: TaskDoc[] = []): CandidateInstance {
  const stored = tasksOnInstance(tx, scope, cluster, inst.containerInstanceArn);
  const seen = new Set(stored.map((t) => t.taskArn));
  const active = [...stored, ...placedNow.filter((t) => t.containerInstanceArn === inst.containerInstanceArn && !seen.has(t.taskArn))];
  const taskGroups: Record<string, number> = {};
  for (const t of active) if (t.group) taskGroups[t.group] = (taskGroups[t.group] ?? 0) + 1;
  return {
    containerInstanceArn: inst.containerInstanceArn, ec2InstanceId: inst.ec2InstanceId, status: inst.status, agentConnected: inst.agentConnected,
    agentVersion: inst.versionInfo.agentVersion ?? '', registeredAt: Date.parse(inst.registeredAt), attributes: inst.attributes,
    free: remaining(inst.registered, active.map((t) => taskDemand(t.berth))), runningTasksCount: active.length, taskGroups,
  };
}
