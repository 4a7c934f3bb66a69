/**
 * Scaling activities in AWS's words (DescribeScalingActivities on ECS):
 * - Description "Setting desired count to 4.", StatusMessage "Successfully set desired count
 *   to 4. Change successfully fulfilled by ecs.";
 * - Cause "monitor alarm <alarm> in state ALARM triggered policy <policy>" (a policy),
 *   "scheduled action name <name> was triggered" (with Description "Setting min capacity to 5
 *   and max capacity to 10"), "minimum capacity was set to 5" / "maximum capacity was set to
 *   10" (the desired count following new bounds);
 * - a not-scaled activity: "Attempting to scale due to alarm triggered", Failed, with
 *   NotScaledReasons (shown only with IncludeNotScaledActivities).
 * Activities are kept six weeks, as AWS keeps them.
 */
import { uuid } from '../../../platform/ids.js';
import { NotScaledReason } from '../../../protocol/generated/application-autoscaling.js';
import { ReadTx, StoredRecord, Tx } from '../../../state/store.js';
import { ActivityDoc, ActivityExpiryDoc, activityId, INDEX, KIND, TargetDoc, targetId, timedId } from './records.js';

export const ACTIVITY_RETENTION_MS = 42 * 86_400_000;

export const activityText = {
  settingDesired: (n: number) => `Setting desired count to ${n}.`,
  desiredSet: (n: number) => `Successfully set desired count to ${n}. Change successfully fulfilled by ecs.`,
  desiredFailed: (n: number, reason: string) => `Failed to set desired count to ${n}. Reason: ${reason}`,
  alarmCause: (alarm: string, state: string, policy: string) => `monitor alarm ${alarm} in state ${state} triggered policy ${policy}`,
  scheduledCause: (name: string) => `scheduled action name ${name} was triggered`,
  settingBounds: (phrase: string) => `Setting ${phrase}`,
  boundsSet: (phrase: string) => `Successfully set ${phrase}`,
  boundsFailed: (phrase: string, reason: string) => `Failed to set ${phrase}. Reason: ${reason}`,
  notScaled: 'Attempting to scale due to alarm triggered',
};

export interface ActivityFacts {
  Description: string;
  Cause: string;
  StatusCode: ActivityDoc['StatusCode'];
  StatusMessage?: string;
  NotScaledReasons?: NotScaledReason[];
  /** A change the target service carried out has an end; setting bounds alone has none (as AWS shows it). */
  ended: boolean;
}

export function recordActivity(tx: Tx, target: TargetDoc, now: Date, facts: ActivityFacts): ActivityDoc {
  const { ended, ...shown } = facts;
  const doc: ActivityDoc = {
    scope: target.scope, ServiceNamespace: target.ServiceNamespace, ResourceId: target.ResourceId, ScalableDimension: target.ScalableDimension,
    ActivityId: uuid(), StartTime: now.toISOString(), ...(ended ? { EndTime: now.toISOString() } : {}), ...shown,
  };
  const id = activityId(target.scope, target.ServiceNamespace, tx.nextSequence('application-autoscaling/activity'));
  tx.put<ActivityDoc>(KIND.activity, id, doc);
  tx.put<ActivityExpiryDoc>(KIND.activityExpiry, timedId(new Date(now.getTime() + ACTIVITY_RETENTION_MS).toISOString(), id), { activityId: id });
  return doc;
}

/** The target's newest activity, if any. */
export function latestActivity(tx: ReadTx, target: TargetDoc): ActivityDoc | undefined {
  return tx.listByIndex<ActivityDoc>(KIND.activity, INDEX.activityTarget, { key: targetId(target.scope, target), limit: 1 })[0]?.doc;
}

/** The expiry records of activities past their six weeks, oldest first, at most `limit`. */
export function expiredActivities(tx: ReadTx, now: Date, limit: number): StoredRecord<ActivityExpiryDoc>[] {
  const cutoff = now.toISOString();
  return tx.list<ActivityExpiryDoc>(KIND.activityExpiry, { limit }).filter((r) => r.id.slice(0, r.id.indexOf('|')) <= cutoff);
}

export function removeActivity(tx: Tx, expiry: StoredRecord<ActivityExpiryDoc>): void {
  tx.delete(KIND.activity, expiry.doc.activityId);
  tx.delete(KIND.activityExpiry, expiry.id);
}
