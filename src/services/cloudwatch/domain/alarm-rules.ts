/**
 * PutMetricAlarm's rules, as AWS checks them, turning the input into an AlarmConfig:
 *
 * - a metric (MetricName, Namespace, one of Statistic/ExtendedStatistic, Period) or a
 *   metric-math Metrics list with exactly one query returning data, never both; an
 *   ExtendedStatistic as PutMetricAlarm documents them (pNN, tm/tc/ts/wmNN, IQM, PR(n:m), and
 *   TM/TC/TS/WM(X%:X%) with X from 10 to 90); EvaluateLowSampleCountPercentile `evaluate` or
 *   `ignore`, with an ExtendedStatistic only;
 * - Period 10, 30 or a multiple of 60 (or of the configured minute when tests compress
 *   time), and EvaluationPeriods × Period at most one day;
 * - DatapointsToAlarm ≤ EvaluationPeriods; TreatMissingData one of AWS's four;
 * - ComparisonOperator and Threshold present; action ARNs well formed.
 *
 * Anomaly-detection and PromQL alarms are refused: Berth has no anomaly models.
 */
import { parseArn } from '../../../platform/aws/arn.js';
import { PutMetricAlarmInput } from '../../../protocol/generated/cloudwatch.js';
import { cwErrors } from './errors.js';
import { checkQueries } from './metric-query.js';
import { AlarmConfig, TreatMissingData } from './records.js';
import { checkedDimensions } from './series-key.js';
import { parseExtendedStatistic } from '../../../metrics/extended-statistics.js';

const DAY = 86_400;
const TREATMENTS: readonly TreatMissingData[] = ['breaching', 'notBreaching', 'ignore', 'missing'];
const THRESHOLD_OPERATORS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'];
const METRIC_FIELDS = ['MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic', 'Dimensions', 'Period', 'Unit'] as const;
const LOW_SAMPLE_CHOICES = ['evaluate', 'ignore'];

/** Whether an alarm may use `period` seconds; `minute` is the configured minute (60 outside tests). */
function isAlarmPeriod(period: number, minute: number): boolean {
  return period === 10 || period === 30 || period % 60 === 0 || period % minute === 0;
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw cwErrors.validation(`The parameter ${name} is required.`);
  return value;
}

function checkPeriod(period: number, minute: number): void {
  if (!isAlarmPeriod(period, minute)) throw cwErrors.validation('Period must be 10, 30 or a multiple of 60');
}

export function alarmConfig(input: PutMetricAlarmInput, minute: number): AlarmConfig {
  if (input.EvaluationCriteria !== undefined || input.EvaluationInterval !== undefined) throw cwErrors.validation('PromQL alarms (EvaluationCriteria, EvaluationInterval) are not supported by Berth.');
  if (input.ThresholdMetricId !== undefined || !THRESHOLD_OPERATORS.includes(input.ComparisonOperator ?? THRESHOLD_OPERATORS[0])) {
    throw cwErrors.validation('Anomaly detection alarms (ThresholdMetricId and the band comparison operators) are not supported by Berth.');
  }
  const period = input.Metrics !== undefined ? metricMathPeriod(input, minute) : metricPeriod(input, minute);
  const evaluationPeriods = required(input.EvaluationPeriods, 'EvaluationPeriods');
  if (evaluationPeriods * period > DAY) throw cwErrors.validation(`The product of EvaluationPeriods and Period must not exceed ${DAY} seconds (one day).`);
  if (input.DatapointsToAlarm !== undefined && input.DatapointsToAlarm > evaluationPeriods) throw cwErrors.validation('DatapointsToAlarm must be less than or equal to EvaluationPeriods');
  const treat = input.TreatMissingData;
  if (treat !== undefined && !TREATMENTS.includes(treat as TreatMissingData)) {
    throw cwErrors.validation(`The value ${treat} is not supported for TreatMissingData parameter. Supported values are [breaching, notBreaching, ignore, missing].`);
  }
  for (const arn of [...(input.AlarmActions ?? []), ...(input.OKActions ?? []), ...(input.InsufficientDataActions ?? [])]) {
    if (!parseArn(arn)) throw cwErrors.validation(`Invalid arn syntax: ${arn}`);
  }
  return {
    AlarmName: input.AlarmName,
    ...(input.AlarmDescription !== undefined ? { AlarmDescription: input.AlarmDescription } : {}),
    ActionsEnabled: input.ActionsEnabled ?? true,
    OKActions: input.OKActions ?? [],
    AlarmActions: input.AlarmActions ?? [],
    InsufficientDataActions: input.InsufficientDataActions ?? [],
    ...metricFields(input),
    Dimensions: input.Dimensions ?? [],
    EvaluationPeriods: evaluationPeriods,
    ...(input.DatapointsToAlarm !== undefined ? { DatapointsToAlarm: input.DatapointsToAlarm } : {}),
    Threshold: required(input.Threshold, 'Threshold'),
    ComparisonOperator: required(input.ComparisonOperator, 'ComparisonOperator') as AlarmConfig['ComparisonOperator'],
    ...(treat !== undefined ? { TreatMissingData: treat as TreatMissingData } : {}),
    ...(input.Metrics !== undefined ? { Metrics: input.Metrics } : {}),
  };
}

function metricFields(input: PutMetricAlarmInput): Partial<AlarmConfig> {
  const out: Partial<AlarmConfig> = {};
  for (const k of ['MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic', 'EvaluateLowSampleCountPercentile', 'Period', 'Unit'] as const) if (input[k] !== undefined) Object.assign(out, { [k]: input[k] });
  return out;
}

/** A single-metric alarm's period, after its metric fields are checked. */
function metricPeriod(input: PutMetricAlarmInput, minute: number): number {
  required(input.MetricName, 'MetricName');
  required(input.Namespace, 'Namespace');
  if ((input.Statistic === undefined) === (input.ExtendedStatistic === undefined)) throw cwErrors.invalidCombination('Exactly one of the parameters Statistic and ExtendedStatistic must be specified.');
  if (input.ExtendedStatistic !== undefined && !isAlarmExtendedStatistic(input.ExtendedStatistic)) {
    throw cwErrors.invalidValue(`The value ${input.ExtendedStatistic} for parameter ExtendedStatistic is not supported.`);
  }
  checkLowSampleCount(input);
  checkedDimensions(input, 'Dimensions');
  const period = required(input.Period, 'Period');
  checkPeriod(period, minute);
  return period;
}

/** The extended statistics PutMetricAlarm takes: ranges of percentages only from 10% to 90%. */
function isAlarmExtendedStatistic(name: string): boolean {
  const stat = parseExtendedStatistic(name);
  if (!stat || stat.kind === 'p' || stat.kind === 'PR' || !name.includes('(')) return stat !== undefined;
  return [stat.lower, stat.upper].every((b) => b !== undefined && b.percent && b.value >= 10 && b.value <= 90);
}

function checkLowSampleCount(input: PutMetricAlarmInput): void {
  const choice = input.EvaluateLowSampleCountPercentile;
  if (choice === undefined) return;
  if (input.ExtendedStatistic === undefined) throw cwErrors.validation('EvaluateLowSampleCountPercentile applies only to alarms on percentiles (ExtendedStatistic).');
  if (!LOW_SAMPLE_CHOICES.includes(choice)) {
    throw cwErrors.validation(`The value ${choice} is not supported for EvaluateLowSampleCountPercentile parameter. Supported values are [evaluate, ignore].`);
  }
}

/** A metric-math alarm's period: that of the query it alarms on, after the queries are checked. */
function metricMathPeriod(input: PutMetricAlarmInput, minute: number): number {
  const given = METRIC_FIELDS.filter((k) => input[k] !== undefined);
  if (given.length > 0) throw cwErrors.validation(`The parameters Metrics and ${given.join(', ')} are mutually exclusive.`);
  const metrics = input.Metrics!;
  checkQueries(metrics, 'Metrics', minute);
  const returning = metrics.filter((q) => q.ReturnData !== false);
  if (returning.length !== 1) throw cwErrors.validation('Exactly one element of the metrics list should return data.');
  const periods = metrics.flatMap((q) => (q.MetricStat ? [q.MetricStat.Period] : q.Period !== undefined ? [q.Period] : []));
  for (const p of periods) checkPeriod(p, minute);
  const period = returning[0].MetricStat?.Period ?? returning[0].Period ?? (periods.length > 0 ? Math.min(...periods) : undefined);
  return required(period, 'Metrics.member.N.Period');
}
