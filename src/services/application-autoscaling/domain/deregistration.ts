/**
 * Taking a scalable target away: DeregisterScalableTarget, and the deletion of the ECS
 * service it scales. AWS deregisters an ECS service's scalable target, with its policies
 * and scheduled actions, when the service is deleted through the API (DescribeScalableTargets
 * then finds nothing and DeregisterScalableTarget answers ObjectNotFoundException). Either
 * way the target's scaling policies go with their target tracking alarms (a step policy's
 * alarms are the user's and stay) and its activities stay for their six weeks.
 */
import { Logger } from '../../../platform/log.js';
import { Store, StoredRecord, Tx } from '../../../state/store.js';
import { AlarmService } from '../../cloudwatch/domain/ports.js';
import { ServiceScaler } from '../../ecs/domain/ports.js';
import { ECS_DIMENSION, ECS_NAMESPACE } from './names.js';
import { deletePolicy, policiesOf } from './policies.js';
import { KIND, TargetDoc, targetId } from './records.js';
import { deleteScheduledAction, scheduledActionsOf } from './scheduled-actions.js';

export function removeTarget(tx: Tx, target: StoredRecord<TargetDoc>, alarms: AlarmService | undefined): void {
  for (const policy of policiesOf(tx, target.id)) deletePolicy(tx, policy, alarms);
  for (const action of scheduledActionsOf(tx, target.id)) deleteScheduledAction(tx, action);
  tx.delete(KIND.target, target.id);
}

/** Deregisters the target of every ECS service deleted from now on; returns the unsubscribe. */
export function followServiceDeletions(store: Store, scaler: ServiceScaler, alarms: AlarmService | undefined, log: Logger): () => void {
  return store.watch((change) => {
    const gone = scaler.deletedService(change);
    if (!gone) return;
    const id = targetId(gone.scope, { ServiceNamespace: ECS_NAMESPACE, ScalableDimension: ECS_DIMENSION, ResourceId: `service/${gone.cluster}/${gone.service}` });
    try {
      store.transact((tx) => {
        const target = tx.get<TargetDoc>(KIND.target, id);
        if (target) removeTarget(tx, target, alarms);
      });
    } catch (err) {
      log.error('deregistering the scalable target of a deleted ECS service failed', { err, target: id });
    }
  });
}
