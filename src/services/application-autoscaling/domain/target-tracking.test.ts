import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TargetTrackingScalingPolicyConfiguration } from '../../../protocol/generated/application-autoscaling.js';
import { trackingAlarms, trackingCapacity, trackingConfigProblem } from './target-tracking.js';

const CPU: TargetTrackingScalingPolicyConfiguration = { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } };
const LABEL = 'app/web/50dc6c495c0c9188/targetgroup/main/73e2d6bc24d8a067';
const ACTION = 'arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:p-1:resource/ecs/service/prod/web:policyName/cpu70:createdBy/c-1';
const NAMES = { AlarmHigh: 'TargetTracking-service/prod/web-AlarmHigh-h', AlarmLow: 'TargetTracking-service/prod/web-AlarmLow-l' };
const alarmsFor = (config: TargetTrackingScalingPolicyConfiguration) => trackingAlarms({ config, cluster: 'prod', service: 'web', action: ACTION, names: NAMES });

describe('target tracking', () => {
  it('makes the two alarms AWS makes for an ECS service: 3 minutes above the target, 15 below 90% of it', () => {
    const [high, low] = alarmsFor(CPU);
    const common = {
      Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Statistic: 'Average', Unit: 'Percent', Period: 60,
      Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'web' }],
      ActionsEnabled: true, AlarmActions: [ACTION], AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${ACTION}.`,
    };
    assert.deepEqual(high, { ...common, AlarmName: NAMES.AlarmHigh, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3, Threshold: 70 });
    assert.deepEqual(low, { ...common, AlarmName: NAMES.AlarmLow, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 15, Threshold: 63 });
  });

  it('tracks memory, ALB requests per target (both dimensions from the resource label) and customized metrics', () => {
    assert.equal(alarmsFor({ ...CPU, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' } })[0].MetricName, 'MemoryUtilization');
    const [alb] = alarmsFor({ TargetValue: 1000, PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: LABEL } });
    assert.deepEqual([alb.Namespace, alb.MetricName, alb.Statistic, alb.Dimensions], [
      'AWS/ApplicationELB', 'RequestCountPerTarget', 'Sum', [{ Name: 'LoadBalancer', Value: 'app/web/50dc6c495c0c9188' }, { Name: 'TargetGroup', Value: 'targetgroup/main/73e2d6bc24d8a067' }],
    ]);
    const custom = { MetricName: 'QueueDepth', Namespace: 'App', Statistic: 'Average' as const, Dimensions: [{ Name: 'Queue', Value: 'jobs' }] };
    const [own] = alarmsFor({ TargetValue: 5, CustomizedMetricSpecification: custom });
    assert.deepEqual([own.Namespace, own.MetricName, own.Statistic, own.Dimensions, own.Period], ['App', 'QueueDepth', 'Average', custom.Dimensions, 60]);
  });

  it('makes no low alarm when scale-in is disabled', () => {
    assert.deepEqual(alarmsFor({ ...CPU, DisableScaleIn: true }).map((a) => a.AlarmName), [NAMES.AlarmHigh]);
  });

  it('refuses configurations an ECS service cannot track', () => {
    const cases: Array<[string, TargetTrackingScalingPolicyConfiguration, string | undefined]> = [
      ['CPU', CPU, undefined],
      ['ALB with a label', { TargetValue: 10, PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: LABEL } }, undefined],
      ['ALB without a label', { TargetValue: 10, PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget' } }, 'ResourceLabel must be app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id> for metric type ALBRequestCountPerTarget'],
      ['a label on CPU', { ...CPU, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization', ResourceLabel: LABEL } }, 'ResourceLabel is only supported for metric type ALBRequestCountPerTarget'],
      ['a DynamoDB metric', { TargetValue: 10, PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBReadCapacityUtilization' } }, 'Unsupported metric type DynamoDBReadCapacityUtilization for service namespace ecs'],
      ['no metric', { TargetValue: 10 }, 'Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified'],
      ['a zero target', { ...CPU, TargetValue: 0 }, 'The target value must be greater than 0'],
      ['a negative cooldown', { ...CPU, ScaleInCooldown: -1 }, 'Cooldown must be greater than or equal to 0'],
      ['a customized metric without a statistic', { TargetValue: 1, CustomizedMetricSpecification: { MetricName: 'm', Namespace: 'n' } }, 'A customized metric specification requires MetricName, Namespace and Statistic, or Metrics'],
    ];
    for (const [what, config, problem] of cases) assert.equal(trackingConfigProblem(config), problem, what);
  });

  it('proposes ceil(capacity × metric / target), so the metric ends at or below the target', () => {
    const cases: Array<[number, number, number, number]> = [
      [2, 90, 75, 3], [4, 76, 75, 5], [10, 150, 75, 20], [10, 60, 75, 8], [10, 30, 75, 4], [3, 70, 70, 3], [5, 0, 50, 0], [0, 99, 50, 0],
    ];
    for (const [capacity, metric, target, expected] of cases) assert.equal(trackingCapacity(capacity, metric, target), expected, `${capacity} × ${metric} / ${target}`);
  });
});
