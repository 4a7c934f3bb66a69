/**
 * Access keys of IAM users: Create (the secret is answered once), List, Update
 * (Active/Inactive), Delete, GetAccessKeyLastUsed. Without UserName they act for the
 * caller; the root key is Berth's own (its credentials file) and only listed.
 */
import { AccessKeyMetadata, Operations } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { StoredRecord, Tx } from '../../../state/store.js';
import { iamErrors } from '../domain/errors.js';
import { accessKeyId, secretAccessKey } from '../domain/ids.js';
import { QUOTAS } from '../domain/limits.js';
import { getEntity } from '../domain/lookups.js';
import { AccessKeyDoc, INDEX, KIND, UserDoc } from '../domain/records.js';
import { callerOf, IamDeps, stamp } from './context.js';
import { page, pageFields } from './paging.js';
import { accountCreated } from './users.js';

const NOT_A_USER = 'Must specify userName when calling with non-User credentials';

/** The named user, or the caller when it is a user; undefined for the root without a name. */
function subjectUser(tx: Tx, ctx: RequestContext, name: string | undefined): StoredRecord<UserDoc> | undefined {
  if (name !== undefined) return getEntity(tx, 'user', ctx.accountId, name);
  const caller = callerOf(tx, ctx);
  if (caller.type === 'user') return caller.user;
  if (caller.type === 'role') throw iamErrors.validationError(NOT_A_USER);
  return undefined;
}

function requireUser(tx: Tx, ctx: RequestContext, name: string | undefined): StoredRecord<UserDoc> {
  const user = subjectUser(tx, ctx, name);
  if (!user) throw iamErrors.invalidInput("The account root's access key is Berth's own (its data dir's credentials file or BERTH_ROOT_*): name an IAM user.");
  return user;
}

/** The user's key with this id, or NoSuchEntity (also for another user's key). */
function userKey(tx: Tx, user: StoredRecord<UserDoc>, id: string): StoredRecord<AccessKeyDoc> {
  const key = tx.get<AccessKeyDoc>(KIND.accessKey, id);
  if (!key || key.doc.userKey !== user.id) throw iamErrors.noSuchAccessKey(id);
  return key;
}

const metadata = (k: AccessKeyDoc): AccessKeyMetadata => ({ UserName: k.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: k.CreateDate });

export function accessKeyOps(deps: IamDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    CreateAccessKey(input, ctx) {
      return store.transact((tx) => {
        const user = requireUser(tx, ctx, input.UserName);
        if (tx.countByIndex(KIND.accessKey, INDEX.user, user.id) >= QUOTAS.accessKeysPerUser) throw iamErrors.quota('AccessKeysPerUser', QUOTAS.accessKeysPerUser);
        let id = accessKeyId('AKIA', deps.random);
        while (tx.get(KIND.accessKey, id) || id === deps.rootAccessKeyId) id = accessKeyId('AKIA', deps.random);
        const doc: AccessKeyDoc = {
          accountId: ctx.accountId, userKey: user.id, UserName: user.doc.UserName, AccessKeyId: id,
          secret: secretAccessKey(deps.random), Status: 'Active', CreateDate: stamp(ctx),
        };
        tx.put(KIND.accessKey, id, doc, 0);
        return { AccessKey: { UserName: doc.UserName, AccessKeyId: id, Status: doc.Status, SecretAccessKey: doc.secret, CreateDate: doc.CreateDate } };
      });
    },

    ListAccessKeys(input, ctx) {
      return store.transact((tx) => {
        const user = subjectUser(tx, ctx, input.UserName);
        const keys: AccessKeyMetadata[] = user
          ? tx.listByIndex<AccessKeyDoc>(KIND.accessKey, INDEX.user, { key: user.id }).map((r) => metadata(r.doc))
          : [{ AccessKeyId: deps.rootAccessKeyId, Status: 'Active', CreateDate: accountCreated(tx, ctx) }];
        const p = page(keys, (k) => k.AccessKeyId!, input);
        return { AccessKeyMetadata: p.items, ...pageFields(p) };
      });
    },

    UpdateAccessKey(input, ctx) {
      if (input.Status === 'Expired') throw iamErrors.invalidInput('Status must be Active or Inactive.');
      const status = input.Status;
      return store.transact((tx) => {
        const key = userKey(tx, requireUser(tx, ctx, input.UserName), input.AccessKeyId);
        tx.put<AccessKeyDoc>(KIND.accessKey, key.id, { ...key.doc, Status: status }, key.version);
        return {};
      });
    },

    DeleteAccessKey(input, ctx) {
      return store.transact((tx) => {
        const key = userKey(tx, requireUser(tx, ctx, input.UserName), input.AccessKeyId);
        tx.delete(KIND.accessKey, key.id);
        return {};
      });
    },

    GetAccessKeyLastUsed(input, ctx) {
      const notUsed = { ServiceName: 'N/A', Region: 'N/A' };
      if (input.AccessKeyId === deps.rootAccessKeyId) return { AccessKeyLastUsed: notUsed };
      const key = store.get<AccessKeyDoc>(KIND.accessKey, input.AccessKeyId)?.doc;
      if (!key || key.accountId !== ctx.accountId) throw iamErrors.noSuchAccessKey(input.AccessKeyId);
      const used = key.lastUsed;
      return { UserName: key.UserName, AccessKeyLastUsed: used ? { LastUsedDate: used.date, ServiceName: used.service, Region: used.region } : notUsed };
    },
  };
}
