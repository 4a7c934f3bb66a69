/** IAM users: Create/Get/Update/Delete/ListUsers. GetUser without a name answers for the caller. */
import { partition } from '../../../platform/aws/scope.js';
import { Operations } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { check, iamErrors } from '../domain/errors.js';
import { uniqueId } from '../domain/ids.js';
import { QUOTAS } from '../domain/limits.js';
import { findEntity, getEntity } from '../domain/lookups.js';
import { entityArn, nameProblem, pathPrefixProblem, pathProblem, underPath } from '../domain/names.js';
import { AccessKeyDoc, AccountDoc, accountPrefix, entityKey, INDEX, KIND, UserDoc } from '../domain/records.js';
import { callerOf, IamDeps, stamp } from './context.js';
import { pageFields, pageRecords } from './paging.js';
import { checkBoundaryArn } from './boundaries.js';
import { checkTags } from './tags.js';
import { rootUserView, userView } from './views.js';

/** When the account was first seen: the root's CreateDate. */
export function accountCreated(tx: Tx, ctx: RequestContext): string {
  const rec = tx.get<AccountDoc>(KIND.account, ctx.accountId);
  if (rec) return rec.doc.CreateDate;
  const created = stamp(ctx);
  tx.put<AccountDoc>(KIND.account, ctx.accountId, { accountId: ctx.accountId, CreateDate: created }, 0);
  return created;
}

function renameUser(tx: Tx, ctx: RequestContext, user: UserDoc, oldKey: string, name: string, path: string): void {
  const renamed: UserDoc = { ...user, UserName: name, Path: path, Arn: entityArn(ctx.region, ctx.accountId, 'user', path, name) };
  const key = entityKey(ctx.accountId, name);
  if (key !== oldKey) {
    if (tx.get(KIND.user, key)) throw iamErrors.alreadyExists('user', name);
    tx.delete(KIND.user, oldKey);
  }
  tx.put(KIND.user, key, renamed);
  for (const k of tx.listByIndex<AccessKeyDoc>(KIND.accessKey, INDEX.user, { key: oldKey })) {
    tx.put(KIND.accessKey, k.id, { ...k.doc, userKey: key, UserName: name }, k.version);
  }
}

/** DeleteUser's DeleteConflict checks, in IAM's order. */
function deleteConflict(tx: Tx, key: string, user: UserDoc): string | undefined {
  if (tx.countByIndex(KIND.accessKey, INDEX.user, key) > 0) return 'Cannot delete entity, must delete access keys first.';
  if (user.inline.length > 0) return 'Cannot delete entity, must delete policies first.';
  if (user.attached.length > 0) return 'Cannot delete entity, must detach all policies first.';
  if (user.groups.length > 0) return 'Cannot delete entity, must remove users from group first.';
  return undefined;
}

export function userOps(deps: IamDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    CreateUser(input, ctx) {
      const path = input.Path ?? '/';
      check(nameProblem('user', 'userName', input.UserName), pathProblem('path', path));
      const tags = checkTags(input.Tags);
      return store.transact((tx) => {
        if (input.PermissionsBoundary !== undefined) checkBoundaryArn(tx, ctx, input.PermissionsBoundary);
        if (findEntity(tx, 'user', ctx.accountId, input.UserName)) throw iamErrors.alreadyExists('user', input.UserName);
        if (tx.count(KIND.user, { prefix: accountPrefix(ctx.accountId) }) >= QUOTAS.users) throw iamErrors.quota('UsersPerAccount', QUOTAS.users);
        const doc: UserDoc = {
          accountId: ctx.accountId, Path: path, UserName: input.UserName, UserId: uniqueId('user', deps.random),
          Arn: entityArn(ctx.region, ctx.accountId, 'user', path, input.UserName), CreateDate: stamp(ctx),
          tags, inline: [], attached: [], groups: [],
          ...(input.PermissionsBoundary !== undefined ? { boundary: input.PermissionsBoundary } : {}),
        };
        tx.put(KIND.user, entityKey(ctx.accountId, input.UserName), doc, 0);
        return { User: userView(doc, true) };
      });
    },

    GetUser(input, ctx) {
      return store.transact((tx) => {
        if (input.UserName !== undefined) return { User: userView(getEntity(tx, 'user', ctx.accountId, input.UserName).doc, true) };
        const caller = callerOf(tx, ctx);
        if (caller.type === 'user') return { User: userView(caller.user.doc, true) };
        if (caller.type === 'role') throw iamErrors.validationError('Must specify userName when calling with non-User credentials');
        return { User: rootUserView(ctx.accountId, partition(ctx.region), accountCreated(tx, ctx)) };
      });
    },

    UpdateUser(input, ctx) {
      check(
        input.NewUserName !== undefined ? nameProblem('user', 'newUserName', input.NewUserName) : undefined,
        input.NewPath !== undefined ? pathProblem('newPath', input.NewPath) : undefined,
      );
      return store.transact((tx) => {
        const rec = getEntity(tx, 'user', ctx.accountId, input.UserName);
        renameUser(tx, ctx, rec.doc, rec.id, input.NewUserName ?? rec.doc.UserName, input.NewPath ?? rec.doc.Path);
        return {};
      });
    },

    DeleteUser(input, ctx) {
      return store.transact((tx) => {
        const rec = getEntity(tx, 'user', ctx.accountId, input.UserName);
        const conflict = deleteConflict(tx, rec.id, rec.doc);
        if (conflict) throw iamErrors.deleteConflict(conflict);
        tx.delete(KIND.user, rec.id);
        return {};
      });
    },

    ListUsers(input, ctx) {
      if (input.PathPrefix !== undefined) check(pathPrefixProblem('pathPrefix', input.PathPrefix));
      return store.transact((tx) => {
        const p = pageRecords<UserDoc>(tx, KIND.user, accountPrefix(ctx.accountId), (d) => underPath(d.Path, input.PathPrefix), input);
        return { Users: p.items.map((r) => userView(r.doc, false)), ...pageFields(p) };
      });
    },
  };
}
