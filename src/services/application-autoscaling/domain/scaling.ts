/**
 * Changing an ECS service's desired count, and the activity that records it. Everything
 * runs inside the caller's transaction: ECS's update (through the `serviceScaler` port, which
 * nests its own transaction in it) and the activity commit together, and a refusal by ECS
 * is recorded as a Failed activity instead of an error.
 */
import { Logger } from '../../../platform/log.js';
import { ServiceError } from '../../../protocol/errors.js';
import { Tx } from '../../../state/store.js';
import { ServiceCounts, ServiceScaler } from '../../ecs/domain/ports.js';
import { activityText, recordActivity } from './activities.js';
import { boundsCorrection } from './capacity.js';
import { ecsServiceOf } from './names.js';
import { TargetDoc } from './records.js';

export class ServiceCapacity {
  constructor(
    private readonly scaler: ServiceScaler | undefined,
    private readonly log: Logger,
  ) {}

  /** The ECS service's counts, or undefined when it is gone (or there is no ECS to ask). */
  counts(target: TargetDoc): ServiceCounts | undefined {
    const ecs = ecsServiceOf(target.ResourceId);
    return ecs && this.scaler?.describe(target.scope, ecs.cluster, ecs.service);
  }

  /** Sets the desired count of a service counts() found, and records the activity, Successful or Failed. */
  setDesired(tx: Tx, target: TargetDoc, desired: number, cause: string, now: Date): void {
    const ecs = ecsServiceOf(target.ResourceId)!;
    const base = { Description: activityText.settingDesired(desired), Cause: cause, ended: true };
    try {
      // Callers found the service through counts(): there is an ECS to ask.
      this.scaler!.setDesiredCount(target.scope, ecs.cluster, ecs.service, desired);
      recordActivity(tx, target, now, { ...base, StatusCode: 'Successful', StatusMessage: activityText.desiredSet(desired) });
    } catch (e) {
      if (!(e instanceof ServiceError)) this.log.error('setting an ECS desired count failed', { err: e, resourceId: target.ResourceId });
      const reason = e instanceof Error ? e.message : String(e);
      recordActivity(tx, target, now, { ...base, StatusCode: 'Failed', StatusMessage: activityText.desiredFailed(desired, reason) });
    }
  }

  /** Brings the desired count within the target's (new) bounds, as AWS does when they change. */
  settle(tx: Tx, target: TargetDoc, now: Date): void {
    const counts = this.counts(target);
    const correction = counts && boundsCorrection(counts.desiredCount, { min: target.MinCapacity, max: target.MaxCapacity });
    if (correction) this.setDesired(tx, target, correction.desired, correction.cause, now);
  }
}
