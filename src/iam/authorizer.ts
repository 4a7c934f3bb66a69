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

type Policies = ReturnType<PolicySource['policiesOf']>;

/** A principal's policies, the context keys they read, and the decisions made with them. */
interface PrincipalEntry {
  at: number;
  revision: number;
  policies: Policies;
  keys: readonly string[];
  decisions: Map<string, Decision>;
}

const DECISIONS_PER_PRINCIPAL = 1000;
const policyIds = new WeakMap<Policy, number>();
let nextPolicyId = 1;

function policyId(policy: Policy | undefined): number {
  if (!policy) return 0;
  let id = policyIds.get(policy);
  if (id === undefined) policyIds.set(policy, (id = nextPolicyId++));
  return id;
}

function keysOf(policies: Policies): string[] {
  const keys = new Set<string>();
  for (const p of [...policies.identity, ...policies.session, ...(policies.boundary ? [policies.boundary] : [])]) for (const k of p.contextKeys) keys.add(k);
  return [...keys];
}

/**
 * What a decision depends on: the action, resources and resource policy, and the values of
 * the context keys the policies read (so a policy that never reads aws:CurrentTime is not
 * decided anew every second).
 */
function decisionKey(request: AuthorizationRequest, keys: readonly string[]): string {
  const resourceKeys = request.resourcePolicy?.contextKeys ?? [];
  let key = `${request.action.action}\n${request.resources.join('\n')}\n${policyId(request.resourcePolicy)}\n${request.resourceAccountId ?? ''}`;
  if (keys.length === 0 && resourceKeys.length === 0) return key;
  const lower = new Map<string, unknown>();
  for (const [k, v] of Object.entries(request.context ?? {})) lower.set(k.toLowerCase(), v);
  for (const k of keys) key += `\n${JSON.stringify(lower.get(k) ?? null)}`;
  for (const k of resourceKeys) key += `\n${JSON.stringify(lower.get(k) ?? null)}`;
  return key;
}

/** Every resource must be allowed; the first refused one is named, as AWS names one. */
export function policyAuthorizer(source: PolicySource, now: () => number = Date.now): Authorizer {
  const cache = new Map<string, PrincipalEntry>();
  const entryOf = (principal: Principal): PrincipalEntry => {
    const key = `${principal.accessKeyId}\n${principal.arn}\n${principal.userId}`;
    const hit = cache.get(key);
    const revision = source.revision();
    if (hit && hit.revision === revision && now() - hit.at < POLICY_CACHE_MS) return hit;
    const policies = source.policiesOf(principal);
    if (cache.size >= POLICY_CACHE_SIZE) cache.clear();
    const entry = { at: now(), revision, policies, keys: keysOf(policies), decisions: new Map<string, Decision>() };
    cache.set(key, entry);
    return entry;
  };
  const decide = (request: AuthorizationRequest, policies: Policies): Decision => {
    const { principal, action, resources, context, resourcePolicy, resourceAccountId } = request;
    const { identity, boundary, session } = policies;
    const reasons: string[] = [];
    for (const resource of resources.length > 0 ? resources : ['*']) {
      const d = evaluate({ principal, action: action.action, resource, context, identityPolicies: identity, permissionsBoundary: boundary, sessionPolicies: session, resourcePolicy, resourceAccountId });
      if (d.effect !== 'Allow') {
        return { allowed: false, reason: d.reason, denied: { resource, policyType: d.policyType ?? 'identity-based policy', explicit: d.effect === 'ExplicitDeny' } };
      }
      reasons.push(d.reason);
    }
    return { allowed: true, reason: [...new Set(reasons)].join('; ') };
  };
  return {
    authorize(request) {
      if (request.principal.root) {
        return request.resourcePolicy ? decide(request, { identity: [], session: [] }) : { allowed: true, reason: 'root principal' };
      }
      const entry = entryOf(request.principal);
      const key = decisionKey(request, entry.keys);
      const known = entry.decisions.get(key);
      if (known) return known;
      const decision = decide(request, entry.policies);
      if (entry.decisions.size >= DECISIONS_PER_PRINCIPAL) entry.decisions.clear();
      entry.decisions.set(key, decision);
      return decision;
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
