/**
 * Step scaling as AWS documents it. Step bounds are relative to the alarm's threshold (the
 * breach is the metric value minus the threshold): above the threshold a step's lower bound
 * is inclusive and its upper bound exclusive, below it the other way round; an absent lower
 * bound is minus infinity, an absent upper bound plus infinity. The steps must cover one
 * range without gaps or overlaps. The metric value is the alarm's most recent datapoints
 * aggregated by MetricAggregationType (Average when absent), as the user guide says AWS does.
 * PercentChangeInCapacity results are rounded towards zero beyond ±1 and to ±1 within it,
 * then raised to MinAdjustmentMagnitude.
 */
import { StepAdjustment, StepScalingPolicyConfiguration } from '../../../protocol/generated/application-autoscaling.js';

export const STEP_COOLDOWN_DEFAULT = 300;

type Step = StepAdjustment;

const lowerOf = (s: Step) => s.MetricIntervalLowerBound ?? -Infinity;
const upperOf = (s: Step) => s.MetricIntervalUpperBound ?? Infinity;

/** Why a step scaling configuration is refused, or undefined. */
export function stepConfigProblem(config: StepScalingPolicyConfiguration): string | undefined {
  if (config.AdjustmentType === undefined) return 'AdjustmentType is required for a step scaling policy configuration';
  const steps = config.StepAdjustments ?? [];
  if (steps.length === 0) return 'At least one step adjustment is required for a step scaling policy configuration';
  if (config.MinAdjustmentMagnitude !== undefined && config.AdjustmentType !== 'PercentChangeInCapacity') {
    return 'MinAdjustmentMagnitude may only be specified with the PercentChangeInCapacity adjustment type';
  }
  if (config.MinAdjustmentMagnitude !== undefined && config.MinAdjustmentMagnitude < 0) return 'MinAdjustmentMagnitude must be greater than or equal to 0';
  if (config.AdjustmentType === 'ExactCapacity' && steps.some((s) => s.ScalingAdjustment < 0)) return 'Scaling adjustments of the ExactCapacity type must be greater than or equal to 0';
  if (config.Cooldown !== undefined && config.Cooldown < 0) return 'Cooldown must be greater than or equal to 0';
  return stepsProblem(steps);
}

function stepsProblem(steps: Step[]): string | undefined {
  if (steps.some((s) => s.MetricIntervalLowerBound === undefined && s.MetricIntervalUpperBound === undefined)) {
    return 'The upper and lower bounds of a step adjustment cannot both be null';
  }
  if (steps.some((s) => lowerOf(s) >= upperOf(s))) return 'The lower bound of a step adjustment must be less than its upper bound';
  if (steps.filter((s) => s.MetricIntervalLowerBound === undefined).length > 1) return 'Only one step adjustment can have a null lower bound';
  if (steps.filter((s) => s.MetricIntervalUpperBound === undefined).length > 1) return 'Only one step adjustment can have a null upper bound';
  const sorted = [...steps].sort((a, b) => lowerOf(a) - lowerOf(b));
  for (let i = 1; i < sorted.length; i++) {
    if (upperOf(sorted[i - 1]) !== lowerOf(sorted[i])) return 'Step adjustment intervals cannot overlap or have a gap';
  }
  const lowest = lowerOf(sorted[0]);
  const highest = upperOf(sorted[sorted.length - 1]);
  if (Number.isFinite(lowest) && lowest < 0) return 'A step adjustment with a negative lower bound requires a step adjustment with a null lower bound';
  if (Number.isFinite(highest) && highest > 0) return 'A step adjustment with a positive upper bound requires a step adjustment with a null upper bound';
  return undefined;
}

/** The metric value a step is chosen by; undefined without datapoints. */
export function aggregatedMetric(type: StepScalingPolicyConfiguration['MetricAggregationType'], datapoints: readonly number[]): number | undefined {
  if (datapoints.length === 0) return undefined;
  switch (type) {
    case 'Minimum':
      return Math.min(...datapoints);
    case 'Maximum':
      return Math.max(...datapoints);
    default:
      return datapoints.reduce((sum, v) => sum + v, 0) / datapoints.length;
  }
}

/** The step a breach falls in, or undefined when the steps do not cover it. */
export function stepFor(steps: Step[], breach: number): Step | undefined {
  const above = breach >= 0;
  return steps.find((s) => (above ? lowerOf(s) <= breach && breach < upperOf(s) : lowerOf(s) < breach && breach <= upperOf(s)));
}

/** A fractional change as AWS rounds it: towards zero beyond ±1, to ±1 within (0, 1). */
export function roundChange(change: number): number {
  if (Number.isInteger(change)) return change;
  if (change > 1) return Math.floor(change);
  if (change > 0) return 1;
  if (change > -1) return -1;
  return Math.ceil(change);
}

/** The capacity a step's adjustment asks for, from `base`. */
export function adjustedCapacity(config: StepScalingPolicyConfiguration, adjustment: number, base: number): number {
  switch (config.AdjustmentType) {
    case 'ExactCapacity':
      return adjustment;
    case 'PercentChangeInCapacity':
      return base + percentChange(base, adjustment, config.MinAdjustmentMagnitude ?? 0);
    default:
      return base + adjustment;
  }
}

function percentChange(base: number, percent: number, minMagnitude: number): number {
  const change = roundChange((base * percent) / 100);
  if (percent === 0 || Math.abs(change) >= minMagnitude) return change;
  return Math.sign(percent) * minMagnitude;
}
