/** Records as the API answers them: timestamps as Dates, Berth's own fields left out. */
import { Alarm, ScalableTarget, ScalingActivity, ScalingPolicy, ScheduledAction } from '../../../protocol/generated/application-autoscaling.js';
import { ActivityDoc, PolicyDoc, ScheduledActionDoc, TargetDoc } from '../domain/records.js';

type Namespace = ScalableTarget['ServiceNamespace'];
type Dimension = ScalableTarget['ScalableDimension'];

const refView = (doc: { ServiceNamespace: string; ResourceId: string; ScalableDimension: string }) => ({
  ServiceNamespace: doc.ServiceNamespace as Namespace, ResourceId: doc.ResourceId, ScalableDimension: doc.ScalableDimension as Dimension,
});

export function targetView(doc: TargetDoc): ScalableTarget {
  return {
    ...refView(doc), MinCapacity: doc.MinCapacity, MaxCapacity: doc.MaxCapacity, RoleARN: doc.RoleARN,
    CreationTime: new Date(doc.CreationTime), SuspendedState: doc.SuspendedState, ScalableTargetARN: doc.ScalableTargetARN,
  };
}

/** `alarms`: for a step policy, the user's alarms that name it as an action (Berth keeps only a target tracking policy's own). */
export function policyView(doc: PolicyDoc, alarms: Alarm[] = doc.Alarms): ScalingPolicy {
  return {
    ...refView(doc), PolicyARN: doc.PolicyARN, PolicyName: doc.PolicyName, PolicyType: doc.PolicyType,
    ...(doc.StepScalingPolicyConfiguration ? { StepScalingPolicyConfiguration: doc.StepScalingPolicyConfiguration } : {}),
    ...(doc.TargetTrackingScalingPolicyConfiguration ? { TargetTrackingScalingPolicyConfiguration: doc.TargetTrackingScalingPolicyConfiguration } : {}),
    ...(alarms.length > 0 ? { Alarms: alarms } : {}),
    CreationTime: new Date(doc.CreationTime),
  };
}

export function scheduledActionView(doc: ScheduledActionDoc): ScheduledAction {
  return {
    ...refView(doc), ScheduledActionName: doc.ScheduledActionName, ScheduledActionARN: doc.ScheduledActionARN, Schedule: doc.Schedule,
    Timezone: doc.Timezone, ScalableTargetAction: doc.ScalableTargetAction, CreationTime: new Date(doc.CreationTime),
    ...(doc.StartTime ? { StartTime: new Date(doc.StartTime) } : {}),
    ...(doc.EndTime ? { EndTime: new Date(doc.EndTime) } : {}),
  };
}

export function activityView(doc: ActivityDoc): ScalingActivity {
  return {
    ...refView(doc), ActivityId: doc.ActivityId, Description: doc.Description, Cause: doc.Cause, StatusCode: doc.StatusCode,
    StartTime: new Date(doc.StartTime),
    ...(doc.EndTime ? { EndTime: new Date(doc.EndTime) } : {}),
    ...(doc.StatusMessage ? { StatusMessage: doc.StatusMessage } : {}),
    ...(doc.NotScaledReasons ? { NotScaledReasons: doc.NotScaledReasons } : {}),
  };
}
