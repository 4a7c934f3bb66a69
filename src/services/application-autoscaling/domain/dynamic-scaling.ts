/**
 * What a scaling policy does when one of its alarms acts (the `alarms` port calls `perform`
 * for every action ARN starting `arn:aws:autoscaling:`, on entering ALARM and again at each
 * evaluation while it stays there):
 * - target tracking: AlarmHigh proposes ceil(capacity × metric / target) and scales out;
 *   AlarmLow proposes the same and scales in, but only when every target tracking policy of
 *   the target that may scale in has its AlarmLow in ALARM too (AWS scales in only when all
 *   are ready to);
 * - step scaling: the step the breach (metric − threshold) falls in, adjusted as its type says;
 *   the metric is the event's datapoints aggregated by MetricAggregationType (only the newest
 *   when the alarm hands over no datapoints, as on its repeated invocations).
 * The proposal then goes through the cooldowns, suspension and bounds (./decision.ts).
 */
import { Clock } from '../../../platform/clock.js';
import { Logger } from '../../../platform/log.js';
import { Store, StoredRecord, Tx } from '../../../state/store.js';
import { AlarmActionEvent, AlarmService } from '../../cloudwatch/domain/ports.js';
import { activityText, latestActivity, recordActivity } from './activities.js';
import { decide, Decision } from './decision.js';
import { policiesOf, policyById } from './policies.js';
import { policyIdOfAction } from './names.js';
import { KIND, PolicyDoc, TargetDoc, targetId } from './records.js';
import { ServiceCapacity } from './scaling.js';
import { adjustedCapacity, aggregatedMetric, STEP_COOLDOWN_DEFAULT, stepFor } from './step-scaling.js';
import { TRACKING_COOLDOWN_DEFAULT, trackingCapacity } from './target-tracking.js';

/** What the policy asks for, before cooldowns and bounds; undefined when the event asks nothing. */
interface Ask {
  propose: (base: number) => number;
  cooldownSeconds: number;
  /** Target tracking's DisableScaleIn. */
  scaleInDisabled: boolean;
}

export class DynamicScaling {
  constructor(
    private readonly store: Store,
    private readonly capacity: ServiceCapacity,
    private readonly alarms: AlarmService,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Never throws: a failure is the alarm's action failing, which the alarm's owner must not see. */
  perform(event: AlarmActionEvent): void {
    try {
      this.store.transact((tx) => this.act(tx, event));
    } catch (err) {
      this.log.error('a scaling policy action failed', { err, action: event.actionArn, alarm: event.alarmName });
    }
  }

  private act(tx: Tx, event: AlarmActionEvent): void {
    const policyId = policyIdOfAction(event.actionArn);
    const policy = policyId === undefined ? undefined : policyById(tx, event.scope, policyId)?.doc;
    const targetRecord = policy && tx.get<TargetDoc>(KIND.target, targetId(policy.scope, policy));
    if (!policy || !targetRecord) return;
    const ask = policy.PolicyType === 'TargetTrackingScaling' ? this.trackingAsk(tx, policy, event) : stepAsk(policy, event);
    const counts = ask && this.capacity.counts(targetRecord.doc);
    if (!ask || !counts) return;
    const target = targetRecord.doc;
    const now = this.clock.now();
    const decision = decide({
      now, current: counts.desiredCount, bounds: { min: target.MinCapacity, max: target.MaxCapacity }, state: target.cooldown,
      cooldownSeconds: ask.cooldownSeconds, propose: ask.propose,
      scaleInAllowed: !ask.scaleInDisabled && !target.SuspendedState.DynamicScalingInSuspended,
      scaleOutAllowed: !target.SuspendedState.DynamicScalingOutSuspended,
    });
    this.apply(tx, targetRecord, decision, activityText.alarmCause(event.alarmName, event.state, policy.PolicyName), now);
  }

  private apply(tx: Tx, record: StoredRecord<TargetDoc>, decision: Decision, cause: string, now: Date): void {
    if (decision.kind === 'hold') return;
    if (decision.kind === 'not-scaled') {
      // An alarm that stays in ALARM acts every minute: one record of each reason it keeps meeting is enough.
      const last = latestActivity(tx, record.doc);
      if (last?.Cause === cause && last.NotScaledReasons?.[0]?.Code === decision.reason.Code) return;
      recordActivity(tx, record.doc, now, { Description: activityText.notScaled, Cause: cause, StatusCode: 'Failed', NotScaledReasons: [decision.reason], ended: true });
      return;
    }
    const target = { ...record.doc, cooldown: decision.state };
    tx.put<TargetDoc>(KIND.target, record.id, target);
    this.capacity.setDesired(tx, target, decision.desired, cause, now);
  }

  private trackingAsk(tx: Tx, policy: PolicyDoc, event: AlarmActionEvent): Ask | undefined {
    const config = policy.TargetTrackingScalingPolicyConfiguration!;
    const [high, low] = policy.Alarms.map((a) => a.AlarmName);
    if (event.value === undefined || (event.alarmName !== high && event.alarmName !== low)) return undefined;
    const scalingIn = event.alarmName === low;
    if (scalingIn && !this.othersReadyToScaleIn(tx, policy)) return undefined;
    const metric = event.value;
    return {
      propose: (base) => trackingCapacity(base, metric, config.TargetValue),
      cooldownSeconds: (scalingIn ? config.ScaleInCooldown : config.ScaleOutCooldown) ?? TRACKING_COOLDOWN_DEFAULT,
      scaleInDisabled: config.DisableScaleIn === true,
    };
  }

  /** Every other target tracking policy that may scale in has its low alarm in ALARM. */
  private othersReadyToScaleIn(tx: Tx, policy: PolicyDoc): boolean {
    return policiesOf(tx, targetId(policy.scope, policy))
      .map((r) => r.doc)
      .filter((p) => p.PolicyName !== policy.PolicyName && p.PolicyType === 'TargetTrackingScaling' && p.Alarms.length > 1)
      .every((p) => this.alarms.alarmState(p.scope, p.Alarms[1].AlarmName)?.state === 'ALARM');
  }
}

function stepAsk(policy: PolicyDoc, event: AlarmActionEvent): Ask | undefined {
  const config = policy.StepScalingPolicyConfiguration!;
  const metric = aggregatedMetric(config.MetricAggregationType, event.datapoints ?? (event.value === undefined ? [] : [event.value]));
  if (metric === undefined || event.threshold === undefined) return undefined;
  const step = stepFor(config.StepAdjustments ?? [], metric - event.threshold);
  if (!step) return undefined;
  return {
    propose: (base) => adjustedCapacity(config, step.ScalingAdjustment, base),
    cooldownSeconds: config.Cooldown ?? STEP_COOLDOWN_DEFAULT,
    scaleInDisabled: false,
  };
}
