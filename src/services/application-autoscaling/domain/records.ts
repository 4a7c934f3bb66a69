/**
 * Application Auto Scaling's records in the Store. A scalable target is keyed by where it
 * lives and what it scales: `<region>/<account>/<namespace>/<dimension>/<resource id>`
 * (a namespace holds no `/`, a dimension neither, so the key splits back unambiguously and
 * `<scope><namespace>/` lists one namespace). Its policies and scheduled actions are keyed
 * `<target key>#<name>`; activities are listed newest first by an inverted sequence number.
 *
 * AWS member names are kept for what the API answers; Berth's own fields are lower case.
 */
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';
import {
  Alarm, NotScaledReason, ScalableTargetAction, StepScalingPolicyConfiguration, SuspendedState, TargetTrackingScalingPolicyConfiguration,
} from '../../../protocol/generated/application-autoscaling.js';
import { IndexDefinition } from '../../../state/store.js';

export const KIND = {
  target: 'application-autoscaling/scalable-target',
  policy: 'application-autoscaling/scaling-policy',
  scheduledAction: 'application-autoscaling/scheduled-action',
  /** When each scheduled action runs next: `<ISO time>|<action id>`, so the due ones come first. */
  due: 'application-autoscaling/scheduled-action-due',
  activity: 'application-autoscaling/scaling-activity',
  /** When each activity leaves the record (six weeks on): `<ISO time>|<activity id>`. */
  activityExpiry: 'application-autoscaling/scaling-activity-expiry',
} as const;

/** What a target is, as every request names it. */
export interface TargetRef {
  ServiceNamespace: string;
  ResourceId: string;
  ScalableDimension: string;
}

/** The last policy-driven change in each direction: the cooldowns start from these. */
export interface CooldownState {
  /** The last scale-out: when, and the capacity before it (the base of scale-outs during its cooldown). */
  scaleOut?: { at: string; base: number };
  /** The last scale-in; a scale-out clears it (AWS ends a scale-in cooldown when scaling out). */
  scaleIn?: { at: string };
}

export interface TargetDoc extends TargetRef {
  scope: Scope;
  MinCapacity: number;
  MaxCapacity: number;
  RoleARN: string;
  /** ISO 8601. */
  CreationTime: string;
  SuspendedState: Required<SuspendedState>;
  ScalableTargetARN: string;
  tags: Record<string, string>;
  cooldown: CooldownState;
}

export type PolicyType = 'StepScaling' | 'TargetTrackingScaling';

export interface PolicyDoc extends TargetRef {
  scope: Scope;
  PolicyName: string;
  PolicyARN: string;
  /** The uuid in the ARN: alarm actions name the policy by it. */
  policyId: string;
  PolicyType: PolicyType;
  StepScalingPolicyConfiguration?: StepScalingPolicyConfiguration;
  TargetTrackingScalingPolicyConfiguration?: TargetTrackingScalingPolicyConfiguration;
  /** Target tracking: the alarms Berth made for it (high, then low unless scale-in is disabled). */
  Alarms: Alarm[];
  /** Target tracking: the action its alarms perform, `<PolicyARN>:createdBy/<uuid>`. */
  alarmAction?: string;
  CreationTime: string;
}

export interface ScheduledActionDoc extends TargetRef {
  scope: Scope;
  ScheduledActionName: string;
  ScheduledActionARN: string;
  Schedule: string;
  Timezone: string;
  StartTime?: string;
  EndTime?: string;
  ScalableTargetAction: ScalableTargetAction;
  CreationTime: string;
  /** When it runs next (ISO 8601); absent when it never will again. */
  nextRun?: string;
}

export interface DueDoc {
  actionId: string;
}

export interface ActivityDoc extends TargetRef {
  scope: Scope;
  ActivityId: string;
  Description: string;
  Cause: string;
  StartTime: string;
  EndTime?: string;
  StatusCode: 'Successful' | 'Failed';
  StatusMessage?: string;
  NotScaledReasons?: NotScaledReason[];
}

export interface ActivityExpiryDoc {
  activityId: string;
}

/** The target's key, the prefix of its policies' and scheduled actions' keys. */
export function targetId(scope: Scope, ref: TargetRef): string {
  return `${scopePrefix(scope)}${ref.ServiceNamespace}/${ref.ScalableDimension}/${ref.ResourceId}`;
}

/** Everything of one namespace in a scope (targets, policies, scheduled actions). */
export function namespacePrefix(scope: Scope, namespace: string): string {
  return `${scopePrefix(scope)}${namespace}/`;
}

/** A target's policies or scheduled actions: `#` is no character of an ECS resource id. */
export const childPrefix = (targetKey: string): string => `${targetKey}#`;
export const childId = (targetKey: string, name: string): string => `${childPrefix(targetKey)}${name}`;

/** Newest first: ids count down as the sequence counts up. */
export function activityId(scope: Scope, namespace: string, sequence: number): string {
  return `${namespacePrefix(scope, namespace)}${String(1e15 - sequence).padStart(16, '0')}`;
}

/** ISO times of the same form sort as they follow each other. */
export const timedId = (iso: string, id: string): string => `${iso}|${id}`;

export const INDEX = { targetArn: 'target-arn', policyId: 'policy-id', activityTarget: 'activity-target' } as const;

export const INDEXES: IndexDefinition[] = [
  // Tagging calls name a target by its ARN.
  { kind: KIND.target, name: INDEX.targetArn, version: 1, keys: (doc: TargetDoc) => [doc.ScalableTargetARN] },
  // An alarm action names a policy by the uuid in its ARN.
  { kind: KIND.policy, name: INDEX.policyId, version: 1, keys: (doc: PolicyDoc) => [`${scopePrefix(doc.scope)}${doc.policyId}`] },
  // DescribeScalingActivities for one target, newest first like the activities' own ids.
  { kind: KIND.activity, name: INDEX.activityTarget, version: 1, keys: (doc: ActivityDoc) => [targetId(doc.scope, doc)] },
];
