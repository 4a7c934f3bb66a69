/**
 * The names and ARNs Application Auto Scaling gives things, in AWS's forms:
 * - scalable target: `arn:aws:application-autoscaling:<region>:<account>:scalable-target/<36 hex>`
 * - scaling policy: `arn:aws:autoscaling:<region>:<account>:scalingPolicy:<uuid>:resource/<namespace>/<resource id>:policyName/<name>`
 * - scheduled action: `…:scheduledAction:<uuid>:resource/<namespace>/<resource id>:scheduledActionName/<name>`
 * - target tracking alarms: `TargetTracking-<resource id>-AlarmHigh-<uuid>` (and `-AlarmLow-`)
 * - the ECS service-linked role, used when RegisterScalableTarget names no role.
 */
import { buildArn, globalArn } from '../../../platform/aws/arn.js';
import { Scope } from '../../../platform/aws/scope.js';
import { TargetRef } from './records.js';

export const ECS_NAMESPACE = 'ecs';
export const ECS_DIMENSION = 'ecs:service:DesiredCount';

export function scalableTargetArn(scope: Scope, id: string): string {
  return buildArn('application-autoscaling', scope, `scalable-target/${id}`);
}

export function policyArn(scope: Scope, uuid: string, ref: TargetRef, name: string): string {
  return buildArn('autoscaling', scope, `scalingPolicy:${uuid}:resource/${ref.ServiceNamespace}/${ref.ResourceId}:policyName/${name}`);
}

export function scheduledActionArn(scope: Scope, uuid: string, ref: TargetRef, name: string): string {
  return buildArn('autoscaling', scope, `scheduledAction:${uuid}:resource/${ref.ServiceNamespace}/${ref.ResourceId}:scheduledActionName/${name}`);
}

/** The policy uuid an alarm action names (`…:scalingPolicy:<uuid>:…`), or undefined for any other ARN. */
export function policyIdOfAction(actionArn: string): string | undefined {
  return /^arn:[^:]+:autoscaling:[^:]*:[^:]*:scalingPolicy:([^:]+):/.exec(actionArn)?.[1];
}

export type AlarmKind = 'AlarmHigh' | 'AlarmLow';

export function trackingAlarmName(resourceId: string, kind: AlarmKind, uuid: string): string {
  return `TargetTracking-${resourceId}-${kind}-${uuid}`;
}

export function alarmArn(scope: Scope, name: string): string {
  return buildArn('cloudwatch', scope, `alarm:${name}`);
}

export function ecsServiceLinkedRole(scope: Scope): string {
  return globalArn('iam', scope, 'role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService');
}

/** An ECS resource id, `service/<cluster>/<service>`, as its parts; undefined when it is not one. */
export function ecsServiceOf(resourceId: string): { cluster: string; service: string } | undefined {
  const m = /^service\/([^/]+)\/([^/]+)$/.exec(resourceId);
  return m ? { cluster: m[1], service: m[2] } : undefined;
}
