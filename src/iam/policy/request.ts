/**
 * What evaluate() is asked: who calls, what action on what resource, with which request
 * context and which policies. Also the request context as conditions and variables read
 * it, built once per evaluation.
 */
import { ConditionContext } from './conditions.js';
import { Policy } from './model.js';
import { CallerChain } from './principals.js';

export interface RequestPrincipal {
  arn: string;
  accountId: string;
  /** `service`: an AWS service acting for the account (ecs-tasks.amazonaws.com assuming a task's role). */
  type: 'root' | 'user' | 'assumed-role' | 'service';
  /** aws:userid: the user's unique id, `<role-id>:<session-name>` for a role session, the account id for root. */
  userId: string;
  /** aws:username: IAM users only. */
  username?: string;
  /** aws:PrincipalTag/*: the user's or role's tags, with session tags applied. */
  tags?: Readonly<Record<string, string>>;
  /**
   * For a role session: the role's ARN with its path, which resource policies name and
   * aws:PrincipalArn reports. Derived from the session ARN when absent (path `/`).
   */
  roleArn?: string;
  /** Service principals only: the service's principal name, as trust policies' `Service` lists it. */
  service?: string;
}

/** Numbers and booleans are compared as the strings AWS puts in the request context. */
export type ContextValue = string | readonly string[] | number | boolean;

export interface EvaluationRequest {
  principal: RequestPrincipal;
  /** `service:Operation`, e.g. `ecs:DescribeClusters`. */
  action: string;
  /** The resource's ARN, or `*` for actions without resource types. */
  resource: string;
  /** The resource's account; the caller's own when absent. */
  resourceAccountId?: string;
  /**
   * Condition keys (aws:SourceIp, aws:CurrentTime, aws:RequestTag/…, ecs:cluster…). Keys
   * about the principal (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
   * aws:userid, aws:username, aws:PrincipalTag/…) come from `principal` and win over these.
   */
  context?: Readonly<Record<string, ContextValue>>;
  identityPolicies?: readonly Policy[];
  resourcePolicy?: Policy;
  permissionsBoundary?: Policy;
  sessionPolicies?: readonly Policy[];
}

const PRINCIPAL_TYPES = { root: 'Account', user: 'User', 'assumed-role': 'AssumedRole' } as const;
const PRINCIPAL_KEYS = new Set(['aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:userid', 'aws:username', 'aws:principalservicename', 'aws:principalisawsservice']);

/** Keys only the authenticated principal may set: a handler cannot pose as someone else. */
function isPrincipalKey(key: string): boolean {
  return PRINCIPAL_KEYS.has(key) || key.startsWith('aws:principaltag/');
}

/** arn:aws:sts::<account>:assumed-role/<role>/<session> → arn:aws:iam::<account>:role/<role>. */
function roleArnOf(principal: RequestPrincipal): string | undefined {
  if (principal.type !== 'assumed-role') return undefined;
  if (principal.roleArn !== undefined) return principal.roleArn;
  const [arn, partition, , , account, resource = ''] = principal.arn.split(':');
  const role = resource.split('/')[1];
  return arn === 'arn' && role ? `arn:${partition}:iam::${account}:role/${role}` : undefined;
}

export function callerChain(principal: RequestPrincipal): CallerChain {
  const roleArn = roleArnOf(principal);
  return {
    accountId: principal.accountId, arn: principal.arn, root: principal.type === 'root',
    ...(roleArn !== undefined ? { roleArn } : {}), ...(principal.service !== undefined ? { service: principal.service } : {}),
  };
}

/** Key names are case-insensitive, so the map is keyed by lower-cased names. */
export function requestContext(principal: RequestPrincipal, context: EvaluationRequest['context'] = {}): ConditionContext {
  const map = new Map<string, readonly string[]>();
  const put = (key: string, value: ContextValue) => {
    const values = typeof value === 'string' ? [value] : typeof value === 'object' ? value : [String(value)];
    if (values.length === 0) map.delete(key.toLowerCase());
    else map.set(key.toLowerCase(), values);
  };
  for (const [key, value] of Object.entries(context)) if (!isPrincipalKey(key.toLowerCase())) put(key, value);
  if (principal.type === 'service') {
    // A service principal has no ARN, account or user id in the request context.
    put('aws:PrincipalServiceName', principal.service ?? principal.arn);
    put('aws:PrincipalIsAWSService', 'true');
    return contextOf(map);
  }
  put('aws:PrincipalArn', roleArnOf(principal) ?? principal.arn);
  put('aws:PrincipalAccount', principal.accountId);
  put('aws:PrincipalType', PRINCIPAL_TYPES[principal.type]);
  put('aws:userid', principal.userId);
  if (principal.type === 'user' && principal.username !== undefined) put('aws:username', principal.username);
  for (const [key, value] of Object.entries(principal.tags ?? {})) put(`aws:PrincipalTag/${key}`, value);
  return contextOf(map);
}

function contextOf(map: Map<string, readonly string[]>): ConditionContext {
  return {
    values: (key) => map.get(key),
    // A multivalued key is no variable: AWS treats it as having no value.
    lookup: (key) => {
      const values = map.get(key);
      return values?.length === 1 ? values[0] : undefined;
    },
  };
}
