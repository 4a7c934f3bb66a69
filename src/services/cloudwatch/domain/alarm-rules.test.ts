import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutMetricAlarmInput } from '../../../protocol/generated/cloudwatch.js';
import { ServiceError } from '../../../protocol/errors.js';
import { alarmConfig } from './alarm-rules.js';

const BASE: PutMetricAlarmInput = {
  AlarmName: 'cpu', MetricName: 'CPUUtilization', Namespace: 'AWS/ECS', Statistic: 'Average', Period: 60,
  EvaluationPeriods: 3, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold',
};
const MATH: PutMetricAlarmInput = {
  AlarmName: 'ratio', EvaluationPeriods: 2, Threshold: 0.5, ComparisonOperator: 'GreaterThanThreshold',
  Metrics: [
    { Id: 'errors', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Errors' }, Period: 300, Stat: 'Sum' }, ReturnData: false },
    { Id: 'requests', MetricStat: { Metric: { Namespace: 'App', MetricName: 'Requests' }, Period: 300, Stat: 'Sum' }, ReturnData: false },
    { Id: 'e1', Expression: 'errors / requests', Label: 'Error ratio' },
  ],
};

function refusal(input: PutMetricAlarmInput, minute = 60): string {
  try {
    alarmConfig(input, minute);
  } catch (e) {
    return `${(e as ServiceError).code}: ${(e as ServiceError).message}`;
  }
  return 'accepted';
}

describe('PutMetricAlarm rules', () => {
  it('fills AWS\'s defaults', () => {
    assert.deepEqual(alarmConfig(BASE, 60), {
      AlarmName: 'cpu', ActionsEnabled: true, OKActions: [], AlarmActions: [], InsufficientDataActions: [], MetricName: 'CPUUtilization', Namespace: 'AWS/ECS',
      Statistic: 'Average', Period: 60, Dimensions: [], EvaluationPeriods: 3, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('takes metric-math alarms with one query returning data', () => {
    assert.deepEqual(alarmConfig(MATH, 60).Metrics, MATH.Metrics);
  });

  const accepted: Array<[string, PutMetricAlarmInput, number?]> = [
    ['a 10-second period', { ...BASE, Period: 10 }],
    ['a 30-second period', { ...BASE, Period: 30 }],
    ['one day of evaluation', { ...BASE, Period: 3600, EvaluationPeriods: 24 }],
    ['2 of 3 datapoints', { ...BASE, DatapointsToAlarm: 2 }],
    ['each TreatMissingData', { ...BASE, TreatMissingData: 'notBreaching' }],
    ['a 2-second period when the minute is 1 second', { ...BASE, Period: 2 }, 1],
    ...['p99', 'p99.9', 'tm90', 'wm90', 'tc90', 'ts90', 'IQM', 'PR(100:2000)', 'TM(10%:90%)', 'WM(25%:75%)'].map((ExtendedStatistic): [string, PutMetricAlarmInput] =>
      [`the extended statistic ${ExtendedStatistic}`, { ...BASE, Statistic: undefined, ExtendedStatistic }]),
    ['a percentile that ignores low sample counts', { ...BASE, Statistic: undefined, ExtendedStatistic: 'p99', EvaluateLowSampleCountPercentile: 'ignore' }],
  ];
  for (const [what, input, minute] of accepted) it(`accepts ${what}`, () => assert.equal(refusal(input, minute), 'accepted'));

  const refused: Array<[string, PutMetricAlarmInput, string]> = [
    ['a 45-second period', { ...BASE, Period: 45 }, 'ValidationError: Period must be 10, 30 or a multiple of 60'],
    ['more than a day of evaluation', { ...BASE, Period: 3600, EvaluationPeriods: 25 }, 'ValidationError: The product of EvaluationPeriods and Period must not exceed 86400 seconds (one day).'],
    ['more datapoints than periods', { ...BASE, DatapointsToAlarm: 4 }, 'ValidationError: DatapointsToAlarm must be less than or equal to EvaluationPeriods'],
    ['an unknown treatment', { ...BASE, TreatMissingData: 'sometimes' }, 'ValidationError: The value sometimes is not supported for TreatMissingData parameter. Supported values are [breaching, notBreaching, ignore, missing].'],
    ['both statistics', { ...BASE, ExtendedStatistic: 'p99' }, 'InvalidParameterCombinationException: Exactly one of the parameters Statistic and ExtendedStatistic must be specified.'],
    ['no statistic', { ...BASE, Statistic: undefined }, 'InvalidParameterCombinationException: Exactly one of the parameters Statistic and ExtendedStatistic must be specified.'],
    ['a malformed extended statistic', { ...BASE, Statistic: undefined, ExtendedStatistic: 'median' }, 'InvalidParameterValueException: The value median for parameter ExtendedStatistic is not supported.'],
    ['a range beyond 10%…90%', { ...BASE, Statistic: undefined, ExtendedStatistic: 'TM(5%:95%)' }, 'InvalidParameterValueException: The value TM(5%:95%) for parameter ExtendedStatistic is not supported.'],
    ['a range of values for a trimmed mean', { ...BASE, Statistic: undefined, ExtendedStatistic: 'TM(150:1000)' }, 'InvalidParameterValueException: The value TM(150:1000) for parameter ExtendedStatistic is not supported.'],
    ['low sample counts without a percentile', { ...BASE, EvaluateLowSampleCountPercentile: 'ignore' }, 'ValidationError: EvaluateLowSampleCountPercentile applies only to alarms on percentiles (ExtendedStatistic).'],
    ['an unknown low sample count choice', { ...BASE, Statistic: undefined, ExtendedStatistic: 'p99', EvaluateLowSampleCountPercentile: 'sometimes' }, 'ValidationError: The value sometimes is not supported for EvaluateLowSampleCountPercentile parameter. Supported values are [evaluate, ignore].'],
    ['no period', { ...BASE, Period: undefined }, 'ValidationError: The parameter Period is required.'],
    ['no namespace', { ...BASE, Namespace: undefined }, 'ValidationError: The parameter Namespace is required.'],
    ['no evaluation periods', { ...BASE, EvaluationPeriods: undefined }, 'ValidationError: The parameter EvaluationPeriods is required.'],
    ['no threshold', { ...BASE, Threshold: undefined }, 'ValidationError: The parameter Threshold is required.'],
    ['an anomaly band', { ...BASE, ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold' }, 'ValidationError: Anomaly detection alarms (ThresholdMetricId and the band comparison operators) are not supported by Berth.'],
    ['an action that is no ARN', { ...BASE, AlarmActions: ['my-topic'] }, 'ValidationError: Invalid arn syntax: my-topic'],
    ['a metric and Metrics', { ...MATH, MetricName: 'x', Period: 60 }, 'ValidationError: The parameters Metrics and MetricName, Period are mutually exclusive.'],
    ['two queries returning data', { ...MATH, Metrics: MATH.Metrics!.map((q) => ({ ...q, ReturnData: true })) }, 'ValidationError: Exactly one element of the metrics list should return data.'],
    ['an expression on an unknown id', { ...MATH, Metrics: [{ Id: 'e1', Expression: 'm9 * 2' }] }, 'ValidationError: Error in expression e1: there is no query with the id m9'],
    ['a cycle', { ...MATH, Metrics: [{ Id: 'a', Expression: 'b + 1', ReturnData: false }, { Id: 'b', Expression: 'a + 1' }] }, 'ValidationError: Error in expression a: it refers to itself through a → b'],
  ];
  for (const [what, input, expected] of refused) it(`refuses ${what}`, () => assert.equal(refusal(input), expected));
});
