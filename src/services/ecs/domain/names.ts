/**
 * ECS resource names, ARNs and store keys. Store ids put region and account first so a
 * prefix lists one account's resources, and the parent (cluster, family) next so a
 * prefix lists its children.
 */
import { clientError } from '../../../protocol/errors.js';

export const KIND = {
  cluster: 'ecs/cluster',
  taskDefinition: 'ecs/task-definition',
  task: 'ecs/task',
  containerInstance: 'ecs/container-instance',
  accountSetting: 'ecs/account-setting',
  service: 'ecs/service',
} as const;

export interface Scope { region: string; accountId: string }

export function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function arn(scope: Scope, resource: string): string {
  return `arn:${partition(scope.region)}:ecs:${scope.region}:${scope.accountId}:${resource}`;
}

/**
 * Whether `ref` is an ARN of another partition, region or account. AWS resolves every
 * reference in the caller's own account and region, so such an ARN names nothing here
 * (rather than its namesake in the caller's account).
 */
export function isForeignArn(ref: string, scope: Scope): boolean {
  if (!ref.startsWith('arn:')) return false;
  const [, arnPartition, , region, account] = ref.split(':');
  return arnPartition !== partition(scope.region) || region !== scope.region || account !== scope.accountId;
}

export function scopePrefix(scope: Scope): string {
  return `${scope.region}/${scope.accountId}/`;
}

const NAME_RE = /^[A-Za-z0-9_-]{1,255}$/;

export function isValidName(name: string): boolean {
  return NAME_RE.test(name);
}

/** Accepts a short name or a full ARN of the given resource type and returns the name part(s). */
export function nameFromRef(ref: string, resourceType: string): string {
  if (!ref.startsWith('arn:')) return ref;
  const parts = ref.split(':');
  const resource = parts.slice(5).join(':');
  if (parts.length < 6 || parts[2] !== 'ecs' || !resource.startsWith(`${resourceType}/`)) {
    throw clientError('InvalidParameterException', `Invalid identifier: ${ref}`);
  }
  return resource.slice(resourceType.length + 1);
}

export const clusterKey = (s: Scope, name: string) => `${scopePrefix(s)}${name}`;
export const clusterArn = (s: Scope, name: string) => arn(s, `cluster/${name}`);

export const taskKey = (s: Scope, cluster: string, id: string) => `${scopePrefix(s)}${cluster}/${id}`;
export const taskArn = (s: Scope, cluster: string, id: string) => arn(s, `task/${cluster}/${id}`);

/** Store key of a task from its ARN: arn:aws:ecs:<region>:<account>:task/<cluster>/<id>. */
export function taskKeyFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:ecs:([^:]+):([^:]+):task\/([^/]+)\/([^/]+)$/.exec(arn);
  return m ? `${m[1]}/${m[2]}/${m[3]}/${m[4]}` : undefined;
}

/** Store key of a container instance from its ARN: arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>. */
export function instanceKeyFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:ecs:([^:]+):([^:]+):container-instance\/(.+)$/.exec(arn);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : undefined;
}

export const instanceKey = (s: Scope, cluster: string, id: string) => `${scopePrefix(s)}${cluster}/${id}`;
export const instanceArn = (s: Scope, cluster: string, id: string) => arn(s, `container-instance/${cluster}/${id}`);

/** Revisions are zero-padded in keys so that they list in numeric order. */
export const taskDefinitionKey = (s: Scope, family: string, revision: number) =>
  `${scopePrefix(s)}${family}/${String(revision).padStart(7, '0')}`;
export const taskDefinitionArn = (s: Scope, family: string, revision: number) => arn(s, `task-definition/${family}:${revision}`);

/** Parses "family", "family:rev" or a task-definition ARN. */
export function parseTaskDefinitionRef(ref: string): { family: string; revision?: number } {
  const body = ref.startsWith('arn:') ? nameFromRef(ref, 'task-definition') : ref;
  const m = /^([A-Za-z0-9_-]{1,255})(?::(\d+))?$/.exec(body);
  if (!m) throw clientError('ClientException', `Invalid revision number. Number: ${body.split(':')[1] ?? ''}`);
  return { family: m[1], revision: m[2] === undefined ? undefined : Number(m[2]) };
}
