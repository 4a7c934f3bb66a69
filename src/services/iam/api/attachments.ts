/**
 * Managed policy attachments: Attach/Detach/ListAttached{User,Group,Role}Policies and
 * ListEntitiesForPolicy. Attachments live on the holder (its `attached` ARNs); the
 * holders' `policy` and `boundary` indexes answer who holds a policy.
 */
import { AttachedPolicy, Operations, PolicyGroup, PolicyRole, PolicyUser } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { ReadTx, StoredRecord } from '../../../state/store.js';
import { check, iamErrors } from '../domain/errors.js';
import { ATTACHED_QUOTA, HolderType } from '../domain/limits.js';
import { findManagedPolicy, getEntity, policyName } from '../domain/lookups.js';
import { parsePolicyArn, pathPrefixProblem, underPath } from '../domain/names.js';
import { GroupDoc, INDEX, KIND, policyIndexKey, PolicyHolder, RoleDoc, UserDoc } from '../domain/records.js';
import { IamDeps } from './context.js';
import { page, pageFields } from './paging.js';
import { getManagedPolicy } from './policies.js';

const HOLDER_KIND = { user: KIND.user, group: KIND.group, role: KIND.role } as const;

type Holder = PolicyHolder & { accountId: string; serviceLinked?: string; RoleName?: string };

function holder(tx: ReadTx, ctx: RequestContext, type: HolderType, name: string, changing: boolean): StoredRecord<Holder> {
  const rec: StoredRecord<Holder> = getEntity(tx, type, ctx.accountId, name);
  if (changing && rec.doc.serviceLinked) throw iamErrors.unmodifiableRole(rec.doc.RoleName ?? name);
  return rec;
}

function attach(deps: IamDeps, ctx: RequestContext, type: HolderType, name: string, arn: string): Record<string, never> {
  return deps.store.transact((tx) => {
    const rec = holder(tx, ctx, type, name, true);
    if (!parsePolicyArn(arn)) throw iamErrors.invalidArn(arn);
    const policy = findManagedPolicy(tx, ctx.accountId, arn);
    if (!policy) throw iamErrors.notAttachable(arn);
    if (policy.source === 'aws' && policy.policy.serviceRole) throw iamErrors.notAttachableServiceRole();
    if (rec.doc.attached.includes(arn)) return {};
    const [quotaName, max] = ATTACHED_QUOTA[type];
    if (rec.doc.attached.length >= max) throw iamErrors.quota(quotaName, max);
    tx.put(HOLDER_KIND[type], rec.id, { ...rec.doc, attached: [...rec.doc.attached, arn] }, rec.version);
    return {};
  });
}

function detach(deps: IamDeps, ctx: RequestContext, type: HolderType, name: string, arn: string): Record<string, never> {
  return deps.store.transact((tx) => {
    const rec = holder(tx, ctx, type, name, true);
    if (!parsePolicyArn(arn)) throw iamErrors.invalidArn(arn);
    if (!rec.doc.attached.includes(arn)) throw iamErrors.noSuchPolicy(arn);
    tx.put(HOLDER_KIND[type], rec.id, { ...rec.doc, attached: rec.doc.attached.filter((a) => a !== arn) }, rec.version);
    return {};
  });
}

function listAttached(deps: IamDeps, ctx: RequestContext, type: HolderType, name: string, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  if (input.PathPrefix !== undefined) check(pathPrefixProblem('pathPrefix', input.PathPrefix));
  return deps.store.transact((tx) => {
    const rec = holder(tx, ctx, type, name, false);
    const policies: AttachedPolicy[] = rec.doc.attached.flatMap((arn) => {
      const policy = findManagedPolicy(tx, ctx.accountId, arn);
      const path = parsePolicyArn(arn)?.path ?? '/';
      return policy && underPath(path, input.PathPrefix) ? [{ PolicyName: policyName(policy), PolicyArn: arn }] : [];
    });
    // In attachment order; the marker is a position.
    const p = page(policies.map((a, i) => ({ a, at: String(i).padStart(4, '0') })), (x) => x.at, input);
    return { AttachedPolicies: p.items.map((x) => x.a), ...pageFields(p) };
  });
}

type Entity = { order: string; user?: PolicyUser; group?: PolicyGroup; role?: PolicyRole };

/** Who holds a policy, as a permissions policy, a boundary, or either (PolicyUsageFilter). */
function entitiesFor(tx: ReadTx, accountId: string, arn: string, usage: string | undefined, filter: string | undefined, pathPrefix: string | undefined): Entity[] {
  const key = policyIndexKey(accountId, arn);
  const indexes = usage === 'PermissionsPolicy' ? [INDEX.policy] : usage === 'PermissionsBoundary' ? [INDEX.boundary] : [INDEX.policy, INDEX.boundary];
  const wanted = (t: string) => filter === undefined || filter === t;
  const found = new Map<string, Entity>();
  const collect = <D extends { Path: string }>(kind: string, type: string, make: (d: D) => Entity) => {
    if (!wanted(type)) return;
    for (const index of indexes) {
      if (index === INDEX.boundary && kind === KIND.group) continue;
      for (const r of tx.listByIndex<D>(kind, index, { key })) if (underPath(r.doc.Path, pathPrefix)) found.set(`${kind}|${r.id}`, make(r.doc));
    }
  };
  collect<GroupDoc>(KIND.group, 'Group', (d) => ({ order: `1${d.GroupName}`, group: { GroupName: d.GroupName, GroupId: d.GroupId } }));
  collect<UserDoc>(KIND.user, 'User', (d) => ({ order: `2${d.UserName}`, user: { UserName: d.UserName, UserId: d.UserId } }));
  collect<RoleDoc>(KIND.role, 'Role', (d) => ({ order: `3${d.RoleName}`, role: { RoleName: d.RoleName, RoleId: d.RoleId } }));
  return [...found.values()].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
}

export function attachmentOps(deps: IamDeps): TypedHandlers<Operations> {
  return {
    AttachUserPolicy: (input, ctx) => attach(deps, ctx, 'user', input.UserName, input.PolicyArn),
    AttachGroupPolicy: (input, ctx) => attach(deps, ctx, 'group', input.GroupName, input.PolicyArn),
    AttachRolePolicy: (input, ctx) => attach(deps, ctx, 'role', input.RoleName, input.PolicyArn),
    DetachUserPolicy: (input, ctx) => detach(deps, ctx, 'user', input.UserName, input.PolicyArn),
    DetachGroupPolicy: (input, ctx) => detach(deps, ctx, 'group', input.GroupName, input.PolicyArn),
    DetachRolePolicy: (input, ctx) => detach(deps, ctx, 'role', input.RoleName, input.PolicyArn),
    ListAttachedUserPolicies: (input, ctx) => listAttached(deps, ctx, 'user', input.UserName, input),
    ListAttachedGroupPolicies: (input, ctx) => listAttached(deps, ctx, 'group', input.GroupName, input),
    ListAttachedRolePolicies: (input, ctx) => listAttached(deps, ctx, 'role', input.RoleName, input),

    ListEntitiesForPolicy(input, ctx) {
      if (input.PathPrefix !== undefined) check(pathPrefixProblem('pathPrefix', input.PathPrefix));
      return deps.store.transact((tx) => {
        getManagedPolicy(tx, ctx, input.PolicyArn);
        const all = entitiesFor(tx, ctx.accountId, input.PolicyArn, input.PolicyUsageFilter, input.EntityFilter, input.PathPrefix);
        const p = page(all, (e) => e.order, input);
        return {
          PolicyGroups: p.items.flatMap((e) => (e.group ? [e.group] : [])),
          PolicyUsers: p.items.flatMap((e) => (e.user ? [e.user] : [])),
          PolicyRoles: p.items.flatMap((e) => (e.role ? [e.role] : [])),
          ...pageFields(p),
        };
      });
    },
  };
}
