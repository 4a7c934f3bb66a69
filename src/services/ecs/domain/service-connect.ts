/**
 * Service Connect namespaces. AWS resolves a namespace name to its Cloud Map namespace and
 * reports the namespace's ARN. Berth has no Cloud Map yet, so it derives a stable id from
 * the name: the same name in the same account and region always yields the same ARN.
 */
import { createHash } from 'node:crypto';
import { partition, Scope } from './names.js';

/** Cloud Map namespace ids are "ns-" and 16 characters of [a-z2-7] (base32). */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function namespaceId(scope: Scope, name: string): string {
  const digest = createHash('sha256').update(`${scope.region}/${scope.accountId}/${name}`).digest();
  return `ns-${Array.from(digest.subarray(0, 16), (b) => BASE32[b % 32]).join('')}`;
}

/** The namespace's ARN; an ARN given is kept as it is. */
export function namespaceArn(scope: Scope, namespace: string): string {
  if (namespace.startsWith('arn:')) return namespace;
  return `arn:${partition(scope.region)}:servicediscovery:${scope.region}:${scope.accountId}:namespace/${namespaceId(scope, namespace)}`;
}
