/**
 * Container instances. Until multi-host support, the only instance is the local Docker
 * Engine, registered in every cluster when auto-registration is on. Its remaining
 * resources and task counts are derived from the tasks placed on it, never stored.
 */
import { clientError } from '../../protocol/errors.js';
import { RequestContext } from '../../protocol/service.js';
import { hexId } from '../../platform/ids.js';
import { ReadTx, Tx } from '../../state/store.js';
import { requireCluster, scopeOf } from './clusters.js';
import { EcsDeps, LocalHost } from './context.js';
import { instanceArn, instanceKey, isForeignArn, KIND, nameFromRef, scopePrefix, Scope } from './names.js';
import { page } from './pagination.js';
import { AGENT_RESERVED_PORTS, Capacity, remaining, taskDemand } from './placement.js';
import { TaskDoc } from './task-doc.js';
import { listTasks, TASK_KEYS } from './task-index.js';

export interface ContainerInstanceDoc {
  containerInstanceArn: string;
  ec2InstanceId: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  agentConnected: boolean;
  version: number;
  versionInfo: { agentVersion: string; agentHash: string; dockerVersion: string };
  registered: Capacity;
  attributes: { name: string; value?: string }[];
  registeredAt: string;
  tags: { key?: string; value?: string }[];
  local: boolean;
}

const ATTRIBUTES = [
  'ecs.capability.task-eni', 'ecs.capability.container-health-check', 'ecs.capability.container-ordering',
  'com.amazonaws.ecs.capability.docker-remote-api.1.17', 'com.amazonaws.ecs.capability.docker-remote-api.1.18',
  'com.amazonaws.ecs.capability.docker-remote-api.1.25', 'com.amazonaws.ecs.capability.docker-remote-api.1.41',
  'com.amazonaws.ecs.capability.task-iam-role', 'ecs.capability.execution-role-ecr-pull',
];

export function listInstances(tx: ReadTx, scope: Scope, cluster: string): ContainerInstanceDoc[] {
  return tx.list<ContainerInstanceDoc>(KIND.containerInstance, { prefix: `${scopePrefix(scope)}${cluster}/` }).map((r) => r.doc);
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

function resources(c: Capacity) {
  const n = (name: string, v: number) => ({ name, type: 'INTEGER', integerValue: v, doubleValue: 0, longValue: 0 });
  return [
    n('CPU', c.cpu), n('MEMORY', c.memory),
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: c.tcpPorts.map(String), doubleValue: 0, longValue: 0, integerValue: 0 },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: c.udpPorts.map(String), doubleValue: 0, longValue: 0, integerValue: 0 },
  ];
}

export function makeContainerInstanceOps(deps: EcsDeps) {
  const { store } = deps;

  function view(scope: Scope, cluster: string, inst: ContainerInstanceDoc, withTags: boolean) {
    const tasks = tasksOnInstance(store, scope, cluster, inst.containerInstanceArn);
    return {
      ...inst,
      registeredResources: resources(inst.registered),
      remainingResources: resources(freeCapacity(store, scope, cluster, inst)),
      runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTasksCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
      tags: withTags ? inst.tags : undefined,
    };
  }

  return {
    ListContainerInstances(input: any, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      const cluster = requireCluster(store, scope, input.cluster);
      if (input.filter) throw clientError('InvalidParameterException', 'Berth does not support cluster query language filters yet.');
      const wanted = input.status ?? undefined;
      const items = store.list<ContainerInstanceDoc>(KIND.containerInstance, { prefix: `${scopePrefix(scope)}${cluster.clusterName}/` })
        .filter((r) => (wanted ? r.doc.status === wanted : r.doc.status !== 'INACTIVE'));
      const p = page(items, (r) => r.id, input.nextToken, input.maxResults, 100);
      return { containerInstanceArns: p.items.map((r) => r.doc.containerInstanceArn), nextToken: p.nextToken };
    },

    DescribeContainerInstances(input: any, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      const cluster = requireCluster(store, scope, input.cluster);
      const refs: string[] = input.containerInstances;
      if (refs.length === 0) throw clientError('InvalidParameterException', 'Container instances cannot be empty.');
      if (refs.length > 100) throw clientError('InvalidParameterException', 'containerInstances can have at most 100 items.');
      const containerInstances: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs) {
        const id = ref.startsWith('arn:') ? nameFromRef(ref, 'container-instance').split('/').pop()! : ref;
        const rec = isForeignArn(ref, scope) ? undefined : store.get<ContainerInstanceDoc>(KIND.containerInstance, instanceKey(scope, cluster.clusterName, id));
        if (rec) containerInstances.push(view(scope, cluster.clusterName, rec.doc, input.include?.includes('TAGS')));
        else failures.push({ arn: ref.startsWith('arn:') ? ref : instanceArn(scope, cluster.clusterName, id), reason: 'MISSING' });
      }
      return { containerInstances, failures };
    },
  };
}
