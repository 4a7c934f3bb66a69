/**
 * What a Secrets Manager call touches, for the authorize step. A secret that exists is
 * named by its full ARN however the call names it (name, full or partial ARN); one that
 * does not (yet), as CreateSecret's, by the ARN it would have with its suffix unknown,
 * `…:secret:<name>-??????`, the form AWS's guide writes policies in. The secret's
 * resource policy, when one is attached, is evaluated with the caller's. Condition keys:
 * secretsmanager:SecretId, Name, Description, KmsKeyId, VersionId, VersionStage,
 * RotationLambdaARN, RecoveryWindowInDays, ForceDeleteWithoutRecovery, BlockPublicPolicy
 * and aws:TagKeys, each where the Service Authorization Reference lists it.
 */
import { callScope, CallPlace, CallScope, strings } from '../../../iam/call-scope.js';
import { Policy } from '../../../iam/policy/model.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { ServiceError } from '../../../protocol/errors.js';
import { ReadTx } from '../../../state/store.js';
import { findSecret } from '../domain/lookups.js';
import { parseSecretId, pendingArn } from '../domain/names.js';
import { SecretDoc } from '../domain/records.js';

const DENY_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}';
const POLICY_CACHE_SIZE = 256;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const flag = (v: unknown): string | undefined => (typeof v === 'boolean' ? String(v) : typeof v === 'number' ? String(v) : undefined);

/** The secret a call names, when it exists; a malformed id names none (the handler refuses it). */
function secretOf(tx: ReadTx, place: CallPlace, id: string): SecretDoc | undefined {
  try {
    return findSecret(tx, place, id)?.doc;
  } catch (e) {
    if (e instanceof ServiceError) return undefined;
    throw e;
  }
}

/** The ARN to authorize on: the secret's own, else the given full ARN, else the pending pattern. */
function resourceOf(place: CallPlace, id: string, secret: SecretDoc | undefined): string[] {
  if (secret) return [secret.ARN];
  const ref = parseSecretId(id, place);
  if (ref.by === 'arn') return [ref.arn];
  return ref.by === 'name' ? [pendingArn(place, ref.name)] : [];
}

function conditions(input: Record<string, unknown>, arn: string | undefined): Record<string, string | string[]> {
  const tagKeys = [...strings(input.TagKeys), ...(Array.isArray(input.Tags) ? input.Tags.map((t) => text((t as { Key?: unknown }).Key)).filter((k): k is string => k !== undefined) : [])];
  const entries: Array<[string, string | string[] | undefined]> = [
    ['secretsmanager:SecretId', arn],
    ['secretsmanager:Name', text(input.Name)],
    ['secretsmanager:Description', text(input.Description)],
    ['secretsmanager:KmsKeyId', text(input.KmsKeyId)],
    ['secretsmanager:VersionId', text(input.VersionId)],
    ['secretsmanager:VersionStage', text(input.VersionStage)],
    ['secretsmanager:RotationLambdaARN', text(input.RotationLambdaARN)],
    ['secretsmanager:RecoveryWindowInDays', flag(input.RecoveryWindowInDays)],
    ['secretsmanager:ForceDeleteWithoutRecovery', flag(input.ForceDeleteWithoutRecovery)],
    ['secretsmanager:BlockPublicPolicy', flag(input.BlockPublicPolicy)],
    ['aws:TagKeys', tagKeys.length > 0 ? tagKeys : undefined],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

/** Parsed resource policies by document: a secret's policy is read on every call that names it. */
function policyCache() {
  const cache = new Map<string, Policy>();
  return (document: string, arn: string): Policy => {
    let policy = cache.get(document);
    if (!policy) {
      try {
        policy = parsePolicy(document, 'resource', { name: `resource policy of ${arn}` });
      } catch {
        // Stored policies were parsed when put; one that no longer parses must refuse, not allow.
        policy = parsePolicy(DENY_ALL, 'resource', { name: `resource policy of ${arn} (unreadable): denies all` });
      }
      if (cache.size >= POLICY_CACHE_SIZE) cache.clear();
      cache.set(document, policy);
    }
    return policy;
  };
}

export function secretsManagerCallScope(tx: ReadTx) {
  const parsed = policyCache();
  return (operation: string, input: unknown, ctx: CallPlace): CallScope | undefined => {
    const fields = (input ?? {}) as Record<string, unknown>;
    const id = text(fields.SecretId) ?? (operation === 'CreateSecret' ? text(fields.Name) : undefined);
    const secret = id !== undefined ? secretOf(tx, ctx, id) : undefined;
    const resources = id !== undefined ? resourceOf(ctx, id, secret) : [];
    const scoped = callScope('secretsmanager', {
      builders: { Secret: () => resources },
      conditions: () => conditions(fields, resources[0]),
    })(operation, fields, ctx);
    if (!scoped || secret?.ResourcePolicy === undefined) return scoped;
    return { ...scoped, resourcePolicy: parsed(secret.ResourcePolicy, secret.ARN) };
  };
}
