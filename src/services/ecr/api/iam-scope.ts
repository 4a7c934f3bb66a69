/**
 * Which ECR repositories a call touches, for IAM: the repository named in the input, in
 * the registry (account) it names or the caller's own; and, when that repository exists
 * and has a policy, the repository policy, which the authorize step evaluates with the
 * caller's identity policies (its Deny refuses even the root; its Allow alone suffices in
 * the same account).
 */
import { callScope, CallPlace, CallScope, strings } from '../../../iam/call-scope.js';
import { EcrDeps } from '../domain/context.js';
import { privateRepoId } from '../domain/records.js';
import { repositoryArn } from './names.js';

const registryOf = (input: Record<string, unknown>, ctx: CallPlace) => (typeof input.registryId === 'string' ? input.registryId : ctx.accountId);

const scope = callScope('ecr', {
  builders: {
    repository: (input, ctx) => strings(input.repositoryName).map((name) => repositoryArn(ctx.region, registryOf(input, ctx), name)),
  },
});

export function ecrCallScope(deps: Pick<EcrDeps, 'store' | 'registry' | 'accessControl'>) {
  return (operation: string, input: unknown, ctx: CallPlace): CallScope | undefined => {
    const fields = (input ?? {}) as Record<string, unknown>;
    const base = scope(operation, fields, ctx);
    const name = fields.repositoryName;
    // Calls on no one repository (DescribeRepositories' list, GetAuthorizationToken) have no repository policy.
    if (!base || typeof name !== 'string') return base;
    const registryId = registryOf(fields, ctx);
    const doc = deps.registry.repository(deps.store, privateRepoId(ctx.region, registryId, name));
    const { policy } = deps.accessControl.target({ ns: 'private', region: ctx.region, arn: base.resources[0] }, doc);
    return policy ? { ...base, resourcePolicy: policy, resourceAccountId: registryId } : base;
  };
}
