/**
 * What Application Auto Scaling checks about the target a call names. Berth scales ECS
 * services only: `ecs`, `ecs:service:DesiredCount`, `service/<cluster>/<service>`; a
 * dimension or resource id of another namespace is AWS's "Unsupported service namespace,
 * resource type or scalable dimension", any other namespace is refused by name. Describe
 * calls on other namespaces simply find nothing.
 */
import { ServiceError } from '../../../protocol/errors.js';
import { aasErrors, validation } from './errors.js';
import { ECS_DIMENSION, ECS_NAMESPACE, ecsServiceOf } from './names.js';
import { TargetRef } from './records.js';

/** Why a call cannot act on this target, or undefined. */
export function targetRefProblem(ref: TargetRef): ServiceError | undefined {
  const dimensionNamespace = ref.ScalableDimension.split(':')[0];
  if (dimensionNamespace !== ref.ServiceNamespace) return aasErrors.unsupported();
  if (ref.ServiceNamespace !== ECS_NAMESPACE) {
    return validation(`Berth scales ECS services only (service namespace ${ECS_NAMESPACE}, scalable dimension ${ECS_DIMENSION}), not ${ref.ServiceNamespace}`);
  }
  if (ref.ScalableDimension !== ECS_DIMENSION || !ecsServiceOf(ref.ResourceId)) return aasErrors.unsupported();
  return undefined;
}

/** A capacity is a count: AWS's model-style wording for a negative one. */
export function capacityProblem(member: string, value: number | undefined): ServiceError | undefined {
  if (value === undefined || value >= 0) return undefined;
  return validation(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to 0`);
}

/** MaxResults of a Describe call: 1 to `max`, `max` when absent. */
export function pageSize(maxResults: number | undefined, max: number): number {
  if (maxResults === undefined) return max;
  if (maxResults < 1) throw aasErrors.minResults(maxResults);
  if (maxResults > max) throw aasErrors.maxResults(max, maxResults);
  return maxResults;
}
