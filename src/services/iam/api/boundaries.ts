/** Permissions boundaries: Put/Delete{User,Role}PermissionsBoundary, and the check create calls share. */
import { Operations } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { iamErrors } from '../domain/errors.js';
import { findManagedPolicy, getEntity } from '../domain/lookups.js';
import { parsePolicyArn } from '../domain/names.js';
import { KIND, RoleDoc, UserDoc } from '../domain/records.js';
import { IamDeps } from './context.js';

/** A boundary must be a managed policy (AWS's or the account's). */
export function checkBoundaryArn(tx: ReadTx, ctx: RequestContext, arn: string): void {
  if (!parsePolicyArn(arn)) throw iamErrors.invalidArn(arn);
  if (!findManagedPolicy(tx, ctx.accountId, arn)) throw iamErrors.noSuchBoundary(arn);
}

export function boundaryOps(deps: IamDeps): TypedHandlers<Operations> {
  const { store } = deps;
  const setUser = (ctx: RequestContext, name: string, boundary: string | undefined) =>
    store.transact((tx) => {
      const rec = getEntity(tx, 'user', ctx.accountId, name);
      if (boundary !== undefined) checkBoundaryArn(tx, ctx, boundary);
      const { boundary: _old, ...rest } = rec.doc;
      tx.put<UserDoc>(KIND.user, rec.id, boundary !== undefined ? { ...rest, boundary } : rest, rec.version);
      return {};
    });
  const setRole = (ctx: RequestContext, name: string, boundary: string | undefined) =>
    store.transact((tx) => {
      const rec = getEntity(tx, 'role', ctx.accountId, name);
      if (rec.doc.serviceLinked) throw iamErrors.unmodifiableRole(rec.doc.RoleName);
      if (boundary !== undefined) checkBoundaryArn(tx, ctx, boundary);
      const { boundary: _old, ...rest } = rec.doc;
      tx.put<RoleDoc>(KIND.role, rec.id, boundary !== undefined ? { ...rest, boundary } : rest, rec.version);
      return {};
    });
  return {
    PutUserPermissionsBoundary: (input, ctx) => setUser(ctx, input.UserName, input.PermissionsBoundary),
    DeleteUserPermissionsBoundary: (input, ctx) => setUser(ctx, input.UserName, undefined),
    PutRolePermissionsBoundary: (input, ctx) => setRole(ctx, input.RoleName, input.PermissionsBoundary),
    DeleteRolePermissionsBoundary: (input, ctx) => setRole(ctx, input.RoleName, undefined),
  };
}
