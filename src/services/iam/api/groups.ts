/** IAM groups and membership: Create/Get/Update/Delete/ListGroups, Add/RemoveUserToGroup, ListGroupsForUser. */
import { Operations } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { check, iamErrors } from '../domain/errors.js';
import { uniqueId } from '../domain/ids.js';
import { QUOTAS } from '../domain/limits.js';
import { findEntity, getEntity } from '../domain/lookups.js';
import { entityArn, nameProblem, pathPrefixProblem, pathProblem, underPath } from '../domain/names.js';
import { accountPrefix, entityKey, GroupDoc, INDEX, KIND, UserDoc } from '../domain/records.js';
import { IamDeps, stamp } from './context.js';
import { page, pageFields, pageRecords, sortedBy } from './paging.js';
import { groupView, userView } from './views.js';

/** The group's key without the account: what a user's `groups` holds. */
const memberKey = (groupKey: string) => groupKey.slice(groupKey.indexOf('/') + 1);

function deleteConflict(tx: Tx, key: string, group: GroupDoc): string | undefined {
  if (tx.countByIndex(KIND.user, INDEX.group, key) > 0) return 'Cannot delete entity, must remove users from group first.';
  if (group.inline.length > 0) return 'Cannot delete entity, must delete policies first.';
  if (group.attached.length > 0) return 'Cannot delete entity, must detach all policies first.';
  return undefined;
}

function renameGroup(tx: Tx, ctx: RequestContext, key: string, group: GroupDoc, name: string, path: string): void {
  const newKey = entityKey(ctx.accountId, name);
  if (newKey !== key) {
    if (tx.get(KIND.group, newKey)) throw iamErrors.alreadyExists('group', name);
    for (const member of tx.listByIndex<UserDoc>(KIND.user, INDEX.group, { key })) {
      const groups = member.doc.groups.map((g) => (g === memberKey(key) ? memberKey(newKey) : g));
      tx.put(KIND.user, member.id, { ...member.doc, groups }, member.version);
    }
    tx.delete(KIND.group, key);
  }
  tx.put<GroupDoc>(KIND.group, newKey, { ...group, GroupName: name, Path: path, Arn: entityArn(ctx.region, ctx.accountId, 'group', path, name) });
}

export function groupOps(deps: IamDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    CreateGroup(input, ctx) {
      const path = input.Path ?? '/';
      check(nameProblem('group', 'groupName', input.GroupName), pathProblem('path', path));
      return store.transact((tx) => {
        if (findEntity(tx, 'group', ctx.accountId, input.GroupName)) throw iamErrors.alreadyExists('group', input.GroupName);
        if (tx.count(KIND.group, { prefix: accountPrefix(ctx.accountId) }) >= QUOTAS.groups) throw iamErrors.quota('GroupsPerAccount', QUOTAS.groups);
        const doc: GroupDoc = {
          accountId: ctx.accountId, Path: path, GroupName: input.GroupName, GroupId: uniqueId('group', deps.random),
          Arn: entityArn(ctx.region, ctx.accountId, 'group', path, input.GroupName), CreateDate: stamp(ctx), inline: [], attached: [],
        };
        tx.put(KIND.group, entityKey(ctx.accountId, input.GroupName), doc, 0);
        return { Group: groupView(doc) };
      });
    },

    GetGroup(input, ctx) {
      return store.transact((tx) => {
        const group = getEntity(tx, 'group', ctx.accountId, input.GroupName);
        const members = tx.listByIndex<UserDoc>(KIND.user, INDEX.group, { key: group.id });
        const p = page(members, (r) => r.id, input);
        return { Group: groupView(group.doc), Users: p.items.map((r) => userView(r.doc, false)), ...pageFields(p) };
      });
    },

    UpdateGroup(input, ctx) {
      check(
        input.NewGroupName !== undefined ? nameProblem('group', 'newGroupName', input.NewGroupName) : undefined,
        input.NewPath !== undefined ? pathProblem('newPath', input.NewPath) : undefined,
      );
      return store.transact((tx) => {
        const group = getEntity(tx, 'group', ctx.accountId, input.GroupName);
        renameGroup(tx, ctx, group.id, group.doc, input.NewGroupName ?? group.doc.GroupName, input.NewPath ?? group.doc.Path);
        return {};
      });
    },

    DeleteGroup(input, ctx) {
      return store.transact((tx) => {
        const group = getEntity(tx, 'group', ctx.accountId, input.GroupName);
        const conflict = deleteConflict(tx, group.id, group.doc);
        if (conflict) throw iamErrors.deleteConflict(conflict);
        tx.delete(KIND.group, group.id);
        return {};
      });
    },

    ListGroups(input, ctx) {
      if (input.PathPrefix !== undefined) check(pathPrefixProblem('pathPrefix', input.PathPrefix));
      return store.transact((tx) => {
        const p = pageRecords<GroupDoc>(tx, KIND.group, accountPrefix(ctx.accountId), (d) => underPath(d.Path, input.PathPrefix), input);
        return { Groups: p.items.map((r) => groupView(r.doc)), ...pageFields(p) };
      });
    },

    AddUserToGroup(input, ctx) {
      return store.transact((tx) => {
        const group = getEntity(tx, 'group', ctx.accountId, input.GroupName);
        const user = getEntity(tx, 'user', ctx.accountId, input.UserName);
        const key = memberKey(group.id);
        if (user.doc.groups.includes(key)) return {};
        if (user.doc.groups.length >= QUOTAS.groupsPerUser) throw iamErrors.quota('GroupsPerUser', QUOTAS.groupsPerUser);
        tx.put<UserDoc>(KIND.user, user.id, { ...user.doc, groups: [...user.doc.groups, key] }, user.version);
        return {};
      });
    },

    RemoveUserFromGroup(input, ctx) {
      return store.transact((tx) => {
        const group = getEntity(tx, 'group', ctx.accountId, input.GroupName);
        const user = getEntity(tx, 'user', ctx.accountId, input.UserName);
        const key = memberKey(group.id);
        if (!user.doc.groups.includes(key)) throw iamErrors.noSuchEntity('user', input.UserName);
        tx.put<UserDoc>(KIND.user, user.id, { ...user.doc, groups: user.doc.groups.filter((g) => g !== key) }, user.version);
        return {};
      });
    },

    ListGroupsForUser(input, ctx) {
      return store.transact((tx) => {
        const user = getEntity(tx, 'user', ctx.accountId, input.UserName);
        const groups = user.doc.groups.flatMap((g) => {
          const doc = tx.get<GroupDoc>(KIND.group, `${ctx.accountId}/${g}`)?.doc;
          return doc ? [doc] : [];
        });
        const p = page(sortedBy(groups, (g) => g.GroupName.toLowerCase()), (g) => g.GroupName.toLowerCase(), input);
        return { Groups: p.items.map(groupView), ...pageFields(p) };
      });
    },
  };
}
