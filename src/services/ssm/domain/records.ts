/**
 * Parameter Store's records in the Store. A parameter is keyed `<region>/<account>/<name>`
 * with the name's leading slash dropped (AWS treats `/app` and `app` as one parameter, with
 * one ARN), so a path's parameters are one id range: `/app/db/` lists under `<scope>app/db/`.
 * Each version is a record of its own, `<parameter id>#<version, zero-padded>`, holding the
 * value (SecureString: only the KMS ciphertext) and its labels; the parameter record holds the
 * latest version's facts and the tags, so listings read no values.
 *
 * AWS member names are kept for what the API answers; Berth's own fields are lower case.
 */
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';
import { IndexDefinition } from '../../../state/store.js';

export const KIND = {
  parameter: 'ssm/parameter',
  version: 'ssm/parameter-version',
} as const;

export type ParameterType = 'String' | 'StringList' | 'SecureString';
/** Intelligent-Tiering is a request, never a stored tier: it resolves to one of these. */
export type StoredTier = 'Standard' | 'Advanced';

export interface TagPair { Key: string; Value: string }

/** A parameter policy as the API reports it (Berth records them; it does not act on them). */
export interface PolicyDoc { PolicyText: string; PolicyType: string; PolicyStatus: string }

/** What each version records besides its value; the parameter record repeats the latest's. */
export interface VersionFacts {
  Type: ParameterType;
  /** SecureString only: the key reference as given (default `alias/aws/ssm`). */
  KeyId?: string;
  Description?: string;
  AllowedPattern?: string;
  Tier: StoredTier;
  DataType: string;
  Policies: PolicyDoc[];
  /** ISO 8601. */
  LastModifiedDate: string;
  /** The ARN of the principal that wrote the version. */
  LastModifiedUser: string;
}

export interface ParameterDoc extends VersionFacts {
  /** Where it lives: the indexes key on it. */
  scope: Scope;
  /** As created: with or without its leading slash. */
  Name: string;
  ARN: string;
  /** The latest version. */
  Version: number;
  tags: TagPair[];
}

export interface VersionDoc extends VersionFacts {
  Name: string;
  Version: number;
  Labels: string[];
  /** String and StringList values. */
  value?: string;
  /** SecureString values: the KeyVault's ciphertext, base64 (what AWS answers without decryption). */
  ciphertext?: string;
}

/** The name as the Store keys it: without its leading slash. */
export function normalizeName(name: string): string {
  return name.startsWith('/') ? name.slice(1) : name;
}

export function parameterId(scope: Scope, name: string): string {
  return `${scopePrefix(scope)}${normalizeName(name)}`;
}

/** `#` cannot occur in a name, so one parameter's versions are exactly this prefix. */
export function versionPrefix(scope: Scope, name: string): string {
  return `${parameterId(scope, name)}#`;
}

/** Zero-padded so id order is version order. */
export function versionId(scope: Scope, name: string, version: number): string {
  return `${versionPrefix(scope, name)}${String(version).padStart(12, '0')}`;
}

/** A folder's key in the folder index. */
export function folderKey(scope: Scope, folder: string): string {
  return `${scopePrefix(scope)}${folder}`;
}

/** The folder part of a name in the Store's form: `app/db/` for `/app/db/password`, '' at the top level. */
export function folderOf(name: string): string {
  const normal = normalizeName(name);
  return normal.slice(0, normal.lastIndexOf('/') + 1);
}

/** A tier's key in the tier index. */
export function tierKey(scope: Scope, tier: StoredTier): string {
  return `${scopePrefix(scope)}${tier}`;
}

export const INDEX = { folder: 'folder', tier: 'tier' } as const;

export const INDEXES: IndexDefinition<ParameterDoc>[] = [
  // GetParametersByPath without Recursive: one folder's parameters, a range of this index.
  { kind: KIND.parameter, name: INDEX.folder, version: 1, keys: (doc) => [folderKey(doc.scope, folderOf(doc.Name))] },
  // The per-tier quotas (10,000 Standard, 100,000 Advanced per account and Region), counted.
  { kind: KIND.parameter, name: INDEX.tier, version: 1, keys: (doc) => [tierKey(doc.scope, doc.Tier)] },
];
