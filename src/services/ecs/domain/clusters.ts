/** Cluster records: the stored document, reference resolution and settings rules. */
import { CapacityProviderStrategyItem, ClusterConfiguration, ClusterServiceConnectDefaultsRequest, ClusterSetting } from '../../../protocol/generated/ecs.js';
import { clientError } from '../../../protocol/errors.js';
import { RequestContext } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { clusterKey, isForeignArn, KIND, nameFromRef, Scope } from './names.js';
import { Tag } from './tags.js';

/** A stored cluster setting: the wire ClusterSetting, both members present. */
export type ClusterSettingDoc = Required<ClusterSetting>;

/** The stored cluster; DescribeClusters adds the counts, derived when read. */
export interface ClusterDoc {
  clusterArn: string;
  clusterName: string;
  status: 'ACTIVE' | 'INACTIVE';
  settings: ClusterSettingDoc[];
  configuration?: ClusterConfiguration;
  /** As given: the namespace's name or ARN. */
  serviceConnectDefaults?: ClusterServiceConnectDefaultsRequest;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[];
  tags: Tag[];
}

export const scopeOf = (ctx: RequestContext): Scope => ({ region: ctx.region, accountId: ctx.accountId });

/** Resolves a cluster reference (default "default") to its ACTIVE record or throws ClusterNotFoundException. */
export function requireCluster(tx: ReadTx, scope: Scope, ref: string | undefined): ClusterDoc {
  const name = nameFromRef(ref ?? 'default', 'cluster');
  const rec = isForeignArn(ref ?? '', scope) ? undefined : tx.get<ClusterDoc>(KIND.cluster, clusterKey(scope, name));
  if (!rec || rec.doc.status !== 'ACTIVE') throw clientError('ClusterNotFoundException', 'Cluster not found.');
  return rec.doc;
}

/** Settings as given (the model leaves both members optional) checked and completed; containerInsights is the only name. */
export function validateSettings(settings: ClusterSetting[] | undefined): ClusterSettingDoc[] | undefined {
  return settings?.map((s) => {
    if (!['enabled', 'disabled', 'enhanced'].includes(s.value ?? '')) {
      throw clientError('InvalidParameterException', `The value of the containerInsights setting must be one of [enabled, disabled, enhanced].`);
    }
    return { name: s.name ?? 'containerInsights', value: s.value! };
  });
}

export function mergeSettings(current: ClusterSettingDoc[], updates: ClusterSettingDoc[]): ClusterSettingDoc[] {
  const byName = new Map(current.map((s) => [s.name, s]));
  for (const s of updates) byName.set(s.name, { name: s.name, value: s.value });
  return [...byName.values()];
}

