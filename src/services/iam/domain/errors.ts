/**
 * IAM's errors with AWS's codes, HTTP statuses and messages. Messages name entities and
 * ARNs, never a secret or a policy document.
 */
import { ServiceError, validationMessage } from '../../../protocol/errors.js';
import { EntityType } from './names.js';

const noSuch = (message: string) => new ServiceError('NoSuchEntity', message, 404);
const exists = (message: string) => new ServiceError('EntityAlreadyExists', message, 409);
const conflict = (message: string) => new ServiceError('DeleteConflict', message, 409);

const LABEL: Record<Exclude<EntityType, 'policy'>, string> = { user: 'user', group: 'group', role: 'role', 'instance-profile': 'Instance Profile' };

export const iamErrors = {
  noSuchEntity(type: Exclude<EntityType, 'policy'>, name: string): ServiceError {
    return type === 'instance-profile' ? noSuch(`Instance Profile ${name} cannot be found.`) : noSuch(`The ${LABEL[type]} with name ${name} cannot be found.`);
  },
  alreadyExists(type: Exclude<EntityType, 'policy'>, name: string): ServiceError {
    if (type === 'instance-profile') return exists(`Instance Profile ${name} already exists.`);
    const label = LABEL[type];
    return exists(`${label[0].toUpperCase()}${label.slice(1)} with name ${name} already exists.`);
  },
  policyExists: (name: string) => exists(`A policy called ${name} already exists. Duplicate names are not allowed.`),
  noSuchPolicy: (arn: string) => noSuch(`Policy ${arn} was not found.`),
  notAttachable: (arn: string) => noSuch(`Policy ${arn} does not exist or is not attachable.`),
  noSuchPolicyVersion: (arn: string, versionId: string) => noSuch(`Policy ${arn} version ${versionId} does not exist or is not attachable.`),
  noSuchInlinePolicy: (holder: 'user' | 'group' | 'role', name: string) => noSuch(`The ${holder} policy with name ${name} cannot be found.`),
  noSuchAccessKey: (id: string) => noSuch(`The Access Key with id ${id} cannot be found.`),
  noSuchDeletionTask: (id: string) => noSuch(`Deletion task ${id} cannot be found.`),
  deleteConflict: conflict,
  limitExceeded: (message: string) => new ServiceError('LimitExceeded', message, 409),
  quota: (name: string, max: number) => new ServiceError('LimitExceeded', `Cannot exceed quota for ${name}: ${max}`, 409),
  invalidInput: (message: string) => new ServiceError('InvalidInput', message, 400),
  invalidArn: (arn: string) => new ServiceError('InvalidInput', `ARN ${arn} is not valid.`, 400),
  malformed: (message: string) => new ServiceError('MalformedPolicyDocument', message, 400),
  validation: (problems: string[]) => new ServiceError('ValidationError', validationMessage(problems), 400),
  /** A ValidationError whose message is not about a member (GetUser for a role session). */
  validationError: (message: string) => new ServiceError('ValidationError', message, 400),
  noSuchBoundary: (arn: string) => noSuch(`Scope ARN: ${arn} does not exist or is not attachable.`),
  unmodifiableRole: (name: string) => new ServiceError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`, 400),
  notAttachableServiceRole: () => new ServiceError('PolicyNotAttachable', 'Cannot attach a Service Role Policy to a Customer Role.', 400),
};

/** Throws ValidationError when any check found a problem. */
export function check(...problems: (string | undefined)[]): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length) throw iamErrors.validation(found);
}
