/**
 * Writing a new version of a secret's value, shared by CreateSecret, PutSecretValue and
 * UpdateSecret: the ClientRequestToken becomes the VersionId; a token repeated with the
 * same value changes nothing (AWS's idempotency), with another value it is refused. The
 * new version gets its labels, AWSPREVIOUS follows AWSCURRENT, and deprecated versions
 * beyond 100 are pruned.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { StoredRecord, Tx } from '../../../state/store.js';
import { KeyVault } from '../../kms/domain/ports.js';
import { smErrors } from '../domain/errors.js';
import { getVersion, versionsOf } from '../domain/lookups.js';
import { KIND, SecretDoc, VersionDoc, versionKey } from '../domain/records.js';
import { stagesForNewVersion, versionsToPrune } from '../domain/staging.js';
import { formOf, open, sameValue, seal, SecretValue } from '../domain/vault.js';

const MAX_VALUE_BYTES = 65_536;

/** The value a request carries, if any: SecretString or SecretBinary, never both, at most 64 KiB. */
export function valueOf(input: { SecretString?: string; SecretBinary?: Buffer | string }): SecretValue | undefined {
  const { SecretString, SecretBinary } = input;
  if (SecretString !== undefined && SecretBinary !== undefined) {
    throw smErrors.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
  }
  if (SecretBinary !== undefined) {
    const binary = Buffer.isBuffer(SecretBinary) ? SecretBinary : Buffer.from(SecretBinary, 'base64');
    if (binary.length > MAX_VALUE_BYTES) throw tooLong('SecretBinary');
    return { binary };
  }
  if (SecretString === undefined) return undefined;
  // The model counts characters; AWS's quota is 65,536 bytes.
  if (Buffer.byteLength(SecretString, 'utf8') > MAX_VALUE_BYTES) throw tooLong('SecretString');
  return { string: SecretString };
}

function tooLong(member: string) {
  return smErrors.validation(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE_BYTES}`);
}

/** The token a value-carrying request must have (the SDKs and CLI always send one). */
export function requireToken(token: string | undefined): string {
  if (token === undefined) throw smErrors.tokenMissing();
  return token;
}

export interface NewVersion {
  value: SecretValue;
  token: string;
  /** VersionStages asked for; none: AWSCURRENT. */
  stages?: string[];
}

export interface Written {
  doc: SecretDoc;
  versionId: string;
}

/** Adds the version (the caller stores the returned secret document), or finds the token's existing one. */
export function writeVersion(tx: Tx, vault: KeyVault, place: Scope, secret: StoredRecord<SecretDoc>, next: NewVersion, now: string): Written {
  const existing = getVersion(tx, secret.id, next.token);
  if (existing) {
    if (!sameValue(open(vault, place, secret.doc.ARN, existing.doc), next.value)) throw smErrors.tokenInUse(next.token, secret.doc.ARN);
    return { doc: secret.doc, versionId: next.token };
  }
  const sealed = seal(vault, place, secret.doc.KmsKeyId, secret.doc.ARN, next.token, next.value);
  const version: VersionDoc = { VersionId: next.token, CreatedDate: now, form: formOf(next.value), sealed: [sealed] };
  tx.put(KIND.version, versionKey(secret.id, next.token), version, 0);
  const stages = stagesForNewVersion(secret.doc.stages, next.token, next.stages);
  for (const id of versionsToPrune(versionsOf(tx, secret.id).map((r) => r.doc), stages, new Date(now))) tx.delete(KIND.version, versionKey(secret.id, id));
  return { doc: { ...secret.doc, stages, LastChangedDate: now }, versionId: next.token };
}

/**
 * After a key change: the labeled versions encrypted under the new key too (newest
 * first), the old encryption kept, as AWS does so no one is locked out. A version the old
 * key no longer decrypts stays as it is.
 */
export function reencryptLabeled(tx: Tx, vault: KeyVault, place: Scope, secret: StoredRecord<SecretDoc>, kmsKeyId: string | undefined): void {
  for (const versionId of new Set(Object.values(secret.doc.stages))) {
    const version = getVersion(tx, secret.id, versionId);
    if (!version) continue;
    let value: SecretValue;
    try {
      value = open(vault, place, secret.doc.ARN, version.doc);
    } catch {
      continue;
    }
    const sealed = seal(vault, place, kmsKeyId, secret.doc.ARN, versionId, value);
    tx.put(KIND.version, version.id, { ...version.doc, sealed: [sealed, ...version.doc.sealed] }, version.version);
  }
}
