/**
 * What a container's `secrets[].valueFrom` names, as the ECS agent reads it:
 * - a Secrets Manager ARN, `arn:<p>:secretsmanager:<region>:<account>:secret:<id>` alone or
 *   with all three of `:<json-key>:<version-stage>:<version-id>` (each may be empty);
 * - otherwise an SSM parameter: its ARN, or its name in the task's own Region.
 * Pure: the task controller reads the values with the execution role's permissions.
 */
import { buildArn, parseArn } from '../../../platform/aws/arn.js';
import { Scope } from '../../../platform/aws/scope.js';

export interface ParameterRef {
  kind: 'ssm';
  /** As given: the reader resolves a name or an ARN. */
  nameOrArn: string;
  /** The parameter's ARN, which ssm:GetParameters is authorized on. */
  arn: string;
  region: string;
}

export interface SecretRef {
  kind: 'secretsmanager';
  /** The secret's ARN (without the json-key/stage/version fields). */
  secretId: string;
  region: string;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
}

export type ValueRef = ParameterRef | SecretRef;

/** Why a valueFrom names nothing the agent can read; the message names the reference, never a value. */
export class SecretRefError extends Error {}

/** The ARN of a parameter named `name` (`/a/b` and `a/b` both give `parameter/a/b`). */
export function parameterArn(scope: Scope, name: string): string {
  return buildArn('ssm', scope, `parameter/${name.startsWith('/') ? name.slice(1) : name}`);
}

function secretRef(valueFrom: string, region: string, resource: string): SecretRef {
  const fields = resource.split(':');
  const prefix = valueFrom.slice(0, valueFrom.length - resource.length);
  if (fields.length === 2) return { kind: 'secretsmanager', secretId: valueFrom, region };
  if (fields.length !== 5 || fields[0] !== 'secret' || !fields[1]) {
    throw new SecretRefError(`invalid Secrets Manager reference ${valueFrom}: expected secret:<id> or secret:<id>:<json-key>:<version-stage>:<version-id>`);
  }
  const [, id, jsonKey, versionStage, versionId] = fields;
  if (versionStage && versionId) throw new SecretRefError(`invalid Secrets Manager reference ${valueFrom}: give a version stage or a version id, not both`);
  return {
    kind: 'secretsmanager', secretId: `${prefix}secret:${id}`, region,
    ...(jsonKey ? { jsonKey } : {}), ...(versionStage ? { versionStage } : {}), ...(versionId ? { versionId } : {}),
  };
}

/** Parses one `valueFrom` for a task in `scope`; throws SecretRefError. */
export function parseValueFrom(valueFrom: string, scope: Scope): ValueRef {
  if (!valueFrom.startsWith('arn:')) {
    if (valueFrom.length === 0) throw new SecretRefError('empty valueFrom');
    return { kind: 'ssm', nameOrArn: valueFrom, arn: parameterArn(scope, valueFrom), region: scope.region };
  }
  const arn = parseArn(valueFrom);
  if (arn?.service === 'secretsmanager' && arn.resource.startsWith('secret:')) return secretRef(valueFrom, arn.region, arn.resource);
  if (arn?.service === 'ssm' && arn.resource.startsWith('parameter/')) {
    return { kind: 'ssm', nameOrArn: valueFrom, arn: valueFrom, region: arn.region };
  }
  throw new SecretRefError(`invalid secret reference ${valueFrom}: not an SSM parameter or a Secrets Manager secret`);
}

/**
 * One key of a JSON SecretString, as the agent picks it: strings as they are, other JSON
 * values as their JSON text. Throws SecretRefError naming the key, never the secret.
 */
export function jsonKeyValue(secretString: string, key: string, arn: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new SecretRefError(`the secret ${arn} is not JSON, so json key ${key} cannot be read from it`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.prototype.hasOwnProperty.call(parsed, key)) {
    throw new SecretRefError(`retrieved secret from Secrets Manager did not contain json key ${key}`);
  }
  const value = (parsed as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : JSON.stringify(value);
}
