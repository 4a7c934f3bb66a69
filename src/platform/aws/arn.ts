/** ARNs: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
import { partition, Scope } from './scope.js';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the fifth colon, e.g. `task/cluster/id` (may itself contain colons). */
  resource: string;
}

export function buildArn(service: string, scope: Scope, resource: string): string {
  return `arn:${partition(scope.region)}:${service}:${scope.region}:${scope.accountId}:${resource}`;
}

/** An account-level ARN without a region (IAM): `arn:<partition>:<service>::<account>:<resource>`. */
export function globalArn(service: string, scope: Scope, resource: string): string {
  return `arn:${partition(scope.region)}:${service}::${scope.accountId}:${resource}`;
}

export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !parts[1] || !parts[2]) return undefined;
  const [, arnPartition, service, region, accountId] = parts;
  return { partition: arnPartition, service, region, accountId, resource: parts.slice(5).join(':') };
}

/**
 * Whether `ref` is an ARN of another partition, region or account. AWS resolves every
 * reference in the caller's own account and region, so such an ARN names nothing here
 * (rather than its namesake in the caller's account). Names (not ARNs) are never foreign.
 */
export function isForeignArn(ref: string, scope: Scope): boolean {
  if (!ref.startsWith('arn:')) return false;
  const arn = parseArn(ref);
  return !arn || arn.partition !== partition(scope.region) || arn.region !== scope.region || arn.accountId !== scope.accountId;
}
