/**
 * Managed policies: Create/Get/Delete/ListPolicies. AWS managed policies are listed and read
 * like the account's own (Scope AWS / Local / All) but cannot be changed.
 */
import { ListPoliciesRequest, Operations, Policy } from '../../../protocol/generated/iam.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { ReadTx, StoredRecord } from '../../../state/store.js';
import { AWS_MANAGED } from '../domain/aws-managed.js';
import { checkManagedDocument } from '../domain/documents.js';
import { check, iamErrors } from '../domain/errors.js';
import { uniqueId } from '../domain/ids.js';
import { QUOTAS } from '../domain/limits.js';
import { attachmentCount, boundaryUsageCount, findManagedPolicy, ManagedPolicy } from '../domain/lookups.js';
import { nameProblem, parsePolicyArn, pathPrefixProblem, pathProblem, underPath } from '../domain/names.js';
import { partition } from '../../../platform/aws/scope.js';
import { accountPrefix, entityKey, KIND, ManagedPolicyDoc } from '../domain/records.js';
import { IamDeps, stamp } from './context.js';
import { page, pageFields, sortedBy } from './paging.js';
import { checkTags } from './tags.js';
import { localPolicyView, policyView } from './views.js';

/** The managed policy an ARN names, or NoSuchEntity (InvalidInput for what is no policy ARN). */
export function getManagedPolicy(tx: ReadTx, ctx: RequestContext, arn: string): ManagedPolicy {
  if (!parsePolicyArn(arn)) throw iamErrors.invalidArn(arn);
  const policy = findManagedPolicy(tx, ctx.accountId, arn);
  if (!policy) throw iamErrors.noSuchPolicy(arn);
  return policy;
}

/** A customer managed policy: AWS managed ones are not the account's to change. */
export function getLocalPolicy(tx: ReadTx, ctx: RequestContext, arn: string): StoredRecord<ManagedPolicyDoc> {
  const policy = getManagedPolicy(tx, ctx, arn);
  if (policy.source === 'aws') throw iamErrors.noSuchPolicy(arn);
  return policy.record;
}

const DELETE_VERSIONS_FIRST = "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.";

/** Whether a listed policy passes OnlyAttached and PolicyUsageFilter. */
function usageFilter(tx: ReadTx, accountId: string, input: ListPoliciesRequest): (arn: string) => boolean {
  const attached = (arn: string) => attachmentCount(tx, accountId, arn) > 0;
  const bounding = (arn: string) => boundaryUsageCount(tx, accountId, arn) > 0;
  if (input.PolicyUsageFilter === 'PermissionsBoundary') return bounding;
  if (!input.OnlyAttached) return () => true;
  return input.PolicyUsageFilter === 'PermissionsPolicy' ? attached : (arn) => attached(arn) || bounding(arn);
}

function listPolicies(tx: ReadTx, ctx: RequestContext, input: ListPoliciesRequest): Policy[] {
  const scope = input.Scope ?? 'All';
  const keep = usageFilter(tx, ctx.accountId, input);
  const local = scope === 'AWS' ? [] : tx.list<ManagedPolicyDoc>(KIND.policy, { prefix: accountPrefix(ctx.accountId) }).map((r) => localPolicyView(tx, r.doc, false));
  const aws = scope === 'Local' ? [] : AWS_MANAGED.map((policy) => policyView(tx, ctx.accountId, { source: 'aws', policy }, false));
  return [...local, ...aws].filter((p) => underPath(p.Path!, input.PathPrefix) && keep(p.Arn!));
}

/** IAM lists policies by name, case-sensitively. */
const policyKey = (p: Policy) => `${p.PolicyName}\u0000${p.Arn}`;

export function policyOps(deps: IamDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    CreatePolicy(input, ctx) {
      const path = input.Path ?? '/';
      check(nameProblem('policy', 'policyName', input.PolicyName), pathProblem('path', path, true));
      checkManagedDocument(input.PolicyDocument);
      const tags = checkTags(input.Tags);
      return store.transact((tx) => {
        const key = entityKey(ctx.accountId, input.PolicyName);
        if (tx.get(KIND.policy, key)) throw iamErrors.policyExists(input.PolicyName);
        if (tx.count(KIND.policy, { prefix: accountPrefix(ctx.accountId) }) >= QUOTAS.policies) throw iamErrors.quota('PoliciesPerAccount', QUOTAS.policies);
        const now = stamp(ctx);
        const doc: ManagedPolicyDoc = {
          accountId: ctx.accountId, PolicyName: input.PolicyName, PolicyId: uniqueId('policy', deps.random),
          Arn: `arn:${partition(ctx.region)}:iam::${ctx.accountId}:policy${path}${input.PolicyName}`, Path: path,
          ...(input.Description !== undefined ? { Description: input.Description } : {}),
          CreateDate: now, UpdateDate: now, DefaultVersionId: 'v1',
          versions: [{ VersionId: 'v1', document: input.PolicyDocument, CreateDate: now }], nextVersion: 2, tags,
        };
        tx.put(KIND.policy, key, doc, 0);
        return { Policy: localPolicyView(tx, doc, true) };
      });
    },

    GetPolicy(input, ctx) {
      return store.transact((tx) => ({ Policy: policyView(tx, ctx.accountId, getManagedPolicy(tx, ctx, input.PolicyArn), true) }));
    },

    DeletePolicy(input, ctx) {
      return store.transact((tx) => {
        const rec = getLocalPolicy(tx, ctx, input.PolicyArn);
        if (attachmentCount(tx, ctx.accountId, rec.doc.Arn) > 0 || boundaryUsageCount(tx, ctx.accountId, rec.doc.Arn) > 0) {
          throw iamErrors.deleteConflict('Cannot delete a policy attached to entities.');
        }
        if (rec.doc.versions.length > 1) throw iamErrors.deleteConflict(DELETE_VERSIONS_FIRST);
        tx.delete(KIND.policy, rec.id);
        return {};
      });
    },

    ListPolicies(input, ctx) {
      if (input.PathPrefix !== undefined) check(pathPrefixProblem('pathPrefix', input.PathPrefix));
      return store.transact((tx) => {
        const p = page(sortedBy(listPolicies(tx, ctx, input), policyKey), policyKey, input);
        return { Policies: p.items, ...pageFields(p) };
      });
    },
  };
}
