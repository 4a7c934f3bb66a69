/**
 * Auto Scaling group capacity providers, stored. Berth has no Auto Scaling: the group an
 * ARN names (`…:autoScalingGroupName/<name>`) is read as a host group, the operator's
 * hosts added with `berth instances add --host-group <name>`. Managed scaling is kept and
 * reported as given (with AWS's defaults) but scales nothing.
 */
import { AutoScalingGroupProvider, CapacityProvider, ManagedScaling } from '../../../protocol/generated/ecs.js';
import { clientError } from '../../../protocol/errors.js';
import { ReadTx } from '../../../state/store.js';
import { arn, isForeignArn, nameFromRef, scopePrefix, Scope } from './names.js';
import { Tag } from './tags.js';

export const CAPACITY_PROVIDER_KIND = 'ecs/capacity-provider';

export interface CapacityProviderDoc {
  capacityProviderArn: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  autoScalingGroupProvider: Required<Pick<AutoScalingGroupProvider, 'autoScalingGroupArn' | 'managedTerminationProtection' | 'managedDraining'>> & {
    managedScaling: ManagedScaling;
  };
  updateStatus?: CapacityProvider['updateStatus'];
  updateStatusReason?: string;
  tags: Tag[];
}

export const capacityProviderKey = (s: Scope, name: string) => `${scopePrefix(s)}${name}`;
export const capacityProviderArn = (s: Scope, name: string) => arn(s, `capacity-provider/${name}`);

const NAME_RE = /^[A-Za-z0-9_-]{1,255}$/;
const ASG_ARN_RE = /^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:[0-9a-fA-F-]+:autoScalingGroupName\/([^:]{1,255})$/;

/** AWS reserves names starting with aws, ecs or fargate (any case) for its own providers. */
export function validateProviderName(name: string): void {
  if (!NAME_RE.test(name) || /^(aws|ecs|fargate)/i.test(name)) {
    throw clientError('InvalidParameterException', 'The specified capacity provider name is invalid. Up to 255 characters are allowed, including letters (upper and lowercase), numbers, underscores, and hyphens. The name cannot be prefixed with "aws", "ecs", or "fargate". Specify a valid name and try again.');
  }
}

/** The host group an Auto Scaling group ARN stands for: the group's name. */
export function hostGroupOfArn(asgArn: string): string {
  const m = ASG_ARN_RE.exec(asgArn);
  if (!m) throw clientError('InvalidParameterException', 'The specified Auto Scaling group ARN is not valid. Specify a valid Auto Scaling group ARN and try again.');
  return m[1];
}

/** Managed scaling as AWS reports it: unset members take their defaults (scaling itself off). */
export function withScalingDefaults(given: ManagedScaling | undefined, base?: ManagedScaling): ManagedScaling {
  return {
    status: given?.status ?? base?.status ?? 'DISABLED',
    targetCapacity: given?.targetCapacity ?? base?.targetCapacity ?? 100,
    minimumScalingStepSize: given?.minimumScalingStepSize ?? base?.minimumScalingStepSize ?? 1,
    maximumScalingStepSize: given?.maximumScalingStepSize ?? base?.maximumScalingStepSize ?? 10000,
    instanceWarmupPeriod: given?.instanceWarmupPeriod ?? base?.instanceWarmupPeriod ?? 300,
  };
}

/** The stored provider a name or ARN refers to (any status), if any. */
export function findCapacityProvider(tx: ReadTx, scope: Scope, ref: string): CapacityProviderDoc | undefined {
  if (isForeignArn(ref, scope)) return undefined;
  const name = ref.startsWith('arn:') ? nameFromRef(ref, 'capacity-provider') : ref;
  return tx.get<CapacityProviderDoc>(CAPACITY_PROVIDER_KIND, capacityProviderKey(scope, name))?.doc;
}

export function listCapacityProviders(tx: ReadTx, scope: Scope): CapacityProviderDoc[] {
  return tx.list<CapacityProviderDoc>(CAPACITY_PROVIDER_KIND, { prefix: scopePrefix(scope) }).map((r) => r.doc);
}

/** The host group of an ACTIVE Auto Scaling group provider. */
export function providerHostGroup(tx: ReadTx, scope: Scope, name: string): string | undefined {
  const doc = findCapacityProvider(tx, scope, name);
  return doc?.status === 'ACTIVE' ? hostGroupOfArn(doc.autoScalingGroupProvider.autoScalingGroupArn) : undefined;
}
