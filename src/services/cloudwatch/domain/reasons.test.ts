import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateSlots, Slot } from './evaluation.js';
import { formatNumber, jsonTime, reasonTime } from './numbers.js';
import { breachTest, stateReason, stateReasonData } from './reasons.js';
import { AlarmConfig } from './records.js';

const alarm = (over: Partial<AlarmConfig> = {}): AlarmConfig => ({
  AlarmName: 'cpu', ActionsEnabled: true, OKActions: [], AlarmActions: [], InsufficientDataActions: [], Dimensions: [],
  MetricName: 'CPUUtilization', Namespace: 'App', Statistic: 'Average', Period: 60,
  EvaluationPeriods: 1, Threshold: 70, ComparisonOperator: 'GreaterThanThreshold', ...over,
});

const minute = (m: number) => Date.parse('2026-11-30T12:00:00Z') + m * 60_000;
const slot = (m: number, value?: number): Slot => (value === undefined ? { t: minute(m) } : { t: minute(m), value, sampleCount: 2 });

function reason(a: AlarmConfig, slots: Slot[]): string {
  return stateReason(evaluateSlots(slots, { evaluationPeriods: a.EvaluationPeriods, datapointsToAlarm: a.DatapointsToAlarm, treatMissingData: a.TreatMissingData, breaches: breachTest(a) }), a);
}

describe('numbers and times as CloudWatch writes them', () => {
  it('numbers as Java\'s Double.toString', () => {
    const table: Array<[number, string]> = [[85, '85.0'], [0.5, '0.5'], [70, '70.0'], [0, '0.0'], [-3.25, '-3.25'], [1e7, '1.0E7'], [12345678.9, '1.23456789E7'], [0.00015, '1.5E-4'], [0.001, '0.001'], [9999999, '9999999.0'], [40.760000000000005, '40.760000000000005']];
    for (const [v, text] of table) assert.equal(formatNumber(v), text, String(v));
  });

  it('times as reasons and reason data write them', () => {
    const d = new Date('2026-11-30T12:01:00.250Z');
    assert.equal(reasonTime(d), '30/11/26 12:01:00');
    assert.equal(jsonTime(d), '2026-11-30T12:01:00.250+0000');
  });
});

describe('state reasons, worded as AWS words them', () => {
  it('one datapoint over the threshold', () => {
    assert.equal(reason(alarm(), [slot(0), slot(1), slot(2, 85)]), 'Threshold Crossed: 1 datapoint [85.0 (30/11/26 12:02:00)] was greater than the threshold (70.0).');
  });

  it('every breaching datapoint, newest first, and the others for OK', () => {
    const a = alarm({ EvaluationPeriods: 2, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    assert.equal(reason(a, [slot(0, 71), slot(1, 80), slot(2, 90)]), 'Threshold Crossed: 2 datapoints [90.0 (30/11/26 12:02:00), 80.0 (30/11/26 12:01:00)] were greater than or equal to the threshold (70.0).');
    assert.equal(reason(a, [slot(0), slot(1, 80), slot(2, 5)]), 'Threshold Crossed: 1 datapoint [5.0 (30/11/26 12:02:00)] was not greater than or equal to the threshold (70.0).');
  });

  it('M out of N with DatapointsToAlarm, with the transition minimum', () => {
    const a = alarm({ EvaluationPeriods: 3, DatapointsToAlarm: 2, ComparisonOperator: 'LessThanThreshold', Threshold: 1 });
    assert.equal(reason(a, [slot(0), slot(1), slot(2, 0), slot(3, 5), slot(4, 0.5)]),
      'Threshold Crossed: 2 out of the last 3 datapoints [0.5 (30/11/26 12:04:00), 0.0 (30/11/26 12:02:00)] were less than the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).');
    assert.equal(reason(a, [slot(0), slot(1), slot(2, 3), slot(3, 5), slot(4, 0.5)]),
      'Threshold Crossed: 2 out of the last 3 datapoints [5.0 (30/11/26 12:03:00), 3.0 (30/11/26 12:02:00)] were not less than the threshold (1.0) (minimum 2 datapoints for ALARM -> OK transition).');
  });

  it('missing data treated as breaching or not', () => {
    const none = [slot(0), slot(1), slot(2), slot(3)];
    assert.equal(reason(alarm({ EvaluationPeriods: 2, TreatMissingData: 'breaching' }), none), 'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].');
    assert.equal(reason(alarm({ TreatMissingData: 'notBreaching' }), none.slice(1)), 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].');
    assert.equal(reason(alarm({ EvaluationPeriods: 3, TreatMissingData: 'breaching' }), [slot(0), slot(1), slot(2, 99), slot(3), slot(4)]),
      'Threshold Crossed: 1 datapoint [99.0 (30/11/26 12:02:00)] was greater than the threshold (70.0) (2 missing datapoints were treated as [Breaching]).');
  });

  it('insufficient data', () => {
    assert.equal(reason(alarm({ EvaluationPeriods: 3 }), [slot(0), slot(1), slot(2), slot(3), slot(4)]), 'Insufficient Data: 3 datapoints were unknown.');
    assert.equal(reason(alarm(), [slot(0), slot(1), slot(2)]), 'Insufficient Data: 1 datapoint was unknown.');
  });
});

describe('state reason data', () => {
  it('is AWS\'s JSON: Java doubles, evaluated datapoints newest first', () => {
    const a = alarm({ EvaluationPeriods: 2, Unit: 'Percent' });
    const verdict = evaluateSlots([slot(0), slot(1), slot(2, 85), slot(3)], { evaluationPeriods: 2, breaches: breachTest(a) });
    assert.equal(stateReasonData(verdict, a, 60, new Date('2026-11-30T12:04:05.123Z')),
      '{"version":"1.0","queryDate":"2026-11-30T12:04:05.123+0000","startDate":"2026-11-30T12:02:00.000+0000","unit":"Percent","statistic":"Average","period":60,'
      + '"recentDatapoints":[85.0],"threshold":70.0,"evaluatedDatapoints":[{"timestamp":"2026-11-30T12:03:00.000+0000"},{"timestamp":"2026-11-30T12:02:00.000+0000","sampleCount":2.0,"value":85.0}]}');
  });
});
