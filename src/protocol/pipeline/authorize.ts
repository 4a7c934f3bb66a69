/**
 * Step 7, authorize: after the input is parsed and before the handler runs, every call
 * is mapped to its IAM action (src/iam/actions.ts), the resources it touches (the
 * service's `resourcesOf`, else `*`) and the request's global condition keys, and the
 * authorizer decides. The decision is recorded in the request log at debug level; a
 * denial is the protocol family's AWS error naming the principal, action and resource.
 */
import { iamActionFor, needsNoPermission } from '../../iam/actions.js';
import { Authorizer, Decision, denialMessage } from '../../iam/authorizer.js';
import { Policy } from '../../iam/policy/model.js';
import { ContextValue } from '../../iam/policy/request.js';
import { globalConditionKeys } from '../../iam/global-keys.js';
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
  resources?: string[];
  context?: Readonly<Record<string, ContextValue>>;
  resourcePolicy?: Policy;
  resourceAccountId?: string;
}

/**
 * Credentials from GetSessionToken (a user's or the root's session, not a role's) cannot
 * call IAM without MFA, which Berth does not have: IAM answers as for an unknown token.
 */
function checkSessionTokenLimits(call: AuthorizeInput): void {
  const fromGetSessionToken = call.principal.accessKeyId.startsWith('ASIA') && call.principal.type !== 'assumed-role';
  if (fromGetSessionToken && call.iamPrefix === 'iam') throw new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid', 403);
}

/** Throws the AWS access-denied error unless the call is allowed. */
export function authorizeCall(authorizer: Authorizer, log: Logger, call: AuthorizeInput): void {
  checkSessionTokenLimits(call);
  const action = iamActionFor(call.iamPrefix, call.operation);
  const resources = call.resources?.length ? call.resources : ['*'];
  const name = action?.action ?? `${call.iamPrefix}:${call.operation}`;
  // An operation missing from the table is denied: the coverage test keeps that from happening.
  const decision: Decision = action && needsNoPermission(action)
    ? { allowed: true, reason: `${action.action} needs no permission` }
    : action
    ? authorizer.authorize({ principal: call.principal, action, resources, region: call.region, context: call.context, resourcePolicy: call.resourcePolicy, resourceAccountId: call.resourceAccountId })
    : { allowed: false, reason: `no IAM action known for ${name}`, denied: { resource: resources[0], policyType: 'identity-based policy', explicit: false } };
  log.debug('authorization', { requestId: call.requestId, principal: call.principal.arn, action: name, allowed: decision.allowed, reason: decision.reason });
  if (decision.denied && decision.allowed) log.warn('authorization would deny', { requestId: call.requestId, principal: call.principal.arn, action: name, resource: decision.denied.resource });
  if (decision.allowed) return;
  throw accessDenied(call, name, decision);
}

function accessDenied(call: AuthorizeInput, action: string, decision: Decision): ServiceError {
  const message = denialMessage(call.principal.arn, action, decision);
  return call.family === 'query' || call.family === 'rest-xml'
    ? new ServiceError('AccessDenied', message, 403)
    : new ServiceError('AccessDeniedException', message, call.family === 'json' ? 400 : 403);
}

/** The global condition keys every request carries. */
function globalContext(x: Exchange, now: Date): Record<string, ContextValue> {
  const socket = x.incoming.socket;
  return globalConditionKeys({ now, region: x.ctx!.region, sourceIp: socket?.remoteAddress, secureTransport: 'encrypted' in (socket ?? {}) });
}

export function authorize(x: Exchange, env: Env): void {
  const { ctx, service, protocol } = x;
  const principal = env.credentials.principalFor?.(ctx!.accessKeyId, ctx!.accountId) ?? rootPrincipal(ctx!.accessKeyId, ctx!.accountId);
  const scoped = service!.authorization?.(x.operation!, x.input, ctx!);
  // Only a resource policy's deny can refuse the root: skip building what only policies read.
  const evaluated = !principal.root || scoped?.resourcePolicy !== undefined;
  authorizeCall(env.authorizer, env.log, {
    requestId: x.requestId, iamPrefix: service!.iamPrefix ?? service!.name, operation: x.operation!, principal, region: ctx!.region, family: protocol!.family,
    resources: scoped?.resources, context: evaluated ? { ...globalContext(x, ctx!.now), ...scoped?.context } : undefined,
    resourcePolicy: scoped?.resourcePolicy, resourceAccountId: scoped?.resourceAccountId,
  });
  if (!principal.root) env.credentials.noteUsed?.(ctx!.accessKeyId, service!.name, ctx!.region);
}
