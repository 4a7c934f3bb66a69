/**
 * evaluate(): the decision for one request, as AWS's policy evaluation logic documents it
 * (service and resource control policies aside):
 *
 * 1. An applicable Deny statement in any policy → ExplicitDeny.
 * 2. The account root, in its own account → Allow (no identity policy applies to it).
 * 3. Same account: Allow when a resource policy names the caller itself (the user, the
 *    role session, or `*`), or names the caller's role and the boundary and session
 *    policies allow too, or an identity policy allows and the boundary and session policies
 *    allow too. A role's trust policy must allow in every case.
 * 4. Another account's resource: both sides must allow, the caller's (identity ∩ boundary
 *    ∩ session) and the resource policy's (naming the caller, its role or its account).
 * 5. Otherwise → ImplicitDeny.
 *
 * Pure: no clock, no I/O; time comes in as aws:CurrentTime.
 */
import { ArnSubject, matchArn } from './arn-pattern.js';
import { conditionsHold, ConditionContext } from './conditions.js';
import { Policy, Statement } from './model.js';
import { matchTemplate, Subject } from './pattern.js';
import { CallerChain, excludesCaller, Grant, grantFor } from './principals.js';
import { callerChain, EvaluationRequest, requestContext } from './request.js';

/** The kinds of policy AWS's access-denied messages name. */
export type PolicyType = 'identity-based policy' | 'resource-based policy' | 'permissions boundary' | 'session policy';

export interface Decision {
  effect: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** Which policy and statement decided, or what was missing; for logs, never secrets. */
  reason: string;
  /** A denial's culprit: the policy that denied, or the kind of policy that lacked an allow. */
  policyType?: PolicyType;
}

const TYPE_OF_LABEL: Record<string, PolicyType> = {
  'identity policy': 'identity-based policy',
  'resource policy': 'resource-based policy',
  'trust policy': 'resource-based policy',
  'permissions boundary': 'permissions boundary',
  'session policy': 'session policy',
};

/** What every statement is checked against, computed once per request. */
interface Probe {
  action: Subject;
  resource: ArnSubject;
  context: ConditionContext;
  caller: CallerChain;
  hasBoundary: boolean;
}

interface Hit {
  label: string;
  policy: Policy;
  statement: Statement;
  /** For resource policies: how the statement names the caller. */
  grant?: Grant;
}

const GRANT_ORDER: Record<Grant, number> = { direct: 3, role: 2, account: 1 };

export function evaluate(req: EvaluationRequest): Decision {
  const probe: Probe = {
    action: new Subject(req.action.toLowerCase()),
    resource: new ArnSubject(req.resource),
    context: requestContext(req.principal, req.context),
    caller: callerChain(req.principal),
    hasBoundary: req.permissionsBoundary !== undefined,
  };
  const root = req.principal.type === 'root';
  // The root user has no identity policies, boundary or session policies.
  const identity = root ? [] : (req.identityPolicies ?? []).map((p) => scan(p, 'identity policy', probe));
  const boundary = root || !req.permissionsBoundary ? undefined : scan(req.permissionsBoundary, 'permissions boundary', probe);
  const sessions = root ? [] : (req.sessionPolicies ?? []).map((p) => scan(p, 'session policy', probe));
  const resource = req.resourcePolicy ? scan(req.resourcePolicy, req.resourcePolicy.kind === 'trust' ? 'trust policy' : 'resource policy', probe) : undefined;

  const deny = [...identity, resource, boundary, ...sessions].find((s) => s?.deny)?.deny;
  if (deny) return { effect: 'ExplicitDeny', reason: `denied by ${describe(deny)}`, policyType: TYPE_OF_LABEL[deny.label] };

  const sameAccount = (req.resourceAccountId ?? req.principal.accountId) === req.principal.accountId;
  const granted = resource?.allow;
  if (root) {
    if (sameAccount) return { effect: 'Allow', reason: 'account root user' };
    return granted ? allow(granted) : implicit(`no resource policy allows the root user of account ${req.principal.accountId}`, 'resource-based policy');
  }

  const identityAllow = identity.find((s) => s.allow)?.allow;
  const limit = limitingPolicy(boundary, sessions);
  if (!sameAccount) {
    if (!granted) return implicit(`cross-account: no resource policy statement allows the caller`, 'resource-based policy');
    if (!identityAllow) return implicit(`cross-account: no identity policy allows ${req.action}`, 'identity-based policy');
    return limit ? implicit(`cross-account: ${limit.reason}`, limit.type) : allow(identityAllow, granted);
  }
  if (granted?.grant === 'direct') return allow(granted);
  if (granted?.grant === 'role' && !limit) return allow(granted);
  if (req.resourcePolicy?.kind === 'trust' && !granted) return implicit('the role trust policy does not allow the caller', 'resource-based policy');
  if (!identityAllow) return implicit(`no identity or resource policy allows ${req.action} on ${req.resource}`, 'identity-based policy');
  return limit ? implicit(limit.reason, limit.type) : allow(identityAllow);
}

/** Why the boundary or session policies cut the caller's permissions, if they do. */
function limitingPolicy(boundary: Scan | undefined, sessions: Scan[]): { reason: string; type: PolicyType } | undefined {
  if (boundary && !boundary.allow) return { reason: 'the permissions boundary does not allow it', type: 'permissions boundary' };
  if (sessions.length > 0 && !sessions.some((s) => s.allow)) return { reason: 'the session policies do not allow it', type: 'session policy' };
  return undefined;
}

function allow(...hits: Hit[]): Decision {
  return { effect: 'Allow', reason: `allowed by ${hits.map(describe).join(' and ')}` };
}

function implicit(reason: string, policyType: PolicyType): Decision {
  return { effect: 'ImplicitDeny', reason, policyType };
}

function describe(hit: Hit): string {
  const policy = hit.policy.name !== undefined ? ` ${JSON.stringify(hit.policy.name)}` : '';
  const statement = hit.statement.sid ? JSON.stringify(hit.statement.sid) : `#${hit.statement.index}`;
  return `${hit.label}${policy} statement ${statement}`;
}

interface Scan {
  deny?: Hit;
  /** The first applicable Allow; for a resource policy, the one naming the caller most strongly. */
  allow?: Hit;
}

function scan(policy: Policy, label: string, probe: Probe): Scan {
  const result: Scan = {};
  for (const statement of policy.statements) {
    const grant = applies(statement, probe);
    if (grant === undefined) continue;
    const hit: Hit = { label, policy, statement, ...(statement.principals ? { grant } : {}) };
    if (statement.effect === 'Deny') return { deny: hit };
    if (!result.allow || GRANT_ORDER[grant] > GRANT_ORDER[result.allow.grant ?? 'direct']) result.allow = hit;
  }
  return result;
}

/** Undefined when the statement does not apply; otherwise how it names the caller. */
function applies(s: Statement, probe: Probe): Grant | undefined {
  if (!actionMatches(s, probe)) return undefined;
  if (!resourceMatches(s, probe)) return undefined;
  const grant = principalGrant(s, probe);
  if (grant === undefined) return undefined;
  return conditionsHold(s.conditions, probe.context) ? grant : undefined;
}

function actionMatches(s: Statement, probe: Probe): boolean {
  const any = s.actions.patterns.some((p) => matchTemplate(p, probe.action, probe.context.lookup, true));
  return any !== s.actions.not;
}

function resourceMatches(s: Statement, probe: Probe): boolean {
  if (!s.resources) return true;
  const any = s.resources.patterns.some((p) => matchArn(p, probe.resource, probe.context.lookup));
  return any !== s.resources.not;
}

/**
 * Identity-side statements name no principal: they apply to their holder ('direct').
 * AWS documents that a Deny with NotPrincipal applies to every caller that has a
 * permissions boundary, whatever NotPrincipal lists.
 */
function principalGrant(s: Statement, probe: Probe): Grant | undefined {
  if (!s.principals) return 'direct';
  const { set, not } = s.principals;
  if (!not) return grantFor(set, probe.caller);
  if (s.effect === 'Deny' && probe.hasBoundary) return 'direct';
  return excludesCaller(set, probe.caller) ? undefined : 'direct';
}
