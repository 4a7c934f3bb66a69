/**
 * Which ECR repositories a call touches, for IAM: the repository named in the input, in
 * the registry (account) it names or the caller's own.
 */
import { callScope, strings } from '../../../iam/call-scope.js';
import { repositoryArn } from './names.js';

export const ecrCallScope = callScope('ecr', {
  builders: {
    repository: (input, ctx) => strings(input.repositoryName).map((name) => repositoryArn(ctx.region, typeof input.registryId === 'string' ? input.registryId : ctx.accountId, name)),
  },
});
