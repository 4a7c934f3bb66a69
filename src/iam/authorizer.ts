/**
 * The decision the authorize step asks for. Until IAM users, roles and policies exist,
 * the only principals are the account root, which no policy restricts; anything else is
 * denied, so a principal added later without policy evaluation cannot slip through.
 */
import { IamAction } from './actions.js';
import { Principal } from './principal.js';

export interface AuthorizationRequest {
  principal: Principal;
  action: IamAction;
  /** The resources the call touches; `*` until per-operation resource resolution exists. */
  resources: string[];
  region: string;
}

export interface Decision {
  allowed: boolean;
  /** Why, for the request log (e.g. "root principal", "no policy allows"). */
  reason: string;
}

export interface Authorizer {
  authorize(request: AuthorizationRequest): Decision;
}

export const rootOnlyAuthorizer: Authorizer = {
  authorize: ({ principal }) => (principal.root ? { allowed: true, reason: 'root principal' } : { allowed: false, reason: 'no policy evaluation yet: only the root principal is allowed' }),
};
