/**
 * Managed policy versions: Create (at most 5), Get, List (newest first), Delete (not the
 * default), SetDefaultPolicyVersion. AWS managed policies have their default version only.
 */
import { Operations, PolicyVersion } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { checkManagedDocument } from '../domain/documents.js';
import { iamErrors } from '../domain/errors.js';
import { QUOTAS } from '../domain/limits.js';
import { ManagedPolicy } from '../domain/lookups.js';
import { KIND, ManagedPolicyDoc, PolicyVersionDoc } from '../domain/records.js';
import { IamDeps, stamp } from './context.js';
import { page, pageFields, sortedBy } from './paging.js';
import { getLocalPolicy, getManagedPolicy } from './policies.js';
import { encodeDocument } from './views.js';

const TOO_MANY_VERSIONS = 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.';

/** A policy's versions as stored (AWS managed: the default one, dated by its last update). */
function versionsOf(policy: ManagedPolicy): { versions: PolicyVersionDoc[]; defaultId: string } {
  if (policy.source === 'aws') {
    const p = policy.policy;
    return { versions: [{ VersionId: p.DefaultVersionId, document: p.document, CreateDate: p.UpdateDate }], defaultId: p.DefaultVersionId };
  }
  return { versions: policy.record.doc.versions, defaultId: policy.record.doc.DefaultVersionId };
}

function findVersion(policy: ManagedPolicy, arn: string, versionId: string): { version: PolicyVersionDoc; isDefault: boolean } {
  const { versions, defaultId } = versionsOf(policy);
  const version = versions.find((v) => v.VersionId === versionId);
  if (!version) throw iamErrors.noSuchPolicyVersion(arn, versionId);
  return { version, isDefault: versionId === defaultId };
}

const versionNumber = (id: string) => Number(/^v(\d+)/.exec(id)?.[1] ?? 0);
/** Newest first: the key of a higher version sorts lower. */
const newestFirst = (v: PolicyVersionDoc) => String(1e9 - versionNumber(v.VersionId)).padStart(10, '0');

function changeLocal(deps: IamDeps, ctx: RequestContext, arn: string, change: (doc: ManagedPolicyDoc) => ManagedPolicyDoc): void {
  deps.store.transact((tx) => {
    const rec = getLocalPolicy(tx, ctx, arn);
    tx.put(KIND.policy, rec.id, change(rec.doc), rec.version);
  });
}

export function policyVersionOps(deps: IamDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    CreatePolicyVersion(input, ctx) {
      checkManagedDocument(input.PolicyDocument);
      return store.transact((tx) => {
        const rec = getLocalPolicy(tx, ctx, input.PolicyArn);
        const doc = rec.doc;
        if (doc.versions.length >= QUOTAS.versionsPerPolicy) throw iamErrors.limitExceeded(TOO_MANY_VERSIONS);
        const now = stamp(ctx);
        const version: PolicyVersionDoc = { VersionId: `v${doc.nextVersion}`, document: input.PolicyDocument, CreateDate: now };
        const isDefault = input.SetAsDefault === true;
        tx.put<ManagedPolicyDoc>(KIND.policy, rec.id, {
          ...doc, versions: [...doc.versions, version], nextVersion: doc.nextVersion + 1, UpdateDate: now,
          DefaultVersionId: isDefault ? version.VersionId : doc.DefaultVersionId,
        }, rec.version);
        return { PolicyVersion: { VersionId: version.VersionId, IsDefaultVersion: isDefault, CreateDate: now } };
      });
    },

    GetPolicyVersion(input, ctx) {
      const policy = store.transact((tx) => getManagedPolicy(tx, ctx, input.PolicyArn));
      const { version, isDefault } = findVersion(policy, input.PolicyArn, input.VersionId);
      return { PolicyVersion: { Document: encodeDocument(version.document), VersionId: version.VersionId, IsDefaultVersion: isDefault, CreateDate: version.CreateDate } };
    },

    ListPolicyVersions(input, ctx) {
      const policy = store.transact((tx) => getManagedPolicy(tx, ctx, input.PolicyArn));
      const { versions, defaultId } = versionsOf(policy);
      const p = page(sortedBy(versions, newestFirst), newestFirst, input);
      const Versions: PolicyVersion[] = p.items.map((v) => ({ VersionId: v.VersionId, IsDefaultVersion: v.VersionId === defaultId, CreateDate: v.CreateDate }));
      return { Versions, ...pageFields(p) };
    },

    DeletePolicyVersion(input, ctx) {
      changeLocal(deps, ctx, input.PolicyArn, (doc) => {
        if (!doc.versions.some((v) => v.VersionId === input.VersionId)) throw iamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
        if (doc.DefaultVersionId === input.VersionId) throw iamErrors.deleteConflict('Cannot delete the default version of a policy.');
        return { ...doc, versions: doc.versions.filter((v) => v.VersionId !== input.VersionId) };
      });
      return {};
    },

    SetDefaultPolicyVersion(input, ctx) {
      changeLocal(deps, ctx, input.PolicyArn, (doc) => {
        if (!doc.versions.some((v) => v.VersionId === input.VersionId)) throw iamErrors.noSuchPolicyVersion(input.PolicyArn, input.VersionId);
        return { ...doc, DefaultVersionId: input.VersionId };
      });
      return {};
    },
  };
}
