/**
 * The decision the authorize step asks for. The account root is allowed everything, as an
 * AWS account root; any other principal is decided by IAM policy evaluation (./policy)
 * over the policies a `PolicySource` (the IAM service) says apply to it.
 */
import { IamAction } from './actions.js';
import { Policy } from './policy/model.js';
import { ContextValue } from './policy/request.js';
import { evaluate, PolicyType } from './policy/evaluate.js';
import { Principal } from './principal.js';

export interface AuthorizationRequest {
  principal: Principal;
  action: IamAction;
  /** The resources the call touches (ARNs), or `*` for actions without resource types. */
  resources: string[];
  region: string;
  /** Global and service condition keys (aws:SourceIp, aws:CurrentTime, ecs:cluster…). */
  context?: Readonly<Record<string, ContextValue>>;
  /** The resource's own policy (one resource per call when present), and its account. */
  resourcePolicy?: Policy;
  resourceAccountId?: string;
}

export interface Decision {
  allowed: boolean;
  /** Why, for the request log (e.g. "root principal", "no policy allows"). */
  reason: string;
  /** For a denial: the resource refused and the kind of policy AWS's message names. */
  denied?: { resource: string; policyType: PolicyType; explicit: boolean };
}

export interface Authorizer {
  authorize(request: AuthorizationRequest): Decision;
}

/** The policies that apply to a principal other than the account root, already parsed. */
export interface PolicySource {
  policiesOf(principal: Principal): { identity: readonly Policy[]; boundary?: Policy; session: readonly Policy[] };
  /** Changes whenever any policy may have: cached policies are reused only while it stays the same. */
  revision(): number;
}

/** AWS's AccessDenied message for a refused decision: who, what, on which resource, and why. */
export function denialMessage(principalArn: string, action: string, decision: Decision): string {
  const { resource = '*', policyType = 'identity-based policy', explicit = false } = decision.denied ?? {};
  const article = /^[aeiou]/.test(policyType) ? 'an' : 'a';
  const why = explicit ? `with an explicit deny in ${article} ${policyType}` : `because no ${policyType} allows the ${action} action`;
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
}

/**
 * Until an IAM service is loaded: the root is allowed (and its resource policies' denies
 * still apply), anyone else denied.
 */
export const rootOnlyAuthorizer: Authorizer = {
  authorize: ({ principal, resources }) =>
    principal.root
      ? { allowed: true, reason: 'root principal' }
      : { allowed: false, reason: 'no IAM service: only the root principal is allowed', denied: { resource: resources[0] ?? '*', policyType: 'identity-based policy', explicit: false } },
};

/**
 * How long a principal's policies are reused between requests, at most: any IAM change
 * (the source's revision) ends the reuse at once.
 */
export const POLICY_CACHE_MS = 1000;
const POLICY_CACHE_SIZE = 1000;

/** Every resource must be allowed; the first refused one is named, as AWS names one. */
export function policyAuthorizer(source: PolicySource, now: () => number = Date.now): Authorizer {
  const cache = new Map<string, { at: number; revision: number; policies: ReturnType<PolicySource['policiesOf']> }>();
  const policiesOf = (principal: Principal) => {
    const key = `${principal.accessKeyId}\n${principal.arn}\n${principal.userId}`;
    const hit = cache.get(key);
    const revision = source.revision();
    if (hit && hit.revision === revision && now() - hit.at < POLICY_CACHE_MS) return hit.policies;
    const policies = source.policiesOf(principal);
    if (cache.size >= POLICY_CACHE_SIZE) cache.clear();
    cache.set(key, { at: now(), revision, policies });
    return policies;
  };
  return {
    authorize({ principal, action, resources, context, resourcePolicy, resourceAccountId }) {
      if (principal.root && !resourcePolicy) return { allowed: true, reason: 'root principal' };
      const { identity, boundary, session } = principal.root ? { identity: [], session: [] } : policiesOf(principal);
      const reasons: string[] = [];
      for (const resource of resources.length > 0 ? resources : ['*']) {
        const d = evaluate({ principal, action: action.action, resource, context, identityPolicies: identity, permissionsBoundary: boundary, sessionPolicies: session, resourcePolicy, resourceAccountId });
        if (d.effect !== 'Allow') {
          return { allowed: false, reason: d.reason, denied: { resource, policyType: d.policyType ?? 'identity-based policy', explicit: d.effect === 'ExplicitDeny' } };
        }
        reasons.push(d.reason);
      }
      return { allowed: true, reason: [...new Set(reasons)].join('; ') };
    },
  };
}

/**
 * Logs what enforcement would deny and allows it: for teams adopting policies gradually
 * (`--iam-enforcement log`). The log line is written by the authorize step.
 */
export function auditOnly(inner: Authorizer): Authorizer {
  return {
    authorize(request) {
      const d = inner.authorize(request);
      return d.allowed ? d : { allowed: true, reason: `would deny (audit mode): ${d.reason}`, denied: d.denied };
    },
  };
}
