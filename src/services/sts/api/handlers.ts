/**
 * The STS API. GetCallerIdentity answers for whoever signed the request; the operations
 * that mint credentials (AssumeRole, GetSessionToken, …) need IAM and answer 501 until it
 * exists.
 */
import { Principal } from '../../../iam/principal.js';
import { Operations } from '../../../protocol/generated/sts.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';

export interface StsDeps {
  /** Who a verified access key belongs to. */
  principalOf(ctx: RequestContext): Principal;
}

export function stsHandlers(deps: StsDeps): TypedHandlers<Operations> {
  return {
    GetCallerIdentity(_input, ctx) {
      const principal = deps.principalOf(ctx);
      // For the account root AWS reports the account id as the user id.
      return { UserId: principal.root ? principal.accountId : principal.accessKeyId, Account: principal.accountId, Arn: principal.arn };
    },
  };
}
