/**
 * KMS's records in the Store. Keys and aliases belong to one account and region, so their
 * ids start with the scope prefix (`<region>/<account>/`): a scope's keys list together in
 * key id order, its aliases in name order. An index files aliases under the key they point
 * at (ListAliases --key-id, deleting a key's aliases with it); another files keys under the
 * timers the sweep serves (a pending deletion, an automatic rotation).
 *
 * AWS member names are kept for what the API answers; Berth's own fields are lower case.
 * Key material is stored only wrapped under the master key (./master-key.ts).
 */
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';
import { IndexDefinition } from '../../../state/store.js';

export const KIND = { key: 'kms/key', alias: 'kms/alias' } as const;

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';
export type KeyManager = 'CUSTOMER' | 'AWS';

export interface KeyTag { TagKey: string; TagValue: string }

export interface KeyMaterial {
  /** 64 hex characters, as AWS's KeyMaterialId; the ciphertext blob names it. */
  id: string;
  /** The 256-bit material wrapped under the master key (./master-key.ts). */
  wrapped: string;
  /** ISO 8601: when it became the key's current material. */
  createdAt: string;
  /** How a rotation made it; the key's first material has none. */
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
}

/** Automatic rotation, when enabled: every `periodDays` days counted from `since`. */
export interface Rotation {
  periodDays: number;
  /** ISO 8601: when rotation was enabled or the key last rotated automatically. */
  since: string;
}

export interface KeyDoc {
  KeyId: string;
  Arn: string;
  AWSAccountId: string;
  region: string;
  /** ISO 8601 with milliseconds. */
  CreationDate: string;
  Description: string;
  KeyState: KeyState;
  KeyManager: KeyManager;
  MultiRegion: boolean;
  /** While PendingDeletion: when the sweep deletes the key. */
  DeletionDate?: string;
  /** The key policy exactly as given (or as AWS writes the default). */
  policy: string;
  tags: KeyTag[];
  rotation?: Rotation;
  /** Oldest first; the last is current. Older ones stay to decrypt what they encrypted. */
  materials: KeyMaterial[];
  onDemandRotations: number;
}

export interface AliasDoc {
  AliasName: string;
  AliasArn: string;
  TargetKeyId: string;
  CreationDate: string;
  LastUpdatedDate: string;
}

export const keyRecordId = (scope: Scope, keyId: string) => `${scopePrefix(scope)}${keyId}`;
export const aliasRecordId = (scope: Scope, aliasName: string) => `${scopePrefix(scope)}${aliasName}`;

export const ALIASES_BY_KEY = 'by-target-key';
export const KEYS_BY_TIMER = 'by-timer';
export type Timer = 'deletion' | 'rotation';

export const INDEXES: IndexDefinition[] = [
  {
    kind: KIND.alias, name: ALIASES_BY_KEY, version: 1,
    // Filed under the target key's record id, so a key's aliases are one index key.
    keys: (doc: AliasDoc) => [keyRecordId(scopeOfArn(doc.AliasArn), doc.TargetKeyId)],
  },
  {
    kind: KIND.key, name: KEYS_BY_TIMER, version: 1,
    keys: (doc: KeyDoc): Timer[] => [...(doc.KeyState === 'PendingDeletion' ? ['deletion' as const] : []), ...(doc.rotation ? ['rotation' as const] : [])],
  },
];

/** The scope an ARN of ours names (`arn:<partition>:kms:<region>:<account>:…`). */
export function scopeOfArn(arn: string): Scope {
  const [, , , region, accountId] = arn.split(':');
  return { region, accountId };
}

export const scopeOfKey = (doc: KeyDoc): Scope => ({ region: doc.region, accountId: doc.AWSAccountId });
export const currentMaterial = (doc: KeyDoc): KeyMaterial => doc.materials[doc.materials.length - 1];
