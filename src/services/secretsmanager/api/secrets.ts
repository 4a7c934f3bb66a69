/**
 * CreateSecret, UpdateSecret, DescribeSecret, DeleteSecret and RestoreSecret. Every
 * change runs in one transaction; a value is encrypted inside it, so a refused key leaves
 * nothing behind.
 */
import { Operations } from '../../../protocol/generated/secretsmanager.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { planDeletion, removeSecret, restored } from '../domain/deletion.js';
import { smErrors } from '../domain/errors.js';
import { getVersion, requireLive, requireSecret } from '../domain/lookups.js';
import { arnSuffix, isValidName, secretArn } from '../domain/names.js';
import { KIND, SecretDoc, secretKey } from '../domain/records.js';
import { DEFAULT_KEY, open, sameValue } from '../domain/vault.js';
import { scope, SmDeps, stamp } from './context.js';
import { newTags } from './tag-rules.js';
import { describeView, nameAndArn } from './views.js';
import { reencryptLabeled, requireToken, valueOf, writeVersion } from './writes.js';

type Ops = Pick<TypedHandlers<Operations>, 'CreateSecret' | 'UpdateSecret' | 'DescribeSecret' | 'DeleteSecret' | 'RestoreSecret'>;

/** The AWS managed key given by name is the default: DescribeSecret then leaves KmsKeyId out. */
const keyOf = (kmsKeyId: string | undefined) => (kmsKeyId === undefined || kmsKeyId === '' || kmsKeyId === DEFAULT_KEY ? undefined : kmsKeyId);

export function secretOps(deps: SmDeps): Ops {
  const { store, vault } = deps;

  /** A CreateSecret for a name that exists: the same token and value again is the same call. */
  function repeatedCreate(tx: ReadTx, existing: SecretDoc, id: string, token: string | undefined, value: ReturnType<typeof valueOf>, ctx: RequestContext) {
    if (existing.DeletedDate !== undefined) throw smErrors.nameScheduledForDeletion();
    const version = token !== undefined && value ? getVersion(tx, id, token) : undefined;
    if (!version || !value) throw smErrors.exists(existing.Name);
    if (!sameValue(open(vault, scope(ctx), existing.ARN, version.doc), value)) throw smErrors.tokenInUse(token!, existing.ARN);
    return { ...nameAndArn(existing), VersionId: token };
  }

  return {
    CreateSecret: (input, ctx) => {
      if (!isValidName(input.Name)) throw smErrors.invalidName();
      const value = valueOf(input);
      const token = value ? requireToken(input.ClientRequestToken) : input.ClientRequestToken;
      const place = scope(ctx);
      const id = secretKey(place, input.Name);
      return store.transact((tx) => {
        const existing = tx.get<SecretDoc>(KIND.secret, id);
        if (existing) return repeatedCreate(tx, existing.doc, id, token, value, ctx);
        const now = stamp(ctx);
        const doc: SecretDoc = {
          region: ctx.region, accountId: ctx.accountId, Name: input.Name, ARN: secretArn(place, input.Name, arnSuffix(deps.randomInt)),
          ...(input.Description !== undefined ? { Description: input.Description } : {}),
          ...(keyOf(input.KmsKeyId) !== undefined ? { KmsKeyId: input.KmsKeyId } : {}),
          Tags: newTags(input.Tags), CreatedDate: now, LastChangedDate: now, stages: {},
        };
        if (!value) {
          tx.put(KIND.secret, id, doc, 0);
          return nameAndArn(doc);
        }
        const written = writeVersion(tx, vault, place, { kind: KIND.secret, id, version: 0, doc }, { value, token: token! }, now);
        tx.put(KIND.secret, id, written.doc, 0);
        return { ...nameAndArn(doc), VersionId: written.versionId };
      });
    },

    UpdateSecret: (input, ctx) => {
      const value = valueOf(input);
      const token = value ? requireToken(input.ClientRequestToken) : undefined;
      const place = scope(ctx);
      return store.transact((tx) => {
        const secret = requireLive(tx, place, input.SecretId);
        const now = stamp(ctx);
        let doc: SecretDoc = { ...secret.doc, LastChangedDate: now };
        if (input.Description !== undefined) doc.Description = input.Description;
        if (input.KmsKeyId !== undefined && keyOf(input.KmsKeyId) !== secret.doc.KmsKeyId) {
          doc = { ...doc, KmsKeyId: keyOf(input.KmsKeyId) };
          if (!value) reencryptLabeled(tx, vault, place, { ...secret, doc }, doc.KmsKeyId);
        }
        let versionId: string | undefined;
        if (value) ({ doc, versionId } = writeVersion(tx, vault, place, { ...secret, doc }, { value, token: token! }, now));
        tx.put(KIND.secret, secret.id, doc, secret.version);
        return { ...nameAndArn(doc), ...(versionId !== undefined ? { VersionId: versionId } : {}) };
      });
    },

    DescribeSecret: (input, ctx) => describeView(requireSecret(store, scope(ctx), input.SecretId).doc),

    DeleteSecret: (input, ctx) => store.transact((tx) => {
      const secret = requireSecret(tx, scope(ctx), input.SecretId);
      const plan = planDeletion(secret.doc, input, ctx.now);
      if (plan.kind === 'now') removeSecret(tx, secret.id);
      else tx.put(KIND.secret, secret.id, { ...secret.doc, DeletedDate: stamp(ctx), deleteAfter: plan.at.toISOString(), LastChangedDate: stamp(ctx) }, secret.version);
      return { ...nameAndArn(secret.doc), DeletionDate: plan.at };
    }),

    RestoreSecret: (input, ctx) => store.transact((tx) => {
      const secret = requireSecret(tx, scope(ctx), input.SecretId);
      if (secret.doc.DeletedDate !== undefined) tx.put(KIND.secret, secret.id, restored(secret.doc, ctx.now), secret.version);
      return nameAndArn(secret.doc);
    }),
  };
}
