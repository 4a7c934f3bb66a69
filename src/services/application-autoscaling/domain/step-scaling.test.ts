import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StepScalingPolicyConfiguration } from '../../../protocol/generated/application-autoscaling.js';
import { adjustedCapacity, aggregatedMetric, roundChange, stepConfigProblem, stepFor } from './step-scaling.js';

const step = (lower: number | undefined, upper: number | undefined, adjustment: number) => ({
  ...(lower !== undefined ? { MetricIntervalLowerBound: lower } : {}), ...(upper !== undefined ? { MetricIntervalUpperBound: upper } : {}), ScalingAdjustment: adjustment,
});

// The user guide's example: a 50% threshold, scale-out steps 0/10/20, scale-in steps -10/-20.
const OUT = [step(0, 10, 0), step(10, 20, 10), step(20, undefined, 30)];
const IN = [step(-10, 0, 0), step(-20, -10, -10), step(undefined, -20, -30)];
const percent = (steps = OUT): StepScalingPolicyConfiguration => ({ AdjustmentType: 'PercentChangeInCapacity', StepAdjustments: steps });

describe('step scaling', () => {
  it('checks a configuration as AWS documents the rules', () => {
    const cases: Array<[string, StepScalingPolicyConfiguration, string | undefined]> = [
      ['the guide\'s scale-out steps', percent(OUT), undefined],
      ['the guide\'s scale-in steps', percent(IN), undefined],
      ['one open-ended step', { AdjustmentType: 'ChangeInCapacity', StepAdjustments: [step(0, undefined, 1)] }, undefined],
      ['no adjustment type', { StepAdjustments: OUT }, 'AdjustmentType is required for a step scaling policy configuration'],
      ['no steps', { AdjustmentType: 'ChangeInCapacity', StepAdjustments: [] }, 'At least one step adjustment is required for a step scaling policy configuration'],
      ['both bounds null', percent([step(undefined, undefined, 1)]), 'The upper and lower bounds of a step adjustment cannot both be null'],
      ['a gap', percent([step(0, 10, 1), step(20, undefined, 2)]), 'Step adjustment intervals cannot overlap or have a gap'],
      ['an overlap', percent([step(0, 15, 1), step(10, undefined, 2)]), 'Step adjustment intervals cannot overlap or have a gap'],
      ['two null lower bounds', percent([step(undefined, 0, 1), step(undefined, 5, 2)]), 'Only one step adjustment can have a null lower bound'],
      ['a bound pair the wrong way round', percent([step(10, 0, 1)]), 'The lower bound of a step adjustment must be less than its upper bound'],
      ['a negative lower bound without minus infinity', percent([step(-10, 0, 1)]), 'A step adjustment with a negative lower bound requires a step adjustment with a null lower bound'],
      ['a positive upper bound without plus infinity', percent([step(0, 10, 1)]), 'A step adjustment with a positive upper bound requires a step adjustment with a null upper bound'],
      ['a magnitude without percent', { AdjustmentType: 'ChangeInCapacity', MinAdjustmentMagnitude: 2, StepAdjustments: OUT }, 'MinAdjustmentMagnitude may only be specified with the PercentChangeInCapacity adjustment type'],
      ['a negative exact capacity', { AdjustmentType: 'ExactCapacity', StepAdjustments: [step(0, undefined, -1)] }, 'Scaling adjustments of the ExactCapacity type must be greater than or equal to 0'],
    ];
    for (const [what, config, problem] of cases) assert.equal(stepConfigProblem(config), problem, what);
  });

  it('picks the step a breach falls in: above the threshold the lower bound counts, below it the upper (the guide: 40% is -10%, 30% is -30%)', () => {
    const cases: Array<[number, number | undefined]> = [[0, 0], [9.9, 0], [10, 10], [19, 10], [20, 30], [1e6, 30]];
    for (const [breach, adjustment] of cases) assert.equal(stepFor(OUT, breach)?.ScalingAdjustment, adjustment, `breach ${breach}`);
    const below: Array<[number, number]> = [[-0.5, 0], [-9.5, 0], [-10, -10], [-19.5, -10], [-20, -30], [-25, -30]];
    for (const [breach, adjustment] of below) assert.equal(stepFor(IN, breach)?.ScalingAdjustment, adjustment, `breach ${breach}`);
    assert.equal(stepFor(OUT, -5), undefined, 'the scale-out steps do not cover a value below the threshold');
  });

  it('rounds percent changes as AWS does', () => {
    const cases: Array<[number, number]> = [[12.7, 12], [0.67, 1], [-0.58, -1], [-6.67, -6], [3, 3], [0, 0], [-1, -1]];
    for (const [change, rounded] of cases) assert.equal(roundChange(change), rounded, `${change}`);
  });

  it('adjusts capacity by each adjustment type (the guide\'s walk through 10 → 11 → 14 → 13 → 10)', () => {
    const cases: Array<[string, StepScalingPolicyConfiguration, number, number, number]> = [
      ['+10% of 10', percent(), 10, 10, 11],
      ['+30% of 11 (3.3 rounded down)', percent(), 30, 11, 14],
      ['-10% of 14 (1.4 rounded down)', percent(IN), -10, 14, 13],
      ['-30% of 13 (3.9 rounded down)', percent(IN), -30, 13, 10],
      ['+25% of 4 with a minimum of 2', { ...percent(), MinAdjustmentMagnitude: 2 }, 25, 4, 6],
      ['+1% of 3 is at least one', percent(), 1, 3, 4],
      ['-25% of 4 with a minimum of 2', { ...percent(IN), MinAdjustmentMagnitude: 2 }, -25, 4, 2],
      ['+3 tasks', { AdjustmentType: 'ChangeInCapacity', StepAdjustments: OUT }, 3, 3, 6],
      ['exactly 5', { AdjustmentType: 'ExactCapacity', StepAdjustments: OUT }, 5, 9, 5],
      ['+10% of 10 with a minimum of 3', { ...percent(), MinAdjustmentMagnitude: 3 }, 10, 10, 13],
      ['+50% of 10 already past a minimum of 3', { ...percent(), MinAdjustmentMagnitude: 3 }, 50, 10, 15],
      ['-10% of 10 with a minimum of 3', { ...percent(IN), MinAdjustmentMagnitude: 3 }, -10, 10, 7],
      ['+10% of 3 (0.3 is 1) with a minimum of 2', { ...percent(), MinAdjustmentMagnitude: 2 }, 10, 3, 5],
      ['-67% of 1 (-0.67 is -1)', percent(IN), -67, 1, 0],
      ['+0% stays, whatever the minimum', { ...percent(), MinAdjustmentMagnitude: 2 }, 0, 4, 4],
      ['exactly 0', { AdjustmentType: 'ExactCapacity', StepAdjustments: OUT }, 0, 9, 0],
    ];
    for (const [what, config, adjustment, base, expected] of cases) assert.equal(adjustedCapacity(config, adjustment, base), expected, what);
  });

  it('aggregates the alarm\'s datapoints by MetricAggregationType, Average when not given', () => {
    const cases: Array<[StepScalingPolicyConfiguration['MetricAggregationType'], number[], number | undefined]> = [
      [undefined, [60, 90, 75], 75],
      ['Average', [60, 90], 75],
      ['Minimum', [60, 90, 75], 60],
      ['Maximum', [60, 90, 75], 90],
      ['Maximum', [42], 42],
      ['Average', [], undefined],
    ];
    for (const [type, points, expected] of cases) assert.equal(aggregatedMetric(type, points), expected, `${type ?? 'default'} of [${points}]`);
  });
});
