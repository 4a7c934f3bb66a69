/**
 * Application Auto Scaling's errors (HTTP 400 throughout). The not-found messages are AWS's
 * word for word ("No scalable target registered for service namespace: ecs, resource ID: …,
 * scalable dimension: …"); where AWS's wording is not documented, Berth's says what is wrong
 * in the same style.
 */
import { clientError, ServiceError } from '../../../protocol/errors.js';
import { TargetRef } from './records.js';

export const validation = (message: string): ServiceError => clientError('ValidationException', message);

const where = (ref: TargetRef) => `service namespace: ${ref.ServiceNamespace}, resource ID: ${ref.ResourceId}, scalable dimension: ${ref.ScalableDimension}`;

export const aasErrors = {
  targetNotFound: (ref: TargetRef) => clientError('ObjectNotFoundException', `No scalable target registered for ${where(ref)}`),
  policyNotFound: (ref: TargetRef, name: string) => clientError('ObjectNotFoundException', `No scaling policy found for ${where(ref)}, policy name: ${name}`),
  scheduledActionNotFound: (ref: TargetRef, name: string) =>
    clientError('ObjectNotFoundException', `No scheduled action found for ${where(ref)}, scheduled action name: ${name}`),
  unsupported: () => validation('Unsupported service namespace, resource type or scalable dimension'),
  ecsServiceMissing: (resourceId: string) => validation(`ECS service doesn't exist: ${resourceId}`),
  minAboveMax: () => validation('Minimum capacity cannot be greater than maximum capacity'),
  capacitiesRequired: () => validation('MinCapacity and MaxCapacity are required for registering a new scalable target'),
  tagsOnExisting: () =>
    validation('The scalable target that you tried to tag already exists. To update tags on an existing scalable target, use the TagResource API.'),
  noCapacityInAction: () => validation('At least one of minimum capacity and maximum capacity should be provided'),
  maxResults: (max: number, given: number) =>
    validation(`1 validation error detected: Value '${given}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`),
  minResults: (given: number) =>
    validation(`1 validation error detected: Value '${given}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1`),
  invalidNextToken: () => clientError('InvalidNextTokenException', 'Invalid NextToken'),
  limit: (what: string, max: number) => clientError('LimitExceededException', `You have reached the maximum number of ${what} (${max}).`),
  resourceNotFound: (arn: string) => clientError('ResourceNotFoundException', `Resource not found: ${arn}`, { ResourceName: arn }),
  tooManyTags: (arn: string) => clientError('TooManyTagsException', 'A scalable target can have at most 50 tags.', { ResourceName: arn }),
};
