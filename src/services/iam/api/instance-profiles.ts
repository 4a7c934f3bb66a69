/**
 * Instance profiles: Create/Get/Delete/ListInstanceProfiles, Add/RemoveRoleFromInstanceProfile
 * (one role per profile), ListInstanceProfilesForRole.
 */
import { Operations } from '../../../protocol/generated/iam.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { check, iamErrors } from '../domain/errors.js';
import { uniqueId } from '../domain/ids.js';
import { QUOTAS } from '../domain/limits.js';
import { findEntity, getEntity } from '../domain/lookups.js';
import { entityArn, nameProblem, pathPrefixProblem, pathProblem, underPath } from '../domain/names.js';
import { accountPrefix, entityKey, INDEX, InstanceProfileDoc, KIND } from '../domain/records.js';
import { IamDeps, stamp } from './context.js';
import { page, pageFields, pageRecords } from './paging.js';
import { checkTags } from './tags.js';
import { instanceProfileView } from './views.js';

/** A role's key without the account: what a profile's `roles` holds. */
const roleRef = (roleKey: string) => roleKey.slice(roleKey.indexOf('/') + 1);

export function instanceProfileOps(deps: IamDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    CreateInstanceProfile(input, ctx) {
      const path = input.Path ?? '/';
      check(nameProblem('instance-profile', 'instanceProfileName', input.InstanceProfileName), pathProblem('path', path));
      const tags = checkTags(input.Tags);
      return store.transact((tx) => {
        if (findEntity(tx, 'instance-profile', ctx.accountId, input.InstanceProfileName)) throw iamErrors.alreadyExists('instance-profile', input.InstanceProfileName);
        if (tx.count(KIND.instanceProfile, { prefix: accountPrefix(ctx.accountId) }) >= QUOTAS.instanceProfiles) throw iamErrors.quota('InstanceProfilesPerAccount', QUOTAS.instanceProfiles);
        const doc: InstanceProfileDoc = {
          accountId: ctx.accountId, Path: path, InstanceProfileName: input.InstanceProfileName,
          InstanceProfileId: uniqueId('instanceProfile', deps.random),
          Arn: entityArn(ctx.region, ctx.accountId, 'instance-profile', path, input.InstanceProfileName), CreateDate: stamp(ctx), roles: [], tags,
        };
        tx.put(KIND.instanceProfile, entityKey(ctx.accountId, input.InstanceProfileName), doc, 0);
        return { InstanceProfile: instanceProfileView(tx, doc, true) };
      });
    },

    GetInstanceProfile(input, ctx) {
      return store.transact((tx) => ({ InstanceProfile: instanceProfileView(tx, getEntity(tx, 'instance-profile', ctx.accountId, input.InstanceProfileName).doc, true) }));
    },

    DeleteInstanceProfile(input, ctx) {
      return store.transact((tx) => {
        const rec = getEntity(tx, 'instance-profile', ctx.accountId, input.InstanceProfileName);
        if (rec.doc.roles.length > 0) throw iamErrors.deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        tx.delete(KIND.instanceProfile, rec.id);
        return {};
      });
    },

    ListInstanceProfiles(input, ctx) {
      if (input.PathPrefix !== undefined) check(pathPrefixProblem('pathPrefix', input.PathPrefix));
      return store.transact((tx) => {
        const p = pageRecords<InstanceProfileDoc>(tx, KIND.instanceProfile, accountPrefix(ctx.accountId), (d) => underPath(d.Path, input.PathPrefix), input);
        return { InstanceProfiles: p.items.map((r) => instanceProfileView(tx, r.doc, false)), ...pageFields(p) };
      });
    },

    AddRoleToInstanceProfile(input, ctx) {
      return store.transact((tx) => {
        const profile = getEntity(tx, 'instance-profile', ctx.accountId, input.InstanceProfileName);
        const role = getEntity(tx, 'role', ctx.accountId, input.RoleName);
        if (profile.doc.roles.length >= QUOTAS.rolesPerInstanceProfile) throw iamErrors.quota('InstanceSessionsPerInstanceProfile', QUOTAS.rolesPerInstanceProfile);
        tx.put<InstanceProfileDoc>(KIND.instanceProfile, profile.id, { ...profile.doc, roles: [...profile.doc.roles, roleRef(role.id)] }, profile.version);
        return {};
      });
    },

    RemoveRoleFromInstanceProfile(input, ctx) {
      return store.transact((tx) => {
        const profile = getEntity(tx, 'instance-profile', ctx.accountId, input.InstanceProfileName);
        const ref = roleRef(entityKey(ctx.accountId, input.RoleName));
        if (!profile.doc.roles.includes(ref)) throw iamErrors.noSuchEntity('role', input.RoleName);
        tx.put<InstanceProfileDoc>(KIND.instanceProfile, profile.id, { ...profile.doc, roles: profile.doc.roles.filter((r) => r !== ref) }, profile.version);
        return {};
      });
    },

    ListInstanceProfilesForRole(input, ctx) {
      return store.transact((tx) => {
        const role = getEntity(tx, 'role', ctx.accountId, input.RoleName);
        const profiles = tx.listByIndex<InstanceProfileDoc>(KIND.instanceProfile, INDEX.role, { key: role.id });
        const p = page(profiles, (r) => r.id, input);
        return { InstanceProfiles: p.items.map((r) => instanceProfileView(tx, r.doc, false)), ...pageFields(p) };
      });
    },
  };
}
