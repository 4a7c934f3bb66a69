/**
 * Capacity provider strategies: the AWS-managed FARGATE and FARGATE_SPOT providers, and
 * Auto Scaling group providers (capacity-provider-records.ts), which place tasks with
 * launch type EC2 on the container instances of their host group.
 */
import { CapacityProviderStrategyItem } from '../../../protocol/generated/ecs.js';
import { clientError } from '../../../protocol/errors.js';
import { ReadTx } from '../../../state/store.js';
import { findCapacityProvider, providerHostGroup } from './capacity-provider-records.js';
import { ContainerInstanceDoc } from './container-instances.js';
import { getHost } from './hosts.js';
import { Scope } from './names.js';

export type { CapacityProviderStrategyItem };

export type ManagedProvider = 'FARGATE' | 'FARGATE_SPOT';

export const MANAGED_PROVIDERS: ManagedProvider[] = ['FARGATE', 'FARGATE_SPOT'];

export const isManagedProvider = (name: string): name is ManagedProvider => MANAGED_PROVIDERS.some((p) => p === name);

/** Whether a (checked) strategy runs its tasks on Fargate; one never mixes Fargate with Auto Scaling group providers. */
export const isFargateStrategy = (strategy: CapacityProviderStrategyItem[] | undefined): boolean =>
  (strategy ?? []).some((i) => isManagedProvider(i.capacityProvider));

/** The providers a cluster may be associated with: the AWS-managed ones and the account's ACTIVE providers. */
export function validateProviders(tx: ReadTx, scope: Scope, providers: string[]): void {
  for (const p of providers) {
    if (isManagedProvider(p)) continue;
    const status = findCapacityProvider(tx, scope, p)?.status;
    if (status === undefined) throw clientError('InvalidParameterException', `The specified capacity provider '${p}' does not exist. Specify a valid capacity provider and try again.`);
    // AWS's wording for a deleted provider (seen in Terraform's reports of PutClusterCapacityProviders).
    if (status !== 'ACTIVE') throw clientError('InvalidParameterException', `The specified capacity provider '${p}' is not in an ACTIVE state. Specify a valid capacity provider and try again.`);
  }
}

/** The instances an Auto Scaling group provider places on: those whose host is in its host group (none once it is deleted). */
export function instancesOfProvider(tx: ReadTx, scope: Scope, provider: string, instances: ContainerInstanceDoc[]): ContainerInstanceDoc[] {
  const group = providerHostGroup(tx, scope, provider);
  return instances.filter((i) => group !== undefined && i.hostId !== undefined && getHost(tx, i.hostId)?.group === group);
}

/** Checks a strategy against the providers associated with the cluster (checked when associated) and fills AWS's defaults. */
export function validateStrategy(strategy: CapacityProviderStrategyItem[] | undefined, associated: string[]): CapacityProviderStrategyItem[] {
  const items = strategy ?? [];
  if (items.length === 0) return [];
  if (items.length > 20) throw clientError('InvalidParameterException', 'A capacity provider strategy can contain a maximum of 20 capacity providers.');
  if (items.filter((i) => (i.base ?? 0) > 0).length > 1) {
    throw clientError('InvalidParameterException', 'A capacity provider strategy can only have one capacity provider with a base value set.');
  }
  for (const item of items) {
    if (!associated.includes(item.capacityProvider)) {
      throw clientError('InvalidParameterException', `The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.`);
    }
  }
  if (new Set(items.map((i) => isManagedProvider(i.capacityProvider))).size > 1) {
    throw clientError('InvalidParameterException', 'The specified capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate providers. Specify one or the other and try again.');
  }
  if (!items.some((i) => (i.weight ?? 0) > 0)) {
    throw clientError('InvalidParameterException', 'The specified capacity provider strategy must contain at least one capacity provider with a weight value greater than 0.');
  }
  return items.map((i) => ({ capacityProvider: i.capacityProvider, weight: i.weight ?? 0, base: i.base ?? 0 }));
}

/** Picks the provider for the next task of a strategy (base first, then by weight), given how many each already has. */
export function pickProvider(strategy: CapacityProviderStrategyItem[], placed: Record<string, number>): string {
  for (const item of strategy) {
    if ((item.base ?? 0) > (placed[item.capacityProvider] ?? 0)) return item.capacityProvider;
  }
  const weighted = strategy.filter((i) => (i.weight ?? 0) > 0);
  const total = weighted.reduce((n, i) => n + (i.weight ?? 0), 0);
  const placedTotal = weighted.reduce((n, i) => n + Math.max(0, (placed[i.capacityProvider] ?? 0) - (i.base ?? 0)), 0);
  // The provider furthest below its weighted share gets the next task.
  let best = weighted[0];
  let bestDeficit = -Infinity;
  for (const item of weighted) {
    const share = ((placedTotal + 1) * (item.weight ?? 0)) / total;
    const deficit = share - Math.max(0, (placed[item.capacityProvider] ?? 0) - (item.base ?? 0));
    if (deficit > bestDeficit) {
      best = item;
      bestDeficit = deficit;
    }
  }
  return best.capacityProvider;
}
