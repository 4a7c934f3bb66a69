/**
 * IAM roles: Create/Get/Update/UpdateRoleDescription/UpdateAssumeRolePolicy/Delete/ListRoles.
 * The trust policy is validated with IAM's trust grammar; service-linked roles are AWS's
 * to change (UnmodifiableEntity) and are deleted with DeleteServiceLinkedRole.
 */
import { Operations } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { StoredRecord, Tx } from '../../../state/store.js';
import { checkTrustPolicy } from '../domain/documents.js';
import { check, iamErrors } from '../domain/errors.js';
import { uniqueId } from '../domain/ids.js';
import { MIN_SESSION_SECONDS, QUOTAS, sessionDurationProblem } from '../domain/limits.js';
import { findEntity, getEntity } from '../domain/lookups.js';
import { entityArn, nameProblem, pathPrefixProblem, pathProblem, underPath } from '../domain/names.js';
import { accountPrefix, entityKey, INDEX, KIND, RoleDoc, TagPair } from '../domain/records.js';
import { IamDeps, stamp } from './context.js';
import { checkBoundaryArn } from './boundaries.js';
import { pageFields, pageRecords } from './paging.js';
import { checkTags } from './tags.js';
import { roleView } from './views.js';

export interface NewRole {
  name: string;
  path: string;
  trust: string;
  description?: string;
  maxSessionDuration: number;
  tags: TagPair[];
  boundary?: string;
  serviceLinked?: string;
  attached?: string[];
}

/** Writes a new role (the caller checked its input); EntityAlreadyExists and the account quota are checked here. */
export function insertRole(tx: Tx, ctx: RequestContext, deps: IamDeps, role: NewRole): RoleDoc {
  if (findEntity(tx, 'role', ctx.accountId, role.name)) throw iamErrors.alreadyExists('role', role.name);
  if (tx.count(KIND.role, { prefix: accountPrefix(ctx.accountId) }) >= QUOTAS.roles) throw iamErrors.quota('RolesPerAccount', QUOTAS.roles);
  const doc: RoleDoc = {
    accountId: ctx.accountId, Path: role.path, RoleName: role.name, RoleId: uniqueId('role', deps.random),
    Arn: entityArn(ctx.region, ctx.accountId, 'role', role.path, role.name), CreateDate: stamp(ctx), trust: role.trust,
    ...(role.description !== undefined ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration, tags: role.tags, inline: [], attached: role.attached ?? [],
    ...(role.boundary !== undefined ? { boundary: role.boundary } : {}),
    ...(role.serviceLinked !== undefined ? { serviceLinked: role.serviceLinked } : {}),
  };
  tx.put(KIND.role, entityKey(ctx.accountId, role.name), doc, 0);
  return doc;
}

/** A role the caller may change: not a service-linked one. */
export function customerRole(tx: Tx, ctx: RequestContext, name: string): StoredRecord<RoleDoc> {
  const rec = getEntity(tx, 'role', ctx.accountId, name);
  if (rec.doc.serviceLinked) throw iamErrors.unmodifiableRole(rec.doc.RoleName);
  return rec;
}

/** DeleteRole's DeleteConflict checks: inline policies, attached policies, instance profiles. */
export function roleDeleteConflict(tx: Tx, key: string, role: RoleDoc): string | undefined {
  if (role.inline.length > 0) return 'Cannot delete entity, must delete policies first.';
  if (role.attached.length > 0) return 'Cannot delete entity, must detach all policies first.';
  if (tx.countByIndex(KIND.instanceProfile, INDEX.role, key) > 0) return 'Cannot delete entity, must remove roles from instance profile first.';
  return undefined;
}

function update(deps: IamDeps, ctx: RequestContext, name: string, change: (role: RoleDoc) => RoleDoc, allowServiceLinked = false): RoleDoc {
  return deps.store.transact((tx) => {
    const rec = allowServiceLinked ? getEntity(tx, 'role', ctx.accountId, name) : customerRole(tx, ctx, name);
    const doc = change(rec.doc);
    tx.put(KIND.role, rec.id, doc, rec.version);
    return doc;
  });
}

export function roleOps(deps: IamDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    CreateRole(input, ctx) {
      const path = input.Path ?? '/';
      const duration = input.MaxSessionDuration ?? MIN_SESSION_SECONDS;
      check(nameProblem('role', 'roleName', input.RoleName), pathProblem('path', path), sessionDurationProblem('maxSessionDuration', duration));
      checkTrustPolicy(input.AssumeRolePolicyDocument);
      const tags = checkTags(input.Tags);
      return store.transact((tx) => {
        if (input.PermissionsBoundary !== undefined) checkBoundaryArn(tx, ctx, input.PermissionsBoundary);
        const doc = insertRole(tx, ctx, deps, {
          name: input.RoleName, path, trust: input.AssumeRolePolicyDocument, description: input.Description,
          maxSessionDuration: duration, tags, boundary: input.PermissionsBoundary,
        });
        return { Role: roleView(doc, 'create') };
      });
    },

    GetRole(input, ctx) {
      return { Role: roleView(getEntity(store, 'role', ctx.accountId, input.RoleName).doc, 'get') };
    },

    UpdateRole(input, ctx) {
      if (input.MaxSessionDuration !== undefined) check(sessionDurationProblem('maxSessionDuration', input.MaxSessionDuration));
      const onlyDescription = input.MaxSessionDuration === undefined;
      update(deps, ctx, input.RoleName, (role) => ({
        ...role,
        ...(input.Description !== undefined ? { Description: input.Description } : {}),
        ...(input.MaxSessionDuration !== undefined ? { MaxSessionDuration: input.MaxSessionDuration } : {}),
      }), onlyDescription);
      return {};
    },

    UpdateRoleDescription(input, ctx) {
      const doc = update(deps, ctx, input.RoleName, (role) => ({ ...role, Description: input.Description }), true);
      return { Role: roleView(doc, 'create') };
    },

    UpdateAssumeRolePolicy(input, ctx) {
      checkTrustPolicy(input.PolicyDocument);
      update(deps, ctx, input.RoleName, (role) => ({ ...role, trust: input.PolicyDocument }));
      return {};
    },

    DeleteRole(input, ctx) {
      return store.transact((tx) => {
        const rec = customerRole(tx, ctx, input.RoleName);
        const conflict = roleDeleteConflict(tx, rec.id, rec.doc);
        if (conflict) throw iamErrors.deleteConflict(conflict);
        tx.delete(KIND.role, rec.id);
        return {};
      });
    },

    ListRoles(input, ctx) {
      if (input.PathPrefix !== undefined) check(pathPrefixProblem('pathPrefix', input.PathPrefix));
      return store.transact((tx) => {
        const p = pageRecords<RoleDoc>(tx, KIND.role, accountPrefix(ctx.accountId), (d) => underPath(d.Path, input.PathPrefix), input);
        return { Roles: p.items.map((r) => roleView(r.doc, 'list')), ...pageFields(p) };
      });
    },
  };
}
