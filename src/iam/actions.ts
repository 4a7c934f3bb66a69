/**
 * Which IAM action an API operation is, with the resource types and condition keys the
 * Service Authorization Reference lists for it (generated into ./generated/actions.json
 * by scripts/gen-iam-actions.mjs). The authorize step of every request looks here.
 */
import table from './generated/actions.json';

export interface IamAction {
  /** `<prefix>:<Action>`, e.g. `ecs:RunTask`. */
  action: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; arn?: string }[];
  conditionKeys: string[];
}

interface ServiceTable {
  actions: Record<string, { accessLevel: string; resourceTypes: { name: string; required: boolean }[]; conditionKeys: string[] }>;
  resourceTypes: Record<string, string>;
}

const SERVICES = (table as unknown as { services: Record<string, ServiceTable> }).services;

/**
 * Operations the reference does not list (yet) under their own name, and the action that
 * guards the same data. ECR's ListImageReferrers lists what DescribeImages would show;
 * IAM's UpdateDelegationRequest changes what CreateDelegationRequest made; Logs' GetLogObject
 * reads part of one log event, as GetLogRecord does; CloudWatch's DescribeAlarmContributors
 * describes alarms.
 */
const ALIASES: Record<string, string> = {
  'ecr:ListImageReferrers': 'DescribeImages',
  'iam:UpdateDelegationRequest': 'CreateDelegationRequest',
  // The reference lists ReEncryptFrom and ReEncryptTo; the call is authorized as both (src/services/kms).
  'kms:ReEncrypt': 'ReEncryptFrom',
  // A large field of one log event, stored apart: the data GetLogRecord reads.
  'logs:GetLogObject': 'GetLogRecord',
  // The alarms' contributors are part of what DescribeAlarms reads.
  'cloudwatch:DescribeAlarmContributors': 'DescribeAlarms',
};

const known = new Map<string, IamAction | undefined>();

/** Looked up on every request (by the authorize step and the call's scope), so kept once found. */
export function iamActionFor(prefix: string, operation: string): IamAction | undefined {
  const key = `${prefix}:${operation}`;
  if (known.has(key)) return known.get(key);
  const action = lookUp(prefix, operation);
  // Only table entries are kept: unknown names come from callers and must not grow the map.
  if (action) known.set(key, action);
  return action;
}

function lookUp(prefix: string, operation: string): IamAction | undefined {
  const service = SERVICES[prefix];
  const name = ALIASES[`${prefix}:${operation}`] ?? operation;
  const entry = service?.actions[name];
  if (!entry) return undefined;
  return {
    action: `${prefix}:${name}`,
    accessLevel: entry.accessLevel,
    resourceTypes: entry.resourceTypes.map((r) => ({ ...r, arn: service.resourceTypes[r.name.replace(/\*$/, '')] })),
    conditionKeys: entry.conditionKeys,
  };
}

/**
 * Actions AWS never refuses, whatever the policies say: sts:GetCallerIdentity ("No
 * permissions are required to perform this operation") and sts:GetSessionToken ("You
 * cannot use policies to control authentication operations").
 */
const ALWAYS_ALLOWED = new Set(['sts:GetCallerIdentity', 'sts:GetSessionToken']);

export function needsNoPermission(action: IamAction): boolean {
  return ALWAYS_ALLOWED.has(action.action);
}
