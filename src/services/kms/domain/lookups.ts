/**
 * Keys and aliases by reference, within one account and region: a key id or ARN, or an
 * alias name or ARN resolved to the key it points at. A predefined AWS alias
 * (`alias/aws/ssm`…) with no key yet gets its AWS managed key on first use, as AWS
 * creates them when a service first needs one (and on DescribeKey).
 */
import { Scope } from '../../../platform/aws/scope.js';
import { ReadTx, StoredRecord, Tx } from '../../../state/store.js';
import { BlobHeader, readBlobHeader } from './envelope.js';
import { kmsErrors } from './errors.js';
import { checkKeyState, DEFAULT_ROTATION_DAYS } from './key-rules.js';
import { KeyRing } from './keyring.js';
import { aliasArn, keyArn, parseKeyRef } from './names.js';
import { awsManagedDescription, awsManagedKeyPolicy, isAwsManagedAlias } from './policies.js';
import { aliasRecordId, ALIASES_BY_KEY, AliasDoc, KeyDoc, keyRecordId, KIND, scopeOfKey } from './records.js';

export const findKey = (tx: ReadTx, scope: Scope, keyId: string) => tx.get<KeyDoc>(KIND.key, keyRecordId(scope, keyId));
export const findAlias = (tx: ReadTx, scope: Scope, name: string) => tx.get<AliasDoc>(KIND.alias, aliasRecordId(scope, name));

/** The key a reference names; NotFoundException as AWS words it when there is none. */
export function resolveKey(tx: ReadTx, scope: Scope, ref: string): StoredRecord<KeyDoc> {
  const parsed = parseKeyRef(ref, scope);
  const keyId = parsed.type === 'key' ? parsed.keyId : aliasTarget(tx, scope, parsed.name);
  const key = findKey(tx, scope, keyId);
  if (!key) throw kmsErrors.keyNotFound(keyArn(scope, keyId));
  return key;
}

function aliasTarget(tx: ReadTx, scope: Scope, name: string): string {
  const alias = findAlias(tx, scope, name);
  if (!alias) throw kmsErrors.aliasNotFound(aliasArn(scope, name));
  return alias.doc.TargetKeyId;
}

/** As resolveKey, creating the AWS managed key of a predefined AWS alias that has none yet. */
export function resolveOrCreateKey(tx: Tx, scope: Scope, ref: string, ring: KeyRing, now: Date): StoredRecord<KeyDoc> {
  if (isAwsManagedAlias(ref) && !findAlias(tx, scope, ref)) return createAwsManagedKey(tx, scope, ref, ring, now);
  return resolveKey(tx, scope, ref);
}

function createAwsManagedKey(tx: Tx, scope: Scope, alias: string, ring: KeyRing, now: Date): StoredRecord<KeyDoc> {
  const doc = ring.newKey(scope, {
    description: awsManagedDescription(alias), policy: awsManagedKeyPolicy(scope, alias), tags: [], multiRegion: false,
    manager: 'AWS', rotationDays: DEFAULT_ROTATION_DAYS,
  }, now);
  putAlias(tx, scope, alias, doc.KeyId, now);
  return tx.put(KIND.key, keyRecordId(scope, doc.KeyId), doc, 0);
}

/** Creates the alias, or points it at another key keeping its creation date. */
export function putAlias(tx: Tx, scope: Scope, name: string, targetKeyId: string, now: Date): void {
  const current = findAlias(tx, scope, name);
  const stamp = now.toISOString();
  const doc: AliasDoc = { AliasName: name, AliasArn: aliasArn(scope, name), TargetKeyId: targetKeyId, CreationDate: current?.doc.CreationDate ?? stamp, LastUpdatedDate: stamp };
  tx.put(KIND.alias, aliasRecordId(scope, name), doc, current?.version ?? 0);
}

export function aliasesOf(tx: ReadTx, key: KeyDoc): StoredRecord<AliasDoc>[] {
  return tx.listByIndex<AliasDoc>(KIND.alias, ALIASES_BY_KEY, { key: keyRecordId(scopeOfKey(key), key.KeyId) });
}

/** Deletes a key and the aliases that point at it (AWS deletes them together). */
export function deleteKey(tx: Tx, key: StoredRecord<KeyDoc>): void {
  for (const alias of aliasesOf(tx, key.doc)) tx.delete(KIND.alias, alias.id);
  tx.delete(KIND.key, key.id);
}

/**
 * The key a blob names, which must exist here and allow decryption (checked before any
 * material is unwrapped). `expected` is the key the caller says encrypted it.
 */
export function ciphertextKey(tx: ReadTx, scope: Scope, blob: Buffer, expected?: KeyDoc): { key: KeyDoc; header: BlobHeader } {
  const header = readBlobHeader(blob);
  if (!header) throw kmsErrors.invalidCiphertext();
  if (expected && expected.KeyId !== header.keyId) throw kmsErrors.incorrectKey();
  const key = expected ?? findKey(tx, scope, header.keyId)?.doc;
  if (!key) throw kmsErrors.keyNotFound(keyArn(scope, header.keyId));
  checkKeyState(key, 'crypto');
  return { key, header };
}
