/** ELBv2 as ECS sees it: the TargetRegistry the ECS module registers service tasks with. */
import { Store } from '../../../state/store.js';
import { TargetRegistry } from './ports.js';
import { deregisterTargets, registerTargets, targetGroupInfo, targetHealth } from './targets-api.js';

export function elbTargetRegistry(store: Store): TargetRegistry {
  return {
    targetGroup(arn) {
      const info = targetGroupInfo(store, arn);
      return info && { targetType: info.targetType, loadBalancerArns: info.loadBalancerArns, deregistrationDelaySeconds: info.deregistrationDelaySeconds };
    },
    register: (arn, targets) => registerTargets(store, arn, targets),
    deregister: (arn, targets) => deregisterTargets(store, arn, targets),
    state: (arn, target) => targetHealth(store, arn).find((h) => h.id === target.id && h.port === target.port)?.state,
  };
}
