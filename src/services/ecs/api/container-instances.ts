/** Container instances: ListContainerInstances, DescribeContainerInstances (the local engine until multi-host support). */
import { ContainerInstance, Failure, Operations } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { requireCluster, scopeOf } from '../domain/clusters.js';
import { EcsDeps } from './context.js';
import { instanceArn, instanceKey, isForeignArn, KIND, nameFromRef, scopePrefix, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { ContainerInstanceDoc, tasksOnInstance, freeCapacity, resources } from '../domain/container-instances.js';

export function makeContainerInstanceOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store } = deps;

  function view(scope: Scope, cluster: string, inst: ContainerInstanceDoc, withTags: boolean): ContainerInstance {
    const tasks = tasksOnInstance(store, scope, cluster, inst.containerInstanceArn);
    // `registered` and `local` are Berth's own, not ContainerInstance members.
    const { registered, local, tags, ...wire } = inst;
    return {
      ...wire,
      tags: withTags ? tags : undefined,
      registeredResources: resources(registered),
      remainingResources: resources(freeCapacity(store, scope, cluster, inst)),
      runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTasksCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
    };
  }

  return {
    ListContainerInstances(input, ctx) {
      const scope = scopeOf(ctx);
      const cluster = requireCluster(store, scope, input.cluster);
      if (input.filter) throw clientError('InvalidParameterException', 'Berth does not support cluster query language filters yet.');
      const wanted = input.status ?? undefined;
      const items = store.list<ContainerInstanceDoc>(KIND.containerInstance, { prefix: `${scopePrefix(scope)}${cluster.clusterName}/` })
        .filter((r) => (wanted ? r.doc.status === wanted : r.doc.status !== 'INACTIVE'));
      const p = page(items, (r) => r.id, input.nextToken, input.maxResults, 100);
      return { containerInstanceArns: p.items.map((r) => r.doc.containerInstanceArn), nextToken: p.nextToken };
    },

    DescribeContainerInstances(input, ctx) {
      const scope = scopeOf(ctx);
      const cluster = requireCluster(store, scope, input.cluster);
      const refs = input.containerInstances;
      if (refs.length === 0) throw clientError('InvalidParameterException', 'Container instances cannot be empty.');
      if (refs.length > 100) throw clientError('InvalidParameterException', 'containerInstances can have at most 100 items.');
      const containerInstances: ContainerInstance[] = [];
      const failures: Failure[] = [];
      for (const ref of refs) {
        const id = ref.startsWith('arn:') ? nameFromRef(ref, 'container-instance').split('/').pop()! : ref;
        const rec = isForeignArn(ref, scope) ? undefined : store.get<ContainerInstanceDoc>(KIND.containerInstance, instanceKey(scope, cluster.clusterName, id));
        if (rec) containerInstances.push(view(scope, cluster.clusterName, rec.doc, input.include?.includes('TAGS') ?? false));
        else failures.push({ arn: ref.startsWith('arn:') ? ref : instanceArn(scope, cluster.clusterName, id), reason: 'MISSING' });
      }
      return { containerInstances, failures };
    },
  };
}
