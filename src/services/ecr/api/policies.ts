/** Repository policies (Set/Get/DeleteRepositoryPolicy) and lifecycle policy storage (Put/Get/DeleteLifecyclePolicy). */
import { clientError } from '../../../protocol/errors.js';
import { Operations } from '../../../protocol/generated/ecr.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { globalConditionKeys } from '../../../iam/global-keys.js';
import { parseRepositoryPolicy, validatePolicy } from '../domain/policy.js';
import { parseLifecyclePolicy } from '../domain/lifecycle/policy.js';
import { EcrDeps } from '../domain/context.js';
import { RepositoryDoc } from '../domain/records.js';
import { findRepository, repositoryArn } from './names.js';
import { update } from './repositories.js';

/**
 * The lock-out guard: whether, under the new policy, the caller (with its identity policies)
 * could no longer call SetRepositoryPolicy on the repository.
 */
function wouldLockOut(deps: EcrDeps, ctx: RequestContext, doc: RepositoryDoc, policyText: string): boolean {
  const arn = repositoryArn(doc.region, doc.registryId, doc.repositoryName);
  const caller = deps.accessControl.principalOf(ctx.accessKeyId);
  if (!caller) return true;
  const target = { address: { ns: doc.ns, region: doc.region, arn }, policy: parseRepositoryPolicy(policyText, arn) };
  return deps.accessControl.refusal(caller, ['SetRepositoryPolicy'], target, globalConditionKeys({ now: ctx.now, region: ctx.region })) !== undefined;
}

export function makePolicyOps(deps: EcrDeps): TypedHandlers<Operations> {
  const policyNotFound = (name: string, id: string) =>
    clientError('RepositoryPolicyNotFoundException', `Repository policy does not exist for the repository with name '${name}' in the registry with id '${id}'`);
  const lifecycleNotFound = (name: string, id: string) =>
    clientError('LifecyclePolicyNotFoundException', `Lifecycle policy does not exist for the repository with name '${name}' in the registry with id '${id}'`);

  return {
    SetRepositoryPolicy(input, ctx) {
      const problem = validatePolicy(input.policyText);
      if (problem) throw clientError('InvalidParameterException', problem);
      const { doc } = findRepository(deps, ctx, input);
      if (!input.force && wouldLockOut(deps, ctx, doc, input.policyText)) {
        throw clientError('InvalidParameterException', "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'The policy would prevent the caller from calling SetRepositoryPolicy in the future; use force to set it anyway'");
      }
      return update(deps, ctx, input, (doc) => ({ ...doc, policyText: input.policyText }), (doc) => ({ policyText: doc.policyText }));
    },

    GetRepositoryPolicy(input, ctx) {
      const { doc } = findRepository(deps, ctx, input);
      if (!doc.policyText) throw policyNotFound(doc.repositoryName, doc.registryId);
      return { registryId: doc.registryId, repositoryName: doc.repositoryName, policyText: doc.policyText };
    },

    DeleteRepositoryPolicy(input, ctx) {
      const { doc } = findRepository(deps, ctx, input);
      if (!doc.policyText) throw policyNotFound(doc.repositoryName, doc.registryId);
      return update(deps, ctx, input, (d) => ({ ...d, policyText: undefined }), () => ({ policyText: doc.policyText }));
    },

    PutLifecyclePolicy(input, ctx) {
      const parsed = parseLifecyclePolicy(input.lifecyclePolicyText);
      if (!parsed.ok) throw clientError('InvalidParameterException', parsed.message);
      const now = deps.clock.now().toISOString();
      return update(deps, ctx, input, (doc) => ({ ...doc, lifecyclePolicyText: input.lifecyclePolicyText, lifecyclePolicyUpdatedAt: now }), (doc) => ({
        lifecyclePolicyText: doc.lifecyclePolicyText,
      }));
    },

    GetLifecyclePolicy(input, ctx) {
      const { doc } = findRepository(deps, ctx, input);
      if (!doc.lifecyclePolicyText) throw lifecycleNotFound(doc.repositoryName, doc.registryId);
      return { registryId: doc.registryId, repositoryName: doc.repositoryName, lifecyclePolicyText: doc.lifecyclePolicyText, lastEvaluatedAt: new Date(doc.lifecycleEvaluatedAt ?? doc.lifecyclePolicyUpdatedAt!) };
    },

    DeleteLifecyclePolicy(input, ctx) {
      const { doc } = findRepository(deps, ctx, input);
      if (!doc.lifecyclePolicyText) throw lifecycleNotFound(doc.repositoryName, doc.registryId);
      return update(deps, ctx, input, (d) => ({ ...d, lifecyclePolicyText: undefined, lifecyclePolicyUpdatedAt: undefined }), () => ({
        lifecyclePolicyText: doc.lifecyclePolicyText, lastEvaluatedAt: new Date(doc.lifecyclePolicyUpdatedAt!),
      }));
    },
  };
}
