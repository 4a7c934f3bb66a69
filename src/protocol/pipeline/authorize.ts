/**
 * Step 7, authorize: after the input is parsed and before the handler runs, every call
 * is mapped to its IAM action (src/iam/actions.ts) and the authorizer decides. The
 * decision is recorded in the request log at debug level; a denial is the protocol
 * family's AWS error naming the principal, action and resource.
 */
import { iamActionFor } from '../../iam/actions.js';
import { Authorizer } from '../../iam/authorizer.js';
import { Principal, rootPrincipal } from '../../iam/principal.js';
import { Logger } from '../../platform/log.js';
import { ServiceError } from '../errors.js';
import { Protocol } from '../protocol.js';
import { Env, Exchange } from './exchange.js';

export interface AuthorizeInput {
  requestId: string;
  iamPrefix: string;
  operation: string;
  principal: Principal;
  region: string;
  family: Protocol['family'];
}

/** Throws the AWS access-denied error unless the call is allowed. */
export function authorizeCall(authorizer: Authorizer, log: Logger, call: AuthorizeInput): void {
  const action = iamActionFor(call.iamPrefix, call.operation);
  const resource = '*';
  // An operation missing from the table is denied: the coverage test keeps that from happening.
  const decision = action
    ? authorizer.authorize({ principal: call.principal, action, resources: [resource], region: call.region })
    : { allowed: false, reason: `no IAM action known for ${call.iamPrefix}:${call.operation}` };
  const name = action?.action ?? `${call.iamPrefix}:${call.operation}`;
  log.debug('authorization', { requestId: call.requestId, principal: call.principal.arn, action: name, allowed: decision.allowed, reason: decision.reason });
  if (decision.allowed) return;
  const message = `User: ${call.principal.arn} is not authorized to perform: ${name} on resource: ${resource} because no identity-based policy allows the ${name} action`;
  throw call.family === 'query' || call.family === 'rest-xml'
    ? new ServiceError('AccessDenied', message, 403)
    : new ServiceError('AccessDeniedException', message, call.family === 'json' ? 400 : 403);
}

export function authorize(x: Exchange, env: Env): void {
  const { ctx, service, protocol } = x;
  const principal = env.credentials.principalFor?.(ctx!.accessKeyId, ctx!.accountId) ?? rootPrincipal(ctx!.accessKeyId, ctx!.accountId);
  authorizeCall(env.authorizer, env.log, {
    requestId: x.requestId, iamPrefix: service!.iamPrefix ?? service!.name, operation: x.operation!, principal, region: ctx!.region, family: protocol!.family,
  });
}
