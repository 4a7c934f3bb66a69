/** An alarm record as DescribeAlarms answers it: AWS's members only, empty action lists and dimensions included. */
import { MetricAlarm } from '../../../protocol/generated/cloudwatch.js';
import { AlarmDoc } from '../domain/records.js';

export function metricAlarmView(a: AlarmDoc): MetricAlarm {
  return {
    AlarmName: a.AlarmName, AlarmArn: a.AlarmArn,
    ...(a.AlarmDescription !== undefined ? { AlarmDescription: a.AlarmDescription } : {}),
    AlarmConfigurationUpdatedTimestamp: a.AlarmConfigurationUpdatedTimestamp,
    ActionsEnabled: a.ActionsEnabled, OKActions: a.OKActions, AlarmActions: a.AlarmActions, InsufficientDataActions: a.InsufficientDataActions,
    StateValue: a.StateValue, StateReason: a.StateReason,
    ...(a.StateReasonData !== undefined ? { StateReasonData: a.StateReasonData } : {}),
    StateUpdatedTimestamp: a.StateUpdatedTimestamp,
    MetricName: a.MetricName, Namespace: a.Namespace, Statistic: a.Statistic, ExtendedStatistic: a.ExtendedStatistic, Dimensions: a.Dimensions, Period: a.Period,
    Unit: a.Unit as MetricAlarm['Unit'],
    EvaluationPeriods: a.EvaluationPeriods, DatapointsToAlarm: a.DatapointsToAlarm, Threshold: a.Threshold, ComparisonOperator: a.ComparisonOperator,
    TreatMissingData: a.TreatMissingData, EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile, Metrics: a.Metrics,
    StateTransitionedTimestamp: a.StateTransitionedTimestamp,
  };
}
