/**
 * Log group and stream ARNs, and how calls name a group. A group has two ARNs: `arn` ends
 * in `:*` (what IAM policies and most actions use), `logGroupArn` does not (the tagging
 * actions and logGroupIdentifier use it).
 */
import { buildArn, isForeignArn, parseArn } from '../../../platform/aws/arn.js';
import { Scope } from '../../../platform/aws/scope.js';
import { logsErrors } from './errors.js';

export const groupArn = (scope: Scope, name: string) => buildArn('logs', scope, `log-group:${name}`);
export const groupArnStar = (scope: Scope, name: string) => `${groupArn(scope, name)}:*`;
export const streamArn = (scope: Scope, group: string, stream: string) => `${groupArn(scope, group)}:log-stream:${stream}`;

/** The group name an ARN of this scope names (with or without `:*`), or undefined. */
export function groupNameOfArn(arn: string, scope: Scope): string | undefined {
  if (isForeignArn(arn, scope)) return undefined;
  const parsed = parseArn(arn);
  if (parsed?.service !== 'logs' || !parsed.resource.startsWith('log-group:')) return undefined;
  const name = parsed.resource.slice('log-group:'.length);
  return name.endsWith(':*') ? name.slice(0, -2) : name;
}

/** A group named by name or identifier (a name or an ARN): exactly one of the two, as AWS requires. */
export function groupNameOf(input: { logGroupName?: string; logGroupIdentifier?: string }, scope: Scope): string {
  const { logGroupName, logGroupIdentifier } = input;
  if ((logGroupName === undefined) === (logGroupIdentifier === undefined)) throw logsErrors.nameOrIdentifier();
  if (logGroupName !== undefined) return logGroupName;
  if (!logGroupIdentifier!.startsWith('arn:')) return logGroupIdentifier!;
  const name = groupNameOfArn(logGroupIdentifier!, scope);
  if (name === undefined) throw logsErrors.groupNotFound();
  return name;
}

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * CreateLogGroup's rules: the model's pattern and length (checked again here for callers that
 * do not come through the API, such as the awslogs driver), and `aws/`, AWS's own namespace.
 */
export function groupNameProblem(name: string): string | undefined {
  if (!GROUP_NAME.test(name)) {
    return `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`;
  }
  return name.startsWith('aws/') ? "Log group names can't start with the string aws/" : undefined;
}
