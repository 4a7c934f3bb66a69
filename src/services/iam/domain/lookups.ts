/**
 * Reading IAM's records: entities by name (case-insensitively, as IAM resolves names),
 * managed policies by ARN (AWS managed ones from the built-in catalogue), and each
 * policy's attachment counts from the holders' indexes.
 */
import { ReadTx, StoredRecord } from '../../../state/store.js';
import { awsManagedPolicy, AwsManagedPolicy } from './aws-managed.js';
import { iamErrors } from './errors.js';
import { EntityType, parsePolicyArn } from './names.js';
import { entityKey, GroupDoc, HOLDER_KINDS, INDEX, InstanceProfileDoc, KIND, ManagedPolicyDoc, policyIndexKey, RoleDoc, UserDoc } from './records.js';

const KIND_OF = { user: KIND.user, group: KIND.group, role: KIND.role, 'instance-profile': KIND.instanceProfile } as const;

interface DocOf { user: UserDoc; group: GroupDoc; role: RoleDoc; 'instance-profile': InstanceProfileDoc }
type Named = keyof DocOf;

export function findEntity<T extends Named>(tx: ReadTx, type: T, accountId: string, name: string): StoredRecord<DocOf[T]> | undefined {
  return tx.get<DocOf[T]>(KIND_OF[type], entityKey(accountId, name));
}

/** The entity, or IAM's NoSuchEntity naming it. */
export function getEntity<T extends Named>(tx: ReadTx, type: T, accountId: string, name: string): StoredRecord<DocOf[T]> {
  const rec = findEntity(tx, type, accountId, name);
  if (!rec) throw iamErrors.noSuchEntity(type as Exclude<EntityType, 'policy'>, name);
  return rec;
}

/** A managed policy as IAM answers for it: AWS's built in, or the account's own. */
export type ManagedPolicy =
  | { source: 'aws'; policy: AwsManagedPolicy }
  | { source: 'local'; record: StoredRecord<ManagedPolicyDoc> };

/** The managed policy an ARN names in this account, or undefined (also for ARNs of other accounts). */
export function findManagedPolicy(tx: ReadTx, accountId: string, arn: string): ManagedPolicy | undefined {
  const aws = awsManagedPolicy(arn);
  if (aws) return { source: 'aws', policy: aws };
  const parts = parsePolicyArn(arn);
  if (!parts || parts.accountId !== accountId) return undefined;
  const record = tx.get<ManagedPolicyDoc>(KIND.policy, entityKey(accountId, parts.name));
  return record && record.doc.Arn === arn ? { source: 'local', record } : undefined;
}

/** The document of a managed policy's default version. */
export function defaultDocument(policy: ManagedPolicy): string {
  if (policy.source === 'aws') return policy.policy.document;
  const doc = policy.record.doc;
  return doc.versions.find((v) => v.VersionId === doc.DefaultVersionId)!.document;
}

export const policyName = (policy: ManagedPolicy) => (policy.source === 'aws' ? policy.policy.PolicyName : policy.record.doc.PolicyName);
export const policyArn = (policy: ManagedPolicy) => (policy.source === 'aws' ? policy.policy.Arn : policy.record.doc.Arn);

/** How many users, groups and roles have the policy attached. */
export function attachmentCount(tx: ReadTx, accountId: string, arn: string): number {
  const key = policyIndexKey(accountId, arn);
  return HOLDER_KINDS.reduce((n, kind) => n + tx.countByIndex(kind, INDEX.policy, key), 0);
}

/** How many users and roles have the policy as their permissions boundary. */
export function boundaryUsageCount(tx: ReadTx, accountId: string, arn: string): number {
  const key = policyIndexKey(accountId, arn);
  return tx.countByIndex(KIND.user, INDEX.boundary, key) + tx.countByIndex(KIND.role, INDEX.boundary, key);
}
