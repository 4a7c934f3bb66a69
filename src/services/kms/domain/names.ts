/**
 * Key ids, ARNs and the four ways a request names a key: key id, key ARN, alias name
 * (`alias/…`) or alias ARN. References resolve in the caller's own account and region
 * only (Berth has no cross-account keys), as AWS's messages for the other cases say.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { buildArn, parseArn } from '../../../platform/aws/arn.js';
import { Scope } from '../../../platform/aws/scope.js';
import { kmsErrors } from './errors.js';

/** Where a reference points: a key by id, or an alias by name (to be looked up). */
export type KeyRef = { type: 'key'; keyId: string } | { type: 'alias'; name: string };

const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
/** The characters AWS allows in alias names (the model's pattern, less ':' which only ARNs have). */
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

export const AWS_ALIAS_PREFIX = 'alias/aws/';

export const keyArn = (scope: Scope, keyId: string) => buildArn('kms', scope, `key/${keyId}`);
export const aliasArn = (scope: Scope, name: string) => buildArn('kms', scope, name);

/** A new key id: a UUID, or `mrk-` and 32 hex digits for a multi-Region key. */
export function newKeyId(multiRegion: boolean): string {
  return multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID();
}

/** A new key material id: 64 hex digits, as AWS shows them. */
export const newMaterialId = () => randomBytes(32).toString('hex');

export const isKeyId = (text: string) => KEY_ID.test(text);

/** Reads a KeyId member. Throws NotFoundException as AWS does for what cannot name a key here. */
export function parseKeyRef(ref: string, scope: Scope): KeyRef {
  if (ref.startsWith('alias/')) return { type: 'alias', name: ref };
  if (!ref.startsWith('arn:')) {
    if (!isKeyId(ref)) throw kmsErrors.invalidKeyId(ref);
    return { type: 'key', keyId: ref };
  }
  const arn = parseArn(ref);
  if (!arn || arn.service !== 'kms') throw kmsErrors.invalidKeyId(ref);
  if (arn.region !== scope.region) throw kmsErrors.invalidArn(arn.region);
  const foreign = arn.accountId !== scope.accountId;
  if (arn.resource.startsWith('alias/')) {
    if (foreign) throw kmsErrors.aliasNotFound(ref);
    return { type: 'alias', name: arn.resource };
  }
  const keyId = arn.resource.startsWith('key/') ? arn.resource.slice('key/'.length) : '';
  if (!isKeyId(keyId)) throw kmsErrors.invalidKeyId(keyId || ref);
  if (foreign) throw kmsErrors.keyNotFound(ref);
  return { type: 'key', keyId };
}

/**
 * An AliasName member of Create/Update/DeleteAlias: a name, not an ARN. `alias/aws/` names
 * belong to AWS managed keys; `forCreate` refuses them as CreateAlias and UpdateAlias do.
 */
export function checkAliasName(name: string, forCreate: boolean): void {
  if (!name.startsWith('alias/')) throw kmsErrors.aliasPrefix();
  if (!ALIAS_NAME.test(name)) throw kmsErrors.aliasCharacters(name);
  if (forCreate && name.startsWith(AWS_ALIAS_PREFIX)) throw kmsErrors.reservedAlias();
}
