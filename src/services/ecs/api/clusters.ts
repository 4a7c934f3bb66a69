/** Clusters: CreateCluster, DescribeClusters, ListClusters, DeleteCluster, UpdateCluster, UpdateClusterSettings, PutClusterCapacityProviders. */
import { Cluster, Failure, Operations } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { ReadTx, Tx } from '../../../state/store.js';
import { EcsDeps } from './context.js';
import { effectiveSetting } from '../domain/account-settings.js';
import { listInstances, localInstanceDoc, deregisterLocalInstance } from '../domain/container-instances.js';
import { clusterArn, clusterKey, isForeignArn, isValidName, KIND, nameFromRef, scopePrefix, Scope } from '../domain/names.js';
import { page } from './pagination.js';
import { validateTags } from '../domain/tags.js';
import { MANAGED_PROVIDERS, validateProviders, validateStrategy } from '../domain/capacity-providers.js';
import { countInstances, countServices, countTasks, TASK_KEYS } from '../domain/task-index.js';
import { namespaceArn } from '../domain/service-connect.js';
import { ClusterDoc, scopeOf, requireCluster, validateSettings, mergeSettings } from '../domain/clusters.js';

export function makeClusterOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store, clock } = deps;

  function view(tx: ReadTx, scope: Scope, c: ClusterDoc, include: string[] = ['SETTINGS', 'TAGS', 'CONFIGURATIONS']): Cluster {
    const key = `${scopePrefix(scope)}${c.clusterName}`;
    const running = countTasks(tx, TASK_KEYS.last(key, 'RUNNING'));
    return {
      clusterArn: c.clusterArn,
      clusterName: c.clusterName,
      status: c.status,
      registeredContainerInstancesCount: c.status === 'ACTIVE' ? countInstances(tx, key, 'ACTIVE') + countInstances(tx, key, 'DRAINING') : 0,
      runningTasksCount: running,
      pendingTasksCount: countTasks(tx, TASK_KEYS.active(key)) - running,
      activeServicesCount: countServices(tx, key, 'ACTIVE'),
      // AWS always returns these lists, empty unless asked for; Berth keeps no statistics yet.
      statistics: [],
      tags: include.includes('TAGS') ? c.tags : [],
      settings: include.includes('SETTINGS') ? c.settings : [],
      configuration: include.includes('CONFIGURATIONS') ? c.configuration : undefined,
      capacityProviders: c.capacityProviders,
      defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy,
      attachments: include.includes('ATTACHMENTS') ? [] : undefined,
      serviceConnectDefaults: c.serviceConnectDefaults && { namespace: namespaceArn(scope, c.serviceConnectDefaults.namespace) },
    };
  }

  function putCluster(tx: Tx, scope: Scope, doc: ClusterDoc) {
    tx.put(KIND.cluster, clusterKey(scope, doc.clusterName), doc);
  }

  return {
    CreateCluster(input, ctx) {
      const scope = scopeOf(ctx);
      const name = input.clusterName ?? 'default';
      if (!isValidName(name)) {
        throw clientError('InvalidParameterException', 'Cluster name can have up to 255 characters. Valid characters are letters (uppercase and lowercase), numbers, underscores, and hyphens.');
      }
      const tags = validateTags(input.tags);
      const providers = input.capacityProviders ?? [];
      const strategy = validateStrategy(input.defaultCapacityProviderStrategy ?? [], providers);
      return store.transact((tx) => {
        validateProviders(tx, scope, providers);
        const existing = tx.get<ClusterDoc>(KIND.cluster, clusterKey(scope, name));
        if (existing?.doc.status === 'ACTIVE') return { cluster: view(tx, scope, existing.doc) };
        const insights = effectiveSetting(tx, scope, ctx, 'containerInsights');
        const doc: ClusterDoc = {
          clusterArn: clusterArn(scope, name),
          clusterName: name,
          status: 'ACTIVE',
          settings: mergeSettings([{ name: 'containerInsights', value: insights }], validateSettings(input.settings) ?? []),
          configuration: input.configuration,
          serviceConnectDefaults: input.serviceConnectDefaults,
          capacityProviders: providers,
          defaultCapacityProviderStrategy: strategy,
          tags,
        };
        putCluster(tx, scope, doc);
        if (deps.host.autoRegister) localInstanceDoc(tx, scope, name, deps.host, clock.now());
        return { cluster: view(tx, scope, doc) };
      });
    },

    DescribeClusters(input, ctx) {
      const scope = scopeOf(ctx);
      const refs = input.clusters?.length ? input.clusters : ['default'];
      if (refs.length > 100) throw clientError('InvalidParameterException', 'clusters can have at most 100 items.');
      const clusters: Cluster[] = [];
      const failures: Failure[] = [];
      for (const ref of refs) {
        const name = nameFromRef(ref, 'cluster');
        const rec = isForeignArn(ref, scope) ? undefined : store.get<ClusterDoc>(KIND.cluster, clusterKey(scope, name));
        if (rec) clusters.push(view(store, scope, rec.doc, input.include ?? []));
        else failures.push({ arn: ref.startsWith('arn:') ? ref : clusterArn(scope, name), reason: 'MISSING' });
      }
      return { clusters, failures };
    },

    ListClusters(input, ctx) {
      const scope = scopeOf(ctx);
      const active = store.list<ClusterDoc>(KIND.cluster, { prefix: scopePrefix(scope) }).filter((r) => r.doc.status === 'ACTIVE');
      const p = page(active, (r) => r.id, input.nextToken, input.maxResults, 100);
      return { clusterArns: p.items.map((r) => r.doc.clusterArn), nextToken: p.nextToken };
    },

    DeleteCluster(input, ctx) {
      const scope = scopeOf(ctx);
      return store.transact((tx) => {
        const c = requireCluster(tx, scope, input.cluster);
        if (countTasks(tx, TASK_KEYS.active(`${scopePrefix(scope)}${c.clusterName}`)) > 0) {
          throw clientError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
        }
        deregisterLocalInstance(tx, scope, c.clusterName, clock.now());
        const remaining = listInstances(tx, scope, c.clusterName).filter((i) => i.status === 'ACTIVE' || i.status === 'DRAINING');
        if (remaining.length > 0) {
          throw clientError('ClusterContainsContainerInstancesException', 'The Cluster cannot be deleted while Container Instances are active or draining.');
        }
        const doc: ClusterDoc = { ...c, status: 'INACTIVE' };
        putCluster(tx, scope, doc);
        return { cluster: view(tx, scope, doc) };
      });
    },

    UpdateCluster(input, ctx) {
      const scope = scopeOf(ctx);
      return store.transact((tx) => {
        const c = requireCluster(tx, scope, input.cluster);
        const doc: ClusterDoc = {
          ...c,
          settings: mergeSettings(c.settings, validateSettings(input.settings) ?? []),
          configuration: input.configuration ?? c.configuration,
          // An empty namespace removes the cluster's Service Connect defaults, as on AWS.
          serviceConnectDefaults: input.serviceConnectDefaults?.namespace === '' ? undefined : input.serviceConnectDefaults ?? c.serviceConnectDefaults,
        };
        putCluster(tx, scope, doc);
        return { cluster: view(tx, scope, doc) };
      });
    },

    UpdateClusterSettings(input, ctx) {
      const scope = scopeOf(ctx);
      return store.transact((tx) => {
        const c = requireCluster(tx, scope, input.cluster);
        const doc: ClusterDoc = { ...c, settings: mergeSettings(c.settings, validateSettings(input.settings) ?? []) };
        putCluster(tx, scope, doc);
        return { cluster: view(tx, scope, doc) };
      });
    },

    PutClusterCapacityProviders(input, ctx) {
      const scope = scopeOf(ctx);
      const providers = input.capacityProviders;
      const strategy = validateStrategy(input.defaultCapacityProviderStrategy, providers);
      return store.transact((tx) => {
        const c = requireCluster(tx, scope, input.cluster);
        validateProviders(tx, scope, providers);
        const key = `${scopePrefix(scope)}${c.clusterName}`;
        const removed = [...new Set([...MANAGED_PROVIDERS, ...c.capacityProviders])].filter((p) => !providers.includes(p));
        if (removed.some((p) => countTasks(tx, TASK_KEYS.activeWithProvider(key, p)) > 0)) {
          throw clientError('ResourceInUseException', `The specified capacity provider is in use and cannot be removed.`);
        }
        const doc: ClusterDoc = { ...c, capacityProviders: providers, defaultCapacityProviderStrategy: strategy };
        putCluster(tx, scope, doc);
        return { cluster: view(tx, scope, doc) };
      });
    },
  };
}
