/**
 * What CloudWatch offers other services (the `alarms` port): alarms another service owns
 * (Application Auto Scaling's target-tracking pairs), their states (ECS deployment alarms),
 * and the actions an alarm performs when its state changes, carried out by the service whose
 * ARNs they are (`arn:aws:autoscaling:…:scalingPolicy:…` → Application Auto Scaling).
 */
import { Scope } from '../../../platform/aws/scope.js';
import { PutMetricAlarmInput } from '../../../protocol/generated/cloudwatch.js';

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmStateView {
  alarmArn: string;
  state: AlarmStateValue;
  /** When the state last changed. */
  updated: Date;
  /**
   * Seconds from any moment until an evaluation that reads only datapoints from after it is
   * due: Period × EvaluationPeriods plus the interval between evaluations (ECS bakes a
   * deployment this long). The alarm book answers it; test stand-ins of the port may not.
   */
  freshEvaluationSeconds?: number;
}

/**
 * Handed to the service that performs an action, when an alarm enters the action's state
 * with its actions enabled. Auto Scaling actions (`arn:…:autoscaling:…` policies) are handed
 * over again at every evaluation while the alarm stays in ALARM (once a minute, or every 10 s
 * for periods under a minute), as AWS re-invokes scaling policies; others only on changes.
 */
export interface AlarmActionEvent {
  scope: Scope;
  actionArn: string;
  alarmName: string;
  alarmArn: string;
  state: AlarmStateValue;
  /** The state reason, as DescribeAlarms shows it. */
  reason: string;
  /** The newest evaluated datapoint, when there was one (step scaling measures its breach). */
  value?: number;
  /**
   * On a state change, the datapoints of the evaluation that made it, oldest first (the state
   * reason data's recentDatapoints): step scaling aggregates them by its MetricAggregationType.
   */
  datapoints?: number[];
  threshold?: number;
  time: Date;
}

/** An alarm as the Alarms of DescribeScalingPolicies name it. */
export interface AlarmRef {
  AlarmName: string;
  AlarmARN: string;
}

export interface AlarmService {
  /** Creates or replaces an alarm exactly as PutMetricAlarm does (same validation; throws its ServiceError). */
  putAlarm(scope: Scope, input: PutMetricAlarmInput): void;
  /** Deletes alarms by name; names that do not exist are ignored. */
  deleteAlarms(scope: Scope, names: string[]): void;
  /** The alarm's state, or undefined when there is no such alarm. */
  alarmState(scope: Scope, name: string): AlarmStateView | undefined;
  /**
   * For each of `actionArns`, the alarms (in name order) that name it among their OK, ALARM or
   * INSUFFICIENT_DATA actions. The alarm book answers it; test stand-ins of the port may not.
   */
  alarmsActingOn?(scope: Scope, actionArns: readonly string[]): Map<string, AlarmRef[]>;
  /**
   * Registers who performs actions whose ARN starts with `arnPrefix` (e.g. `arn:aws:autoscaling:`);
   * the longest matching prefix wins. `perform` runs after the state change is committed; what it
   * throws is recorded as the action's failure in the alarm's history ("Failed to execute action …").
   */
  onAction(arnPrefix: string, perform: (event: AlarmActionEvent) => void): void;
}
