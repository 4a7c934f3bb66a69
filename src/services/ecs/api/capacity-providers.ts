/**
 * CreateCapacityProvider, UpdateCapacityProvider, DeleteCapacityProvider and
 * DescribeCapacityProviders: Auto Scaling group providers over Berth's host groups
 * (domain/capacity-provider-records.ts) beside the AWS-managed FARGATE and FARGATE_SPOT.
 */
import { CapacityProvider, Failure, Operations } from '../../../protocol/generated/ecs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { clientError } from '../../../protocol/errors.js';
import { ReadTx } from '../../../state/store.js';
import { ClusterDoc, scopeOf } from '../domain/clusters.js';
import { isManagedProvider, MANAGED_PROVIDERS } from '../domain/capacity-providers.js';
import {
  CAPACITY_PROVIDER_KIND, capacityProviderArn, capacityProviderKey, CapacityProviderDoc, findCapacityProvider, hostGroupOfArn,
  listCapacityProviders, validateProviderName, withScalingDefaults,
} from '../domain/capacity-provider-records.js';
import { isForeignArn, KIND, nameFromRef, scopePrefix, Scope } from '../domain/names.js';
import { validateTags } from '../domain/tags.js';
import { page } from './pagination.js';
import { EcsDeps } from './context.js';

const MISSING = 'The specified capacity provider does not exist. Specify a valid name or ARN and try again.';

function view(doc: CapacityProviderDoc, withTags: boolean): CapacityProvider {
  const { capacityProviderArn: arn, name, status, autoScalingGroupProvider, updateStatus, updateStatusReason, tags } = doc;
  return {
    capacityProviderArn: arn, name, status, autoScalingGroupProvider, updateStatus, updateStatusReason,
    tags: withTags ? tags : [], type: 'EC2_AUTOSCALING',
  };
}

const managedView = (scope: Scope, name: string): CapacityProvider =>
  ({ capacityProviderArn: capacityProviderArn(scope, name), name, status: 'ACTIVE', type: name as 'FARGATE' | 'FARGATE_SPOT', tags: [] });

/** The stored ACTIVE provider a reference names; the AWS-managed ones cannot be changed. */
function requireOwnProvider(tx: ReadTx, scope: Scope, ref: string): CapacityProviderDoc {
  const name = ref.startsWith('arn:') && !isForeignArn(ref, scope) ? nameFromRef(ref, 'capacity-provider') : ref;
  if (isManagedProvider(name)) throw clientError('InvalidParameterException', `The ${name} capacity provider is reserved and cannot be modified or deleted.`);
  const doc = findCapacityProvider(tx, scope, ref);
  if (!doc || doc.status !== 'ACTIVE') throw clientError('ClientException', MISSING);
  return doc;
}

/** The ACTIVE clusters a provider is associated with. */
function clustersUsing(tx: ReadTx, scope: Scope, name: string): string[] {
  return tx.list<ClusterDoc>(KIND.cluster, { prefix: scopePrefix(scope) })
    .filter((r) => r.doc.status === 'ACTIVE' && r.doc.capacityProviders.includes(name)).map((r) => r.doc.clusterName);
}

export function makeCapacityProviderOps(deps: EcsDeps): TypedHandlers<Operations> {
  const { store } = deps;
  const put = (scope: Scope, doc: CapacityProviderDoc) => store.transact((tx) => tx.put(CAPACITY_PROVIDER_KIND, capacityProviderKey(scope, doc.name), doc));

  return {
    CreateCapacityProvider(input, ctx) {
      const scope = scopeOf(ctx);
      validateProviderName(input.name);
      if (input.managedInstancesProvider) throw clientError('InvalidParameterException', 'Berth does not support Amazon ECS Managed Instances capacity providers yet.');
      const asg = input.autoScalingGroupProvider;
      if (!asg) throw clientError('InvalidParameterException', 'autoScalingGroupProvider must be specified.');
      // The cluster member scopes Managed Instances providers; Auto Scaling group providers are account-wide.
      if (input.cluster !== undefined) throw clientError('InvalidParameterException', 'The cluster parameter is only supported for Amazon ECS Managed Instances capacity providers.');
      hostGroupOfArn(asg.autoScalingGroupArn);
      const tags = validateTags(input.tags);
      return store.transact((tx) => {
        const existing = findCapacityProvider(tx, scope, input.name);
        if (existing?.status === 'ACTIVE') {
          throw clientError('ClientException', 'The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider.');
        }
        if (listCapacityProviders(tx, scope).some((p) => p.status === 'ACTIVE' && p.autoScalingGroupProvider.autoScalingGroupArn === asg.autoScalingGroupArn)) {
          throw clientError('ClientException', 'The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again.');
        }
        const doc: CapacityProviderDoc = {
          capacityProviderArn: capacityProviderArn(scope, input.name), name: input.name, status: 'ACTIVE',
          autoScalingGroupProvider: {
            autoScalingGroupArn: asg.autoScalingGroupArn, managedScaling: withScalingDefaults(asg.managedScaling),
            managedTerminationProtection: asg.managedTerminationProtection ?? 'DISABLED', managedDraining: asg.managedDraining ?? 'ENABLED',
          },
          tags,
        };
        tx.put(CAPACITY_PROVIDER_KIND, capacityProviderKey(scope, doc.name), doc);
        return { capacityProvider: view(doc, true) };
      });
    },

    UpdateCapacityProvider(input, ctx) {
      const scope = scopeOf(ctx);
      if (input.managedInstancesProvider) throw clientError('InvalidParameterException', 'Berth does not support Amazon ECS Managed Instances capacity providers yet.');
      const current = requireOwnProvider(store, scope, input.name);
      const given = input.autoScalingGroupProvider ?? {};
      const asg = current.autoScalingGroupProvider;
      const doc: CapacityProviderDoc = {
        ...current,
        autoScalingGroupProvider: {
          ...asg,
          managedScaling: given.managedScaling ? withScalingDefaults(given.managedScaling, asg.managedScaling) : asg.managedScaling,
          managedTerminationProtection: given.managedTerminationProtection ?? asg.managedTerminationProtection,
          managedDraining: given.managedDraining ?? asg.managedDraining,
        },
        // Berth applies an update at once; AWS answers while it is still in progress.
        updateStatus: 'UPDATE_COMPLETE', updateStatusReason: undefined,
      };
      put(scope, doc);
      return { capacityProvider: { ...view(doc, true), updateStatus: 'UPDATE_IN_PROGRESS' } };
    },

    DeleteCapacityProvider(input, ctx) {
      const scope = scopeOf(ctx);
      return store.transact((tx) => {
        const current = requireOwnProvider(tx, scope, input.capacityProvider);
        const clusters = clustersUsing(tx, scope, current.name);
        if (clusters.length > 0) {
          // AWS accepts the request and reports the failure on the provider, which stays ACTIVE.
          const failed: CapacityProviderDoc = {
            ...current, updateStatus: 'DELETE_FAILED',
            updateStatusReason: `The capacity provider cannot be deleted because it is associated with cluster: ${clusters[0]}. Remove the capacity provider from the cluster and try again.`,
          };
          tx.put(CAPACITY_PROVIDER_KIND, capacityProviderKey(scope, current.name), failed);
          return { capacityProvider: view(failed, true) };
        }
        const deleted: CapacityProviderDoc = { ...current, status: 'INACTIVE', updateStatus: 'DELETE_COMPLETE', updateStatusReason: undefined };
        tx.put(CAPACITY_PROVIDER_KIND, capacityProviderKey(scope, current.name), deleted);
        return { capacityProvider: { ...view(current, true), updateStatus: 'DELETE_IN_PROGRESS', updateStatusReason: undefined } };
      });
    },

    DescribeCapacityProviders(input, ctx) {
      const scope = scopeOf(ctx);
      const withTags = input.include?.includes('TAGS') ?? false;
      const capacityProviders: CapacityProvider[] = [];
      const failures: Failure[] = [];
      // Unnamed: the AWS-managed providers and the ACTIVE ones; a deleted provider stays describable by name.
      const refs = input.capacityProviders?.length ? input.capacityProviders
        : [...MANAGED_PROVIDERS, ...listCapacityProviders(store, scope).filter((p) => p.status === 'ACTIVE').map((p) => p.name)];
      for (const ref of refs) {
        const name = ref.split('/').pop()!;
        const doc = isManagedProvider(name) ? undefined : findCapacityProvider(store, scope, ref);
        if (!isForeignArn(ref, scope) && isManagedProvider(name)) capacityProviders.push(managedView(scope, name));
        else if (doc) capacityProviders.push(view(doc, withTags));
        else failures.push({ arn: ref, reason: 'MISSING' });
      }
      // Paged by position: the order is the request's, or the AWS-managed providers first.
      const indexed = capacityProviders.map((c, i) => ({ c, key: String(i).padStart(6, '0') }));
      const p = page(indexed, (x) => x.key, input.nextToken, input.maxResults, 10, 10);
      return { capacityProviders: p.items.map((x) => x.c), failures, nextToken: p.nextToken };
    },
  };
}
