/**
 * Container instances: ListContainerInstances, DescribeContainerInstances,
 * UpdateContainerInstancesState and DeregisterContainerInstance, for the local engine and
 * the remote Docker hosts (domain/hosts.ts). Registration: container-instance-registration.ts.
 */
import { ContainerInstance, Failure, Operations } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { ReadTx } from '../../../state/store.js';
import { requireCluster, scopeOf } from '../domain/clusters.js';
import { EcsDeps } from './context.js';
import { instanceArn, KIND, scopePrefix, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { candidateOf, ContainerInstanceDoc, findInstance, freeCapacity, resources, tasksOnInstance } from '../domain/container-instances.js';
import { deregisterInstance, setInstanceStatus } from '../domain/instance-lifecycle.js';
import { ClusterQuery, ClusterQueryError, evaluateQuery, parseClusterQuery, queryViewOf } from '../domain/placement/index.js';

/**
 * The wire ContainerInstance. ECS no longer accounts for the tasks of an INACTIVE
 * instance (they are orphaned), so it reports none and all its resources free.
 */
export function instanceView(tx: ReadTx, scope: Scope, cluster: string, inst: ContainerInstanceDoc, withTags: boolean): ContainerInstance {
  const inactive = inst.status === 'INACTIVE';
  const tasks = inactive ? [] : tasksOnInstance(tx, scope, cluster, inst.containerInstanceArn);
  // Named one by one: the record also holds Berth's own members (registered, local, hostId, health).
  const { containerInstanceArn, ec2InstanceId, status, agentConnected, version, versionInfo, attributes, registeredAt } = inst;
  return {
    containerInstanceArn, ec2InstanceId, status, agentConnected, version, versionInfo, attributes, registeredAt,
    tags: withTags ? inst.tags : undefined,
    // AWS lists the instance's trunk ENIs here, and an empty list without them; Berth has none.
    attachments: [],
    registeredResources: resources(inst.registered),
    remainingResources: resources(inactive ? inst.registered : freeCapacity(tx, scope, cluster, inst)),
    runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
  };
}

/** AWS's batch checks; its message names the list `instanceIds` whatever the operation calls it. */
function checkBatch(refs: string[], max: number): void {
  if (refs.length === 0) throw clientError('InvalidParameterException', 'Container instances cannot be empty.');
  if (refs.length > max) throw clientError('InvalidParameterException', `instanceIds can have at most ${max} items.`);
}

/** A cluster query language filter, refused with AWS's error when it does not parse. */
function parseFilter(filter: string): ClusterQuery {
  try {
    return parseClusterQuery(filter);
  } catch (e) {
    if (e instanceof ClusterQueryError) throw clientError('InvalidParameterException', 'Invalid filter expression.');
    throw e;
  }
}

const arnOf = (scope: Scope, cluster: string, ref: string) => (ref.startsWith('arn:') ? ref : instanceArn(scope, cluster, ref));

export function makeContainerInstanceOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store, clock } = deps;

  return {
    ListContainerInstances(input, ctx) {
      const scope = scopeOf(ctx);
      const cluster = requireCluster(store, scope, input.cluster);
      const query = input.filter ? parseFilter(input.filter) : undefined;
      const wanted = input.status ?? undefined;
      const items = store.list<ContainerInstanceDoc>(KIND.containerInstance, { prefix: `${scopePrefix(scope)}${cluster.clusterName}/` })
        .filter((r) => (wanted ? r.doc.status === wanted : r.doc.status !== 'INACTIVE'))
        .filter((r) => !query || evaluateQuery(query, queryViewOf(candidateOf(store, scope, cluster.clusterName, r.doc))));
      const p = page(items, (r) => r.id, input.nextToken, input.maxResults, 100);
      return { containerInstanceArns: p.items.map((r) => r.doc.containerInstanceArn), nextToken: p.nextToken };
    },

    DescribeContainerInstances(input, ctx) {
      const scope = scopeOf(ctx);
      const cluster = requireCluster(store, scope, input.cluster).clusterName;
      checkBatch(input.containerInstances, 100);
      const containerInstances: ContainerInstance[] = [];
      const failures: Failure[] = [];
      for (const ref of input.containerInstances) {
        const rec = findInstance(store, scope, cluster, ref);
        if (rec) containerInstances.push(instanceView(store, scope, cluster, rec.doc, input.include?.includes('TAGS') ?? false));
        else failures.push({ arn: arnOf(scope, cluster, ref), reason: 'MISSING' });
      }
      return { containerInstances, failures };
    },

    UpdateContainerInstancesState(input, ctx) {
      const scope = scopeOf(ctx);
      checkBatch(input.containerInstances, 10);
      const status = input.status;
      // The model's enum has REGISTERING and the like, which only ECS itself sets.
      if (status !== 'ACTIVE' && status !== 'DRAINING') {
        throw clientError('InvalidParameterException', 'The container instance status can only be updated to ACTIVE or DRAINING.');
      }
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster).clusterName;
        const containerInstances: ContainerInstance[] = [];
        const failures: Failure[] = [];
        for (const ref of input.containerInstances) {
          const rec = findInstance(tx, scope, cluster, ref);
          if (!rec || rec.doc.status === 'INACTIVE') {
            failures.push({ arn: arnOf(scope, cluster, ref), reason: rec ? 'INACTIVE' : 'MISSING' });
            continue;
          }
          containerInstances.push(instanceView(tx, scope, cluster, setInstanceStatus(tx, rec, status), true));
        }
        return { containerInstances, failures };
      });
    },

    DeregisterContainerInstance(input, ctx) {
      const scope = scopeOf(ctx);
      return store.transact((tx) => {
        const cluster = requireCluster(tx, scope, input.cluster).clusterName;
        const rec = findInstance(tx, scope, cluster, input.containerInstance);
        if (!rec) throw clientError('InvalidParameterException', 'The referenced container instance was not found.');
        const doc = deregisterInstance(tx, scope, cluster, rec, input.force ?? false, clock.now());
        return { containerInstance: instanceView(tx, scope, cluster, doc, true) };
      });
    },
  };
}
