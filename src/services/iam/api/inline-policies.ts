/**
 * Inline policies: Put/Get/Delete/List{User,Group,Role}Policy. A holder's inline policies
 * share one size quota (user 2,048, group 5,120, role 10,240 characters, white space not
 * counted); putting a name again replaces that policy.
 */
import { Operations } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { StoredRecord, Tx } from '../../../state/store.js';
import { checkDocument } from '../domain/documents.js';
import { check, iamErrors } from '../domain/errors.js';
import { HolderType, INLINE_QUOTA, inlineFits } from '../domain/limits.js';
import { getEntity } from '../domain/lookups.js';
import { nameProblem } from '../domain/names.js';
import { InlinePolicy, KIND, PolicyHolder } from '../domain/records.js';
import { IamDeps } from './context.js';
import { page, pageFields, sortedBy } from './paging.js';
import { encodeDocument } from './views.js';

const HOLDER_KIND = { user: KIND.user, group: KIND.group, role: KIND.role } as const;

type Holder = PolicyHolder & { serviceLinked?: string; UserName?: string; GroupName?: string; RoleName?: string };

function holder(tx: Tx, ctx: RequestContext, type: HolderType, name: string, changing: boolean): StoredRecord<Holder> {
  const rec: StoredRecord<Holder> = getEntity(tx, type, ctx.accountId, name);
  if (changing && rec.doc.serviceLinked) throw iamErrors.unmodifiableRole(rec.doc.RoleName ?? name);
  return rec;
}

function put(deps: IamDeps, ctx: RequestContext, type: HolderType, name: string, policyName: string, document: string): Record<string, never> {
  check(nameProblem('policy', 'policyName', policyName));
  checkDocument(document, 'identity');
  return deps.store.transact((tx) => {
    const rec = holder(tx, ctx, type, name, true);
    if (!inlineFits(type, rec.doc.inline, policyName, document)) throw iamErrors.limitExceeded(`Maximum policy size of ${INLINE_QUOTA[type]} bytes exceeded for ${type} ${name}`);
    const policy: InlinePolicy = { name: policyName, document };
    const replaced = rec.doc.inline.some((p) => p.name === policyName);
    const inline = replaced ? rec.doc.inline.map((p) => (p.name === policyName ? policy : p)) : [...rec.doc.inline, policy];
    tx.put(HOLDER_KIND[type], rec.id, { ...rec.doc, inline }, rec.version);
    return {};
  });
}

function find(tx: Tx, ctx: RequestContext, type: HolderType, name: string, policyName: string, changing: boolean): { rec: StoredRecord<Holder>; policy: InlinePolicy } {
  const rec = holder(tx, ctx, type, name, changing);
  const policy = rec.doc.inline.find((p) => p.name === policyName);
  if (!policy) throw iamErrors.noSuchInlinePolicy(type, policyName);
  return { rec, policy };
}

function get(deps: IamDeps, ctx: RequestContext, type: HolderType, name: string, policyName: string): { name: string; policyName: string; document: string } {
  return deps.store.transact((tx) => {
    const { rec, policy } = find(tx, ctx, type, name, policyName, false);
    return { name: rec.doc.UserName ?? rec.doc.GroupName ?? rec.doc.RoleName ?? name, policyName: policy.name, document: encodeDocument(policy.document) };
  });
}

function remove(deps: IamDeps, ctx: RequestContext, type: HolderType, name: string, policyName: string): Record<string, never> {
  return deps.store.transact((tx) => {
    const { rec } = find(tx, ctx, type, name, policyName, true);
    tx.put(HOLDER_KIND[type], rec.id, { ...rec.doc, inline: rec.doc.inline.filter((p) => p.name !== policyName) }, rec.version);
    return {};
  });
}

function list(deps: IamDeps, ctx: RequestContext, type: HolderType, name: string, input: { Marker?: string; MaxItems?: number }) {
  return deps.store.transact((tx) => {
    const names = holder(tx, ctx, type, name, false).doc.inline.map((p) => p.name);
    const p = page(sortedBy(names, (n) => n), (n) => n, input);
    return { PolicyNames: p.items, ...pageFields(p) };
  });
}

export function inlinePolicyOps(deps: IamDeps): TypedHandlers<Operations> {
  return {
    PutUserPolicy: (input, ctx) => put(deps, ctx, 'user', input.UserName, input.PolicyName, input.PolicyDocument),
    PutGroupPolicy: (input, ctx) => put(deps, ctx, 'group', input.GroupName, input.PolicyName, input.PolicyDocument),
    PutRolePolicy: (input, ctx) => put(deps, ctx, 'role', input.RoleName, input.PolicyName, input.PolicyDocument),
    GetUserPolicy(input, ctx) {
      const p = get(deps, ctx, 'user', input.UserName, input.PolicyName);
      return { UserName: p.name, PolicyName: p.policyName, PolicyDocument: p.document };
    },
    GetGroupPolicy(input, ctx) {
      const p = get(deps, ctx, 'group', input.GroupName, input.PolicyName);
      return { GroupName: p.name, PolicyName: p.policyName, PolicyDocument: p.document };
    },
    GetRolePolicy(input, ctx) {
      const p = get(deps, ctx, 'role', input.RoleName, input.PolicyName);
      return { RoleName: p.name, PolicyName: p.policyName, PolicyDocument: p.document };
    },
    DeleteUserPolicy: (input, ctx) => remove(deps, ctx, 'user', input.UserName, input.PolicyName),
    DeleteGroupPolicy: (input, ctx) => remove(deps, ctx, 'group', input.GroupName, input.PolicyName),
    DeleteRolePolicy: (input, ctx) => remove(deps, ctx, 'role', input.RoleName, input.PolicyName),
    ListUserPolicies: (input, ctx) => list(deps, ctx, 'user', input.UserName, input),
    ListGroupPolicies: (input, ctx) => list(deps, ctx, 'group', input.GroupName, input),
    ListRolePolicies: (input, ctx) => list(deps, ctx, 'role', input.RoleName, input),
  };
}
