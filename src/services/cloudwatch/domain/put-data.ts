/**
 * PutMetricData's rules, as AWS checks them, turning each MetricDatum into the metrics
 * store's Datum: at most 1,000 datums; exactly one of Value, Values (with Counts of the same
 * length, at most 150) and StatisticValues; values finite and within ±2^360 (AWS's range);
 * StorageResolution 1 or 60; timestamps at most two weeks old and two hours ahead; namespaces
 * outside `AWS/`. Values+Counts go to the store as they are: it keeps their statistic set and
 * their distribution (for percentiles). Datums are put in the caller's account and region.
 * Every refusal names the awsQuery parameter (MetricData.member.N.…), as AWS's messages do.
 */
import { Datum, StatisticSet } from '../../../metrics/store.js';
import { Scope } from '../../../platform/aws/scope.js';
import { MetricDatum } from '../../../protocol/generated/cloudwatch.js';
import { cwErrors } from './errors.js';
import { seriesKey } from './series-key.js';

const MAX_DATUMS = 1000;
const MAX_VALUES = 150;
const MAX_MAGNITUDE = 2 ** 360;
const MIN_MAGNITUDE = 2 ** -260;
const TWO_WEEKS_MS = 14 * 24 * 3600 * 1000;
const TWO_HOURS_MS = 2 * 3600 * 1000;

/** The store's Datum for every datum of the request, or the first AWS error. */
export function datumsOf(scope: Scope, namespace: string, data: readonly MetricDatum[], now: Date): Datum[] {
  if (namespace.startsWith('AWS/')) throw cwErrors.invalidParameter(namespace, 'Namespace');
  if (data.length === 0) throw cwErrors.missingParameter('The parameter MetricData is required.');
  if (data.length > MAX_DATUMS) throw cwErrors.invalidValue(`The collection MetricData must not have a size greater than ${MAX_DATUMS}.`);
  return data.flatMap((d, i) => {
    const datum = datumOf(scope, namespace, d, `MetricData.member.${i + 1}`, now);
    return datum ? [datum] : [];
  });
}

function datumOf(scope: Scope, namespace: string, d: MetricDatum, path: string, now: Date): Datum | undefined {
  checkCombination(d, path);
  const timestamp = d.Timestamp === undefined ? now : new Date(d.Timestamp);
  checkTimestamp(timestamp, path, now);
  const storageResolution = d.StorageResolution ?? 60;
  if (storageResolution !== 1 && storageResolution !== 60) throw cwErrors.invalidParameter(storageResolution, `${path}.StorageResolution`);
  const key = seriesKey(scope, { Namespace: namespace, MetricName: d.MetricName, Dimensions: d.Dimensions }, `${path}.Dimensions`);
  const base = { ...key, timestamp, unit: d.Unit ?? 'None', storageResolution: storageResolution as 1 | 60 };
  if (d.Value !== undefined) return { ...base, value: checkedValue(d.Value, `${path}.Value`) };
  if (d.StatisticValues) return { ...base, statistics: statisticValues(d.StatisticValues, `${path}.StatisticValues`) };
  const samples = valuesWithCounts(d.Values!, d.Counts, path);
  return samples && { ...base, ...samples };
}

function checkCombination(d: MetricDatum, path: string): void {
  const given = (['Value', 'Values', 'StatisticValues'] as const).filter((k) => d[k] !== undefined);
  if (given.length > 1) throw cwErrors.invalidCombination(`The parameters ${path}.${given[0]} and ${path}.${given[1]} are mutually exclusive and you have specified both.`);
  if (given.length === 0) throw cwErrors.missingParameter(`The parameter ${path}.Value is required.`);
  if (d.Counts !== undefined && d.Values === undefined) throw cwErrors.invalidCombination(`The parameter ${path}.Counts must be specified with ${path}.Values.`);
  if (d.Values && d.Values.length > MAX_VALUES) throw cwErrors.invalidValue(`The collection ${path}.Values must not have a size greater than ${MAX_VALUES}.`);
  if (d.Values && d.Counts && d.Values.length !== d.Counts.length) {
    throw cwErrors.invalidValue(`The parameters ${path}.Values and ${path}.Counts must be of the same size.`);
  }
}

function checkTimestamp(t: Date, path: string, now: Date): void {
  const age = now.getTime() - t.getTime();
  if (age > TWO_WEEKS_MS) throw cwErrors.invalidValue(`The parameter ${path}.Timestamp must specify a time within the past two weeks.`);
  if (-age > TWO_HOURS_MS) throw cwErrors.invalidValue(`The parameter ${path}.Timestamp must specify a time no more than two hours in the future.`);
}

/** A value CloudWatch accepts: finite, 0 or of magnitude within [2^-260, 2^360]. */
function checkedValue(v: number, path: string): number {
  const magnitude = Math.abs(v);
  if (!Number.isFinite(v) || magnitude > MAX_MAGNITUDE || (magnitude !== 0 && magnitude < MIN_MAGNITUDE)) throw cwErrors.invalidParameter(v, path);
  return v;
}

function statisticValues(s: { SampleCount: number; Sum: number; Minimum: number; Maximum: number }, path: string): StatisticSet {
  const set = {
    sampleCount: checkedValue(s.SampleCount, `${path}.SampleCount`),
    sum: checkedValue(s.Sum, `${path}.Sum`),
    minimum: checkedValue(s.Minimum, `${path}.Minimum`),
    maximum: checkedValue(s.Maximum, `${path}.Maximum`),
  };
  if (set.sampleCount <= 0) throw cwErrors.invalidParameter(set.sampleCount, `${path}.SampleCount`);
  if (set.minimum > set.maximum) throw cwErrors.invalidCombination(`The parameter ${path}.Minimum must not be greater than ${path}.Maximum.`);
  return set;
}

/** Values, each counted Counts[i] times (1 without Counts), those counted 0 times left out; undefined when every count is 0. */
function valuesWithCounts(values: readonly number[], counts: readonly number[] | undefined, path: string): { values: number[]; counts: number[] } | undefined {
  const kept = { values: [] as number[], counts: [] as number[] };
  let sum = 0;
  let sampleCount = 0;
  values.forEach((raw, i) => {
    const v = checkedValue(raw, `${path}.Values.member.${i + 1}`);
    const c = counts ? counts[i] : 1;
    if (!Number.isFinite(c) || c < 0) throw cwErrors.invalidParameter(c, `${path}.Counts.member.${i + 1}`);
    if (c === 0) return;
    kept.values.push(v);
    kept.counts.push(c);
    sum += v * c;
    sampleCount += c;
  });
  if (!Number.isFinite(sum + sampleCount)) throw cwErrors.invalidValue(`The values of ${path}.Values and ${path}.Counts add up beyond the range of a double.`);
  return kept.values.length > 0 ? kept : undefined;
}
