/**
 * AWS's documented quotas for request lists whose model declares no `max`. The protocol
 * layer checks them before it reads a single member, so one request can never make Berth
 * do per-member work (parse, validate, write) for more items than AWS would ever accept.
 */
import { clientError, ServiceError } from './errors.js';
import { ServiceModel } from './model.js';

interface ListQuota {
  max: number;
  error: () => ServiceError;
}

const QUOTAS: Record<string, Record<string, ListQuota>> = {
  'Elastic Load Balancing v2': {
    // "Targets per Target Group per Region (instances or IP addresses)": 1,000.
    TargetDescriptions: { max: 1000, error: () => clientError('TooManyTargets', "You've reached the limit on the number of targets.") },
    // "Maximum number of tags per resource": 50.
    TagList: { max: 50, error: () => clientError('TooManyTags', 'The quota for the number of tags that can be assigned to a load balancer has been reached') },
    // AddTags/RemoveTags/DescribeTags take at most 20 resources per call.
    ResourceArns: { max: 20, error: () => clientError('ValidationError', 'You can specify up to 20 resource ARNs') },
  },
};

/** The quota of a list shape without a model `max`, if AWS documents one. */
export function listQuota(model: ServiceModel, listShape: string): ListQuota | undefined {
  if (model.shapes[listShape]?.max !== undefined) return undefined;
  return QUOTAS[model.metadata.serviceId]?.[listShape];
}

/** Throws the quota's AWS error when a list of `count` items exceeds it. */
export function checkListQuota(model: ServiceModel, listShape: string, count: number): void {
  const quota = listQuota(model, listShape);
  if (quota && count > quota.max) throw quota.error();
}
