/**
 * IAM's naming rules (the model's lengths and patterns, in AWS's validation wording with
 * AWS's lower-camel member names) and ARNs. Pure: no store, no clock.
 *
 * The edge checks request members against the model before a handler runs; these checks
 * are the same rules for names that reach IAM another way (a name inside an ARN, the
 * handler harness) and the ones the model does not state (policy ARNs, service names).
 */
import { partition } from '../../../platform/aws/scope.js';

export type EntityType = 'user' | 'group' | 'role' | 'policy' | 'instance-profile';

interface NameRule { min: number; max: number; pattern: RegExp; source: string }

const WORD_NAME = { pattern: /^[\w+=,.@-]+$/, source: '[\\w+=,.@-]+' };

/** The model's shapes: userNameType 1–64, groupNameType 1–128, roleNameType 1–64, policyNameType 1–128, instanceProfileNameType 1–128. */
export const NAME_RULES: Record<EntityType, NameRule> = {
  user: { min: 1, max: 64, ...WORD_NAME },
  group: { min: 1, max: 128, ...WORD_NAME },
  role: { min: 1, max: 64, ...WORD_NAME },
  policy: { min: 1, max: 128, ...WORD_NAME },
  'instance-profile': { min: 1, max: 128, ...WORD_NAME },
};

/** pathType: `/` or `/…/` of printable ASCII, at most 512 characters. */
const PATH = { min: 1, max: 512, pattern: /^(?:\/|\/[\u0021-\u007E]+\/)$/, source: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' };
/** policyPathType: segments of `A–Z a–z 0–9 . , + @ = _ -`. */
const POLICY_PATH = { min: 1, max: 512, pattern: /^(?:\/[A-Za-z0-9.,+@=_-]+)*\/$/, source: '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/' };
/** pathPrefixType. */
const PATH_PREFIX = { min: 1, max: 512, pattern: /^\/[\u0021-\u007F]*$/, source: '\\u002F[\\u0021-\\u007F]*' };

function ruleProblem(rule: NameRule, member: string, value: string): string | undefined {
  const shown = `Value '${value}' at '${member}' failed to satisfy constraint: Member must`;
  if (value.length < rule.min) return `${shown} have length greater than or equal to ${rule.min}`;
  if (value.length > rule.max) return `${shown} have length less than or equal to ${rule.max}`;
  if (!rule.pattern.test(value)) return `${shown} satisfy regular expression pattern: ${rule.source}`;
  return undefined;
}

/** AWS's "Value … at 'userName' failed to satisfy constraint: …" for a bad name, or undefined. */
export function nameProblem(type: EntityType, member: string, value: string): string | undefined {
  return ruleProblem(NAME_RULES[type], member, value);
}

export function pathProblem(member: string, value: string, forPolicy = false): string | undefined {
  return ruleProblem(forPolicy ? POLICY_PATH : PATH, member, value);
}

export function pathPrefixProblem(member: string, value: string): string | undefined {
  return ruleProblem(PATH_PREFIX, member, value);
}

/** `arn:<partition>:iam::<account>:<type>/<path without its leading slash><name>`. */
export function entityArn(region: string, accountId: string, type: EntityType, path: string, name: string): string {
  return `arn:${partition(region)}:iam::${accountId}:${type}${path}${name}`;
}

export interface PolicyArnParts {
  partition: string;
  /** `aws` for AWS managed policies. */
  accountId: string;
  path: string;
  name: string;
}

/** A managed policy ARN's parts, or undefined when the text is no IAM policy ARN. */
export function parsePolicyArn(arn: string): PolicyArnParts | undefined {
  const m = /^arn:(aws[a-z-]*):iam::(aws|\d{12}):policy(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1], accountId: m[2], path: m[3], name: m[4] };
}

/** The role name and path of `arn:…:iam::<account>:role/<path><name>`, or undefined. */
export function parseRoleArn(arn: string): { partition: string; accountId: string; path: string; name: string } | undefined {
  const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1], accountId: m[2], path: m[3], name: m[4] };
}

/** `arn:<partition>:sts::<account>:assumed-role/<role>/<session>` (no path, as STS writes it). */
export function assumedRoleArn(roleArn: string, roleName: string, sessionName: string): string {
  const [, arnPartition, , , account] = roleArn.split(':');
  return `arn:${arnPartition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

/** Whether a path prefix selects a path (plain string prefix, as IAM's PathPrefix is). */
export const underPath = (path: string, prefix: string | undefined) => prefix === undefined || path.startsWith(prefix);
