/**
 * Target tracking for ECS services, as AWS sets it up: two CloudWatch alarms per policy on
 * the tracked metric, each evaluated every minute,
 * - AlarmHigh: above the target value for 3 datapoints of 1 minute → scale out;
 * - AlarmLow: below 90% of the target value for 15 datapoints of 1 minute → scale in (not
 *   created when scale-in is disabled),
 * both describing themselves "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy …" and
 * acting on `<policy ARN>:createdBy/<uuid>`. The new capacity is proportional to the metric,
 * ceil(capacity × metric / target): rounded up, so the expected metric afterwards is at or
 * below the target whichever way it scales (AWS's conservative rounding).
 */
import { PutMetricAlarmInput } from '../../../protocol/generated/cloudwatch.js';
import { CustomizedMetricSpecification, TargetTrackingScalingPolicyConfiguration } from '../../../protocol/generated/application-autoscaling.js';
import { AlarmKind } from './names.js';

/** ECS's default for both cooldowns when the policy names none. */
export const TRACKING_COOLDOWN_DEFAULT = 300;

const PERIOD = 60;
const HIGH_DATAPOINTS = 3;
const LOW_DATAPOINTS = 15;
const LOW_FRACTION = 0.9;

const ECS_METRICS: Record<string, string> = {
  ECSServiceAverageCPUUtilization: 'CPUUtilization',
  ECSServiceAverageMemoryUtilization: 'MemoryUtilization',
};
const ALB_METRIC = 'ALBRequestCountPerTarget';
const RESOURCE_LABEL = /^(app\/[^/]+\/[^/]+)\/(targetgroup\/[^/]+\/[^/]+)$/;

/** Twelve significant digits: 70 × 0.9 is 63, not 63.00000000000001, as AWS shows it. */
const tidy = (n: number): number => Number(n.toPrecision(12));

/** Why a target tracking configuration is refused for an ECS service, or undefined. */
export function trackingConfigProblem(config: TargetTrackingScalingPolicyConfiguration): string | undefined {
  if (!(config.TargetValue > 0)) return 'The target value must be greater than 0';
  if ((config.ScaleInCooldown ?? 0) < 0 || (config.ScaleOutCooldown ?? 0) < 0) return 'Cooldown must be greater than or equal to 0';
  const predefined = config.PredefinedMetricSpecification;
  const customized = config.CustomizedMetricSpecification;
  if ((predefined === undefined) === (customized === undefined)) {
    return 'Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified';
  }
  if (customized) return customizedProblem(customized);
  const type = predefined!.PredefinedMetricType;
  if (type !== ALB_METRIC && !(type in ECS_METRICS)) return `Unsupported metric type ${type} for service namespace ecs`;
  if (type === ALB_METRIC && !RESOURCE_LABEL.test(predefined!.ResourceLabel ?? '')) {
    return 'ResourceLabel must be app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id> for metric type ALBRequestCountPerTarget';
  }
  if (type !== ALB_METRIC && predefined!.ResourceLabel !== undefined) return `ResourceLabel is only supported for metric type ${ALB_METRIC}`;
  return undefined;
}

function customizedProblem(spec: CustomizedMetricSpecification): string | undefined {
  if (spec.Metrics !== undefined) {
    const simple = spec.MetricName ?? spec.Namespace ?? spec.Dimensions ?? spec.Statistic ?? spec.Unit;
    return simple === undefined ? undefined : 'Metrics cannot be specified together with MetricName, Namespace, Dimensions, Statistic or Unit';
  }
  if (!spec.MetricName || !spec.Namespace || !spec.Statistic) return 'A customized metric specification requires MetricName, Namespace and Statistic, or Metrics';
  return undefined;
}

export interface TrackingAlarmsInput {
  config: TargetTrackingScalingPolicyConfiguration;
  cluster: string;
  service: string;
  /** What the alarms perform: `<policy ARN>:createdBy/<uuid>`. */
  action: string;
  names: Record<AlarmKind, string>;
  /** CloudWatch's minute in seconds: AWS's alarms use 60-s periods; a shortened minute (--metric-period-seconds) compresses them. */
  period?: number;
}

/** The alarms AWS makes for the policy: high, then low unless scale-in is disabled. */
export function trackingAlarms(input: TrackingAlarmsInput): PutMetricAlarmInput[] {
  const { config, action, names } = input;
  const common = { ...metricOf(input), ActionsEnabled: true, AlarmActions: [action], AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${action}.` };
  const high: PutMetricAlarmInput = {
    ...common, AlarmName: names.AlarmHigh, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: HIGH_DATAPOINTS, Threshold: config.TargetValue,
  };
  if (config.DisableScaleIn) return [high];
  const low: PutMetricAlarmInput = {
    ...common, AlarmName: names.AlarmLow, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: LOW_DATAPOINTS, Threshold: tidy(config.TargetValue * LOW_FRACTION),
  };
  return [high, low];
}

type MetricPart = Pick<PutMetricAlarmInput, 'Namespace' | 'MetricName' | 'Dimensions' | 'Statistic' | 'Unit' | 'Period' | 'Metrics'>;

function metricOf({ config, cluster, service, period = PERIOD }: TrackingAlarmsInput): MetricPart {
  const predefined = config.PredefinedMetricSpecification;
  if (predefined?.PredefinedMetricType === ALB_METRIC) {
    const [, loadBalancer, targetGroup] = RESOURCE_LABEL.exec(predefined.ResourceLabel ?? '') ?? [];
    return {
      Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCountPerTarget', Statistic: 'Sum', Period: period,
      Dimensions: [{ Name: 'LoadBalancer', Value: loadBalancer }, { Name: 'TargetGroup', Value: targetGroup }],
    };
  }
  if (predefined) {
    return {
      Namespace: 'AWS/ECS', MetricName: ECS_METRICS[predefined.PredefinedMetricType], Statistic: 'Average', Unit: 'Percent', Period: period,
      Dimensions: [{ Name: 'ClusterName', Value: cluster }, { Name: 'ServiceName', Value: service }],
    };
  }
  return customizedMetric(config.CustomizedMetricSpecification!, period);
}

function customizedMetric(spec: CustomizedMetricSpecification, period: number): MetricPart {
  if (spec.Metrics) {
    return {
      Metrics: spec.Metrics.map((q) => ({
        Id: q.Id, Expression: q.Expression, Label: q.Label, ReturnData: q.ReturnData,
        ...(q.MetricStat ? { MetricStat: { Metric: q.MetricStat.Metric, Stat: q.MetricStat.Stat, Unit: q.MetricStat.Unit as MetricPart['Unit'], Period: period } } : {}),
      })),
    };
  }
  return {
    Namespace: spec.Namespace, MetricName: spec.MetricName, Dimensions: spec.Dimensions, Statistic: spec.Statistic,
    Unit: spec.Unit as MetricPart['Unit'], Period: period,
  };
}

/** The capacity that brings the metric to the target: ceil(capacity × metric / target). */
export function trackingCapacity(capacity: number, metric: number, target: number): number {
  return Math.ceil(tidy((capacity * metric) / target));
}
