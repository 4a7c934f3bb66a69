/**
 * Secrets Manager's records in the Store. A secret is keyed `<region>/<account>/<name>`
 * (names are unique per account and Region, case-sensitive); each version of its value is
 * a record of its own, keyed `<secret key>|<version id>` (`|` is never in a name, so one
 * secret's versions never list with another's). The staging labels live on the secret
 * (`stages`: label → version id), so one record answers which version is AWSCURRENT and
 * every version without a label is deprecated.
 *
 * A version holds its value only as KMS ciphertext (`sealed`); nothing here is plaintext.
 * AWS member names are kept for what the API answers; Berth's own fields are lower case.
 */
import { scopePrefix, Scope } from '../../../platform/aws/scope.js';
import { IndexDefinition } from '../../../state/store.js';

export const KIND = {
  secret: 'secretsmanager/secret',
  version: 'secretsmanager/version',
} as const;

export interface TagPair { Key: string; Value: string }

export interface RotationRules {
  AutomaticallyAfterDays?: number;
  Duration?: string;
  ScheduleExpression?: string;
}

export interface RotationConfig {
  enabled: boolean;
  lambdaArn?: string;
  rules?: RotationRules;
  /** ISO 8601: when RotateSecret last set the schedule, which NextRotationDate counts from. */
  scheduledFrom: string;
}

export interface SecretDoc {
  region: string;
  accountId: string;
  Name: string;
  ARN: string;
  Description?: string;
  /** As the caller gave it; absent: the AWS managed key `alias/aws/secretsmanager`. */
  KmsKeyId?: string;
  Tags: TagPair[];
  /** ISO 8601 timestamps. */
  CreatedDate: string;
  LastChangedDate: string;
  /** The day of the last GetSecretValue (AWS keeps only the date). */
  LastAccessedDate?: string;
  /** When DeleteSecret was called; the secret is then "scheduled for deletion". */
  DeletedDate?: string;
  /** When the sweep removes it for good (DeletedDate + the recovery window). */
  deleteAfter?: string;
  rotation?: RotationConfig;
  /** The resource policy exactly as it was put. */
  ResourcePolicy?: string;
  /** Staging label → the one version it is attached to. */
  stages: Record<string, string>;
}

/** One key's encryption of a version's value, with the reference to report for it. */
export interface Sealed {
  /** The key ARN KMS encrypted under. */
  keyArn: string;
  /** What ListSecretVersionIds reports: the KmsKeyId given, or `DefaultEncryptionKey`. */
  reported: string;
  /** Base64 of KMS's ciphertext blob. */
  ciphertext: string;
}

export interface VersionDoc {
  VersionId: string;
  CreatedDate: string;
  LastAccessedDate?: string;
  /** Which member the value came in: SecretString or SecretBinary. */
  form: 'string' | 'binary';
  /** Newest key first: a key change re-encrypts labeled versions and keeps the old encryption. */
  sealed: Sealed[];
}

export const secretKey = (scope: Scope, name: string) => `${scopePrefix(scope)}${name}`;
export const versionKey = (secret: string, versionId: string) => `${secret}|${versionId}`;
export const versionPrefix = (secret: string) => `${secret}|`;

/** The labels attached to each version (VersionIdsToStages), labels in attachment order. */
export function stagesByVersion(doc: SecretDoc): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [label, versionId] of Object.entries(doc.stages)) (out[versionId] ??= []).push(label);
  return out;
}

/** Secrets scheduled for deletion, for the sweep: few, so one key files them all. */
export const SCHEDULED_INDEX = 'scheduled';
export const INDEXES: IndexDefinition<SecretDoc>[] = [
  { kind: KIND.secret, name: SCHEDULED_INDEX, version: 1, keys: (doc) => (doc.deleteAfter !== undefined ? ['scheduled'] : []) },
];
