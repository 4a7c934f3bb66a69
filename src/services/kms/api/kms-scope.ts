/**
 * What a KMS call touches, for the authorize step. Resources: the key ARN for any way a
 * request names a key (an alias resolves to its key; Decrypt without KeyId names the key
 * its blob names; UpdateAlias and DeleteAlias also touch the alias's current key), and the
 * alias ARN for alias operations. CreateKey and the List* calls without a key are `*`.
 *
 * Condition keys: kms:CallerAccount, kms:RequestAlias, kms:EncryptionAlgorithm,
 * kms:EncryptionContext:<key> and kms:EncryptionContextKeys, CreateKey's kms:KeySpec,
 * kms:KeyUsage, kms:KeyOrigin and kms:MultiRegion, the numbers of ScheduleKeyDeletion and
 * EnableKeyRotation, aws:RequestTag/<key> and aws:TagKeys, aws:ResourceTag/<key> of the key.
 *
 * The key's policy is the call's resource policy when the call touches one key, so a key
 * policy naming a principal allows it and its denies apply, even to the root; the default
 * policy names the account, leaving the decision to IAM policies as in AWS. (Unlike AWS, a
 * key policy that does not name the account does not shut IAM policies out.)
 */
import { iamActionFor } from '../../../iam/actions.js';
import { ArnBuilder, callScope, CallPlace, CallScope, strings } from '../../../iam/call-scope.js';
import { Policy } from '../../../iam/policy/model.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { ReadTx, StoredRecord } from '../../../state/store.js';
import { readBlobHeader } from '../domain/envelope.js';
import { findAlias, findKey, resolveKey } from '../domain/lookups.js';
import { aliasArn, isKeyId, keyArn } from '../domain/names.js';
import { KeyDoc, KeyTag, scopeOfArn } from '../domain/records.js';
import { KeyVaultError } from '../domain/ports.js';

type Fields = Record<string, unknown>;
type Context = Record<string, string | readonly string[]>;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The request's Tags (the model has checked their shape). */
const tagsOf = (input: Fields): KeyTag[] | undefined => (Array.isArray(input.Tags) ? (input.Tags as KeyTag[]) : undefined);
const POLICY_CACHE_SIZE = 1000;

/** The key a reference names, or the key ARN it would name; nothing when it names nothing. */
function keyArnOf(tx: ReadTx, ctx: CallPlace, ref: string | undefined): string[] {
  if (ref === undefined) return [];
  try {
    return [resolveKey(tx, ctx, ref).doc.Arn];
  } catch (e) {
    // The handler answers NotFoundException; a well-formed id is still authorized as the key it would be.
    if (!(e instanceof KeyVaultError)) throw e;
    return isKeyId(ref) ? [keyArn(ctx, ref)] : [];
  }
}

function keyResources(tx: ReadTx): ArnBuilder {
  return (input, ctx) => {
    const refs = [input.KeyId, input.TargetKeyId, input.SourceKeyId, input.DestinationKeyId].map(text);
    const arns = refs.flatMap((ref) => keyArnOf(tx, ctx, ref));
    const blob = input.CiphertextBlob;
    const blobKey = Buffer.isBuffer(blob) && refs[0] === undefined && refs[2] === undefined ? readBlobHeader(blob)?.keyId : undefined;
    if (blobKey) arns.push(keyArn(ctx, blobKey));
    const alias = text(input.AliasName);
    const current = alias ? findAlias(tx, ctx, alias)?.doc.TargetKeyId : undefined;
    if (current) arns.push(keyArn(ctx, current));
    return arns;
  };
}

const aliasResources: ArnBuilder = (input, ctx) => (text(input.AliasName) ? [aliasArn(ctx, text(input.AliasName)!)] : []);

/** The alias name a reference uses, when it uses one (kms:RequestAlias). */
function requestAlias(ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  if (ref.startsWith('alias/')) return ref;
  const at = ref.indexOf(':alias/');
  return ref.startsWith('arn:') && at >= 0 ? ref.slice(at + 1) : undefined;
}

/** Keys whose names are fixed; callScope keeps those the action table lists. */
function conditions(input: Fields, ctx: CallPlace): Context {
  const out: Context = { 'kms:CallerAccount': ctx.accountId, 'kms:EncryptionAlgorithm': text(input.EncryptionAlgorithm) ?? 'SYMMETRIC_DEFAULT' };
  const alias = requestAlias(text(input.KeyId) ?? text(input.DestinationKeyId));
  if (alias) out['kms:RequestAlias'] = alias;
  const context = input.EncryptionContext ?? input.DestinationEncryptionContext;
  if (context && typeof context === 'object') out['kms:EncryptionContextKeys'] = Object.keys(context);
  out['kms:KeySpec'] = text(input.KeySpec) ?? text(input.CustomerMasterKeySpec) ?? 'SYMMETRIC_DEFAULT';
  out['kms:KeyUsage'] = text(input.KeyUsage) ?? 'ENCRYPT_DECRYPT';
  out['kms:KeyOrigin'] = text(input.Origin) ?? 'AWS_KMS';
  out['kms:MultiRegion'] = String(input.MultiRegion === true);
  if (typeof input.PendingWindowInDays === 'number') out['kms:ScheduleKeyDeletionPendingWindowInDays'] = String(input.PendingWindowInDays);
  if (typeof input.RotationPeriodInDays === 'number') out['kms:RotationPeriodInDays'] = String(input.RotationPeriodInDays);
  if (typeof input.BypassPolicyLockoutSafetyCheck === 'boolean') out['kms:BypassPolicyLockoutSafetyCheck'] = String(input.BypassPolicyLockoutSafetyCheck);
  const tagKeys = input.TagKeys !== undefined ? strings(input.TagKeys) : tagsOf(input)?.map((t) => t.TagKey);
  if (tagKeys) out['aws:TagKeys'] = tagKeys;
  return out;
}

/** Keys whose names carry a value (`kms:EncryptionContext:<key>`…), for the actions that list their template. */
function templated(operation: string, input: Fields, key: KeyDoc | undefined): Context {
  const listed = new Set(iamActionFor('kms', operation)?.conditionKeys ?? []);
  const out: Context = {};
  const context = (input.EncryptionContext ?? input.DestinationEncryptionContext ?? {}) as Record<string, string>;
  if (listed.has('kms:EncryptionContext:${EncryptionContextKey}')) for (const [k, v] of Object.entries(context)) out[`kms:EncryptionContext:${k}`] = v;
  if (listed.has('aws:RequestTag/${TagKey}')) for (const t of tagsOf(input) ?? []) out[`aws:RequestTag/${t.TagKey}`] = t.TagValue;
  // KMS evaluates a key's tags on every call that touches it (attribute-based access control).
  for (const t of key?.tags ?? []) out[`aws:ResourceTag/${t.TagKey}`] = t.TagValue;
  return out;
}

export function kmsCallScope(tx: ReadTx) {
  const scope = callScope('kms', { builders: { key: keyResources(tx), alias: aliasResources }, conditions });
  const parsed = new Map<string, Policy>();
  const policyOf = (key: StoredRecord<KeyDoc>): Policy => {
    const cacheKey = `${key.id}#${key.version}`;
    let policy = parsed.get(cacheKey);
    if (!policy) {
      if (parsed.size >= POLICY_CACHE_SIZE) parsed.clear();
      parsed.set(cacheKey, (policy = parsePolicy(key.doc.policy, 'resource', { name: `key policy of ${key.doc.Arn}` })));
    }
    return policy;
  };
  return (operation: string, input: unknown, ctx: CallPlace): CallScope | undefined => {
    const fields = (input ?? {}) as Fields;
    const base = scope(operation, fields, ctx);
    const keyArns = (base?.resources ?? []).filter((arn) => arn.includes(':key/'));
    const key = keyArns.length === 1 ? findKey(tx, scopeOfArn(keyArns[0]), keyArns[0].slice(keyArns[0].lastIndexOf('/') + 1)) : undefined;
    const extra = templated(operation, fields, key?.doc);
    if (!base && Object.keys(extra).length === 0) return undefined;
    return {
      resources: base?.resources ?? ['*'],
      context: { ...base?.context, ...extra },
      ...(key ? { resourcePolicy: policyOf(key) } : {}),
    };
  };
}
