/**
 * Shared by the policy tests: callers, policy builders and the evaluation case shape. A
 * case holds its policies as plain JSON documents, so the same table can be run against
 * any evaluator that reads AWS policy JSON.
 */
import { Decision } from './evaluate.js';
import { Policy, PolicyKind } from './model.js';
import { parsePolicy } from './parse.js';
import { ContextValue, EvaluationRequest, RequestPrincipal } from './request.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const CLUSTER = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`;

export const ALICE: RequestPrincipal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  type: 'user',
  userId: 'AIDAALICEEXAMPLE',
  username: 'alice',
  tags: { team: 'web' },
};

export const SESSION: RequestPrincipal = {
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`,
  accountId: ACCOUNT,
  type: 'assumed-role',
  userId: 'AROADEPLOYEREXAMPLE:ci',
  tags: { team: 'web' },
};
export const DEPLOYER_ROLE = `arn:aws:iam::${ACCOUNT}:role/deployer`;

export const ROOT: RequestPrincipal = { arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, type: 'root', userId: ACCOUNT };

export const BOB: RequestPrincipal = {
  arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`,
  accountId: OTHER_ACCOUNT,
  type: 'user',
  userId: 'AIDABOBEXAMPLE',
  username: 'bob',
};

/** ECS assuming a task's role for the account. */
export const ECS_TASKS: RequestPrincipal = { arn: 'ecs-tasks.amazonaws.com', accountId: ACCOUNT, type: 'service', userId: 'ecs-tasks.amazonaws.com', service: 'ecs-tasks.amazonaws.com' };
export const OTHER_ROOT: RequestPrincipal = { arn: `arn:aws:iam::${OTHER_ACCOUNT}:root`, accountId: OTHER_ACCOUNT, type: 'root', userId: OTHER_ACCOUNT };

export type Json = Record<string, unknown>;
export interface Doc {
  Version?: string;
  Statement: Json | Json[];
}

export const doc = (...statements: Json[]): Doc => ({ Version: '2012-10-17', Statement: statements });
export const allow = (action: string | string[], resource: string | string[] = '*', extra: Json = {}): Json => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
export const deny = (action: string | string[], resource: string | string[] = '*', extra: Json = {}): Json => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });
/** A resource-policy statement: the resource is the one the policy is attached to. */
export const grant = (effect: 'Allow' | 'Deny', principal: unknown, action: string | string[] = 'ecs:*', extra: Json = {}): Json => ({ Effect: effect, Principal: principal, Action: action, ...extra });

export interface EvaluationCase {
  name: string;
  principal?: RequestPrincipal;
  action?: string;
  resource?: string;
  resourceAccountId?: string;
  context?: Record<string, ContextValue>;
  identity?: Doc | Doc[];
  /** A resource policy, or a role's trust policy with `trust`. */
  resourcePolicy?: Doc;
  trust?: boolean;
  boundary?: Doc;
  session?: Doc | Doc[];
  expect: Decision['effect'];
}

const many = (d: Doc | Doc[] | undefined): Doc[] => (d === undefined ? [] : Array.isArray(d) ? d : [d]);
const parse = (d: Doc, kind: PolicyKind, name: string): Policy => parsePolicy(JSON.stringify(d), kind, { name });

export function caseRequest(c: EvaluationCase): EvaluationRequest {
  const req: EvaluationRequest = {
    principal: c.principal ?? ALICE,
    action: c.action ?? 'ecs:DescribeClusters',
    resource: c.resource ?? CLUSTER,
    context: c.context ?? {},
    identityPolicies: many(c.identity).map((d, i) => parse(d, 'identity', `identity-${i}`)),
    sessionPolicies: many(c.session).map((d, i) => parse(d, 'session', `session-${i}`)),
  };
  if (c.resourceAccountId !== undefined) req.resourceAccountId = c.resourceAccountId;
  if (c.resourcePolicy) req.resourcePolicy = parse(c.resourcePolicy, c.trust ? 'trust' : 'resource', 'resource');
  if (c.boundary) req.permissionsBoundary = parse(c.boundary, 'boundary', 'boundary');
  return req;
}
