import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MetricDatum } from '../../../protocol/generated/cloudwatch.js';
import { ServiceError } from '../../../protocol/errors.js';
import { datumsOf } from './put-data.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const SCOPE = { accountId: '123456789012', region: 'eu-west-1' };
const HOUR = 3600_000;

function refusal(data: MetricDatum[], namespace = 'App'): string {
  try {
    datumsOf(SCOPE, namespace, data, NOW);
  } catch (e) {
    return `${(e as ServiceError).code}: ${(e as ServiceError).message}`;
  }
  return 'accepted';
}

describe('PutMetricData rules', () => {
  it('turns each kind of datum into the store\'s', () => {
    const [one, set, values, counted] = datumsOf(SCOPE, 'App', [
      { MetricName: 'a', Value: 3, Unit: 'Count', StorageResolution: 1, Dimensions: [{ Name: 'Host', Value: 'h' }] },
      { MetricName: 'b', StatisticValues: { SampleCount: 4, Sum: 10, Minimum: 1, Maximum: 4 } },
      { MetricName: 'c', Values: [1, 5, 2] },
      { MetricName: 'd', Values: [2, 10, 7], Counts: [3, 1, 0], Timestamp: new Date(NOW.getTime() - HOUR) },
    ], NOW);
    assert.deepEqual(one, { ...SCOPE, namespace: 'App', metricName: 'a', dimensions: [{ name: 'Host', value: 'h' }], timestamp: NOW, unit: 'Count', storageResolution: 1, value: 3 });
    assert.deepEqual(set.statistics, { sampleCount: 4, sum: 10, minimum: 1, maximum: 4 });
    assert.deepEqual([set.unit, set.storageResolution], ['None', 60]);
    assert.deepEqual([values.values, values.counts], [[1, 5, 2], [1, 1, 1]]);
    assert.deepEqual([counted.values, counted.counts], [[2, 10], [3, 1]], 'values counted 0 times are left out');
    assert.deepEqual(counted.timestamp, new Date(NOW.getTime() - HOUR));
  });

  it('leaves out a datum whose counts are all zero', () => {
    assert.deepEqual(datumsOf(SCOPE, 'App', [{ MetricName: 'a', Values: [1], Counts: [0] }], NOW), []);
  });

  const table: Array<[string, MetricDatum[], string, string?]> = [
    ['a reserved namespace', [{ MetricName: 'a', Value: 1 }], 'InvalidParameterValueException: The value AWS/EC2 for parameter Namespace is invalid.', 'AWS/EC2'],
    ['no data', [], 'MissingRequiredParameterException: The parameter MetricData is required.'],
    ['more than 1,000 datums', Array.from({ length: 1001 }, () => ({ MetricName: 'a', Value: 1 })), 'InvalidParameterValueException: The collection MetricData must not have a size greater than 1000.'],
    ['Value with Values', [{ MetricName: 'a', Value: 1, Values: [1] }], 'InvalidParameterCombinationException: The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.'],
    ['Value with StatisticValues', [{ MetricName: 'a', Value: 1 }, { MetricName: 'b', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }], 'InvalidParameterCombinationException: The parameters MetricData.member.2.Value and MetricData.member.2.StatisticValues are mutually exclusive and you have specified both.'],
    ['no value at all', [{ MetricName: 'a' }], 'MissingRequiredParameterException: The parameter MetricData.member.1.Value is required.'],
    ['Values and Counts of different sizes', [{ MetricName: 'a', Values: [1, 2], Counts: [1] }], 'InvalidParameterValueException: The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.'],
    ['Counts without Values', [{ MetricName: 'a', Value: 1, Counts: [1] }], 'InvalidParameterCombinationException: The parameter MetricData.member.1.Counts must be specified with MetricData.member.1.Values.'],
    ['more than 150 values', [{ MetricName: 'a', Values: Array.from({ length: 151 }, () => 1) }], 'InvalidParameterValueException: The collection MetricData.member.1.Values must not have a size greater than 150.'],
    ['a value beyond 2^360', [{ MetricName: 'a', Value: 2 ** 361 }], `InvalidParameterValueException: The value ${2 ** 361} for parameter MetricData.member.1.Value is invalid.`],
    ['NaN', [{ MetricName: 'a', Value: NaN }], 'InvalidParameterValueException: The value NaN for parameter MetricData.member.1.Value is invalid.'],
    ['a value too close to zero', [{ MetricName: 'a', Values: [1, 2 ** -300] }], `InvalidParameterValueException: The value ${2 ** -300} for parameter MetricData.member.1.Values.member.2 is invalid.`],
    ['a negative count', [{ MetricName: 'a', Values: [1], Counts: [-1] }], 'InvalidParameterValueException: The value -1 for parameter MetricData.member.1.Counts.member.1 is invalid.'],
    ['a storage resolution of 5', [{ MetricName: 'a', Value: 1, StorageResolution: 5 }], 'InvalidParameterValueException: The value 5 for parameter MetricData.member.1.StorageResolution is invalid.'],
    ['a timestamp 15 days old', [{ MetricName: 'a', Value: 1, Timestamp: new Date(NOW.getTime() - 15 * 24 * HOUR) }], 'InvalidParameterValueException: The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.'],
    ['a timestamp 3 hours ahead', [{ MetricName: 'a', Value: 1, Timestamp: new Date(NOW.getTime() + 3 * HOUR) }], 'InvalidParameterValueException: The parameter MetricData.member.1.Timestamp must specify a time no more than two hours in the future.'],
    ['a repeated dimension name', [{ MetricName: 'a', Value: 1, Dimensions: [{ Name: 'H', Value: '1' }, { Name: 'H', Value: '2' }] }], 'InvalidParameterValueException: The collection MetricData.member.1.Dimensions must not contain duplicate dimension names: H.'],
    ['a sample count of 0', [{ MetricName: 'a', StatisticValues: { SampleCount: 0, Sum: 1, Minimum: 1, Maximum: 1 } }], 'InvalidParameterValueException: The value 0 for parameter MetricData.member.1.StatisticValues.SampleCount is invalid.'],
    ['a minimum over the maximum', [{ MetricName: 'a', StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 2, Maximum: 1 } }], 'InvalidParameterCombinationException: The parameter MetricData.member.1.StatisticValues.Minimum must not be greater than MetricData.member.1.StatisticValues.Maximum.'],
    ['values whose sum overflows', [{ MetricName: 'a', Values: [2 ** 360, 2 ** 360], Counts: [1e300, 1e300] }], 'InvalidParameterValueException: The values of MetricData.member.1.Values and MetricData.member.1.Counts add up beyond the range of a double.'],
  ];
  for (const [what, data, expected, namespace] of table) it(`refuses ${what}`, () => assert.equal(refusal(data, namespace), expected));

  it('accepts the edges: two weeks old, two hours ahead, 0 and ±2^360', () => {
    assert.equal(refusal([
      { MetricName: 'a', Value: 0, Timestamp: new Date(NOW.getTime() - 14 * 24 * HOUR) },
      { MetricName: 'a', Values: [2 ** 360, -(2 ** 360)], Timestamp: new Date(NOW.getTime() + 2 * HOUR) },
    ]), 'accepted');
  });
});
