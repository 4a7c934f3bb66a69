/**
 * Rules both metrics stores share, so the SQLite store and the memory fake cannot drift
 * apart: input checks, the canonical form of a series, bucketing, merging statistic sets,
 * the statistics of a merged set and its distribution, and what a compaction does as of a
 * given time.
 */
import { Datum, DimensionFilter, MetricFilter, SeriesKey, SeriesQuery, Statistic, StatisticSet, TIERS } from './store.js';
import { Scope } from '../platform/aws/scope.js';
import { compareCodePoints } from '../platform/code-points.js';
import { binsOf, DistributionBuilder, mergePacked, packedCount, packedOf } from './distribution.js';
import { ExtendedStatistic, extendedValue, parseExtendedStatistic } from './extended-statistics.js';

/** A series in canonical form: dimensions sorted by name, and as the JSON text both stores order by. */
export interface CanonicalSeries extends SeriesKey {
  dimensionsJson: string;
  /** One string per series, for maps. */
  mapKey: string;
}

/** One bucket's worth of a datum: where it goes and what it adds. */
export interface Bucketed {
  series: CanonicalSeries;
  resolution: number;
  /** Epoch seconds, a multiple of resolution. */
  timestamp: number;
  unit: string;
  stats: StatisticSet;
  /** The samples' distribution, packed (./distribution.ts); absent for a statistic set that has none. */
  dist?: Float64Array;
}

export const STATISTICS: readonly Statistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

const LONE_SURROGATE = /\p{Cs}/u;

/** SQLite stores UTF-8, which cannot hold a lone surrogate; both stores refuse such text alike. */
function checkText(what: string, s: unknown, allowEmpty = false): asserts s is string {
  if (typeof s !== 'string' || (!allowEmpty && s === '') || LONE_SURROGATE.test(s)) throw new TypeError(`${what} must be a non-empty, well-formed string`);
}

function checkFinite(what: string, n: unknown): asserts n is number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
}

/** Epoch seconds of a date, refusing what the stores cannot bucket (before 1970: SQL integer division truncates toward zero). */
export function epochSeconds(what: string, d: unknown): number {
  if (!(d instanceof Date) || Number.isNaN(d.getTime()) || d.getTime() < 0) throw new TypeError(`${what} must be a valid Date not before 1970`);
  return Math.floor(d.getTime() / 1000);
}

export function canonicalSeries(key: SeriesKey): CanonicalSeries {
  checkText('account id', key?.accountId);
  checkText('region', key.region);
  checkText('namespace', key.namespace);
  checkText('metric name', key.metricName);
  if (!Array.isArray(key.dimensions)) throw new TypeError('dimensions must be an array');
  for (const d of key.dimensions) {
    checkText('dimension name', d?.name);
    checkText('dimension value', d.value, true);
  }
  const dimensions = key.dimensions.map((d) => ({ name: d.name, value: d.value })).sort((a, b) => compareCodePoints(a.name, b.name));
  if (dimensions.some((d, i) => i > 0 && d.name === dimensions[i - 1].name)) throw new TypeError('dimension names must be unique');
  const dimensionsJson = JSON.stringify(dimensions.map((d) => [d.name, d.value]));
  const { accountId, region, namespace, metricName } = key;
  return { accountId, region, namespace, metricName, dimensions, dimensionsJson, mapKey: JSON.stringify([accountId, region, namespace, metricName, dimensionsJson]) };
}

/** What a datum adds to its bucket: its statistic set, and its distribution when it has one. */
export function samplesOf(datum: Datum): { stats: StatisticSet; dist?: Float64Array } {
  const given = [datum.value, datum.values, datum.statistics].filter((x) => x !== undefined).length;
  if (given !== 1) throw new TypeError('a datum has exactly one of value, values and statistics');
  if (datum.counts !== undefined && datum.values === undefined) throw new TypeError('counts need values');
  if (datum.value !== undefined) {
    checkFinite('value', datum.value);
    const v = datum.value;
    return { stats: { sum: v, sampleCount: 1, minimum: v, maximum: v }, ...(v >= 0 ? { dist: packedOf(v, 1) } : {}) };
  }
  if (datum.values !== undefined) return valuesWithCounts(datum.values, datum.counts);
  const s = datum.statistics!;
  for (const k of ['sum', 'sampleCount', 'minimum', 'maximum'] as const) checkFinite(`statistics.${k}`, s[k]);
  if (s.sampleCount <= 0) throw new TypeError('statistics.sampleCount must be positive');
  if (s.minimum > s.maximum) throw new TypeError('statistics.minimum must not exceed statistics.maximum');
  const stats = { sum: s.sum, sampleCount: s.sampleCount, minimum: s.minimum, maximum: s.maximum };
  // CloudWatch knows the samples of a set of one, or of equal extremes; of no other.
  const known = s.minimum === s.maximum ? s.minimum : s.sampleCount === 1 ? s.sum : undefined;
  return { stats, ...(known !== undefined && known >= 0 ? { dist: packedOf(known, s.sampleCount) } : {}) };
}

function valuesWithCounts(values: unknown, counts: unknown): { stats: StatisticSet; dist?: Float64Array } {
  if (!Array.isArray(values) || values.length === 0) throw new TypeError('values must be a non-empty array');
  if (counts !== undefined && (!Array.isArray(counts) || counts.length !== values.length)) throw new TypeError('counts must be as many as values');
  const stats: StatisticSet = { sum: 0, sampleCount: 0, minimum: Infinity, maximum: -Infinity };
  const builder = new DistributionBuilder();
  let negative = false;
  values.forEach((v: unknown, i) => {
    const c: unknown = counts ? (counts as unknown[])[i] : 1;
    checkFinite('value', v);
    checkFinite('count', c);
    if (c < 0) throw new TypeError('counts must not be negative');
    if (c === 0) return;
    stats.sum += v * c;
    stats.sampleCount += c;
    stats.minimum = Math.min(stats.minimum, v);
    stats.maximum = Math.max(stats.maximum, v);
    if (v < 0) negative = true;
    else builder.add(v, c);
  });
  if (stats.sampleCount === 0) throw new TypeError('values need a positive count');
  if (!Number.isFinite(stats.sum) || !Number.isFinite(stats.sampleCount)) throw new TypeError('values and counts must add up to finite numbers');
  return { stats, ...(negative ? {} : { dist: builder.pack() }) };
}

/** Checks a datum and places it in its bucket. */
export function bucketed(datum: Datum): Bucketed {
  const series = canonicalSeries(datum);
  const resolution = datum.storageResolution ?? 60;
  if (resolution !== 1 && resolution !== 60) throw new TypeError('storageResolution must be 1 or 60');
  const unit = datum.unit ?? 'None';
  checkText('unit', unit);
  const seconds = epochSeconds('timestamp', datum.timestamp);
  return { series, resolution, timestamp: seconds - (seconds % resolution), unit, ...samplesOf(datum) };
}

/**
 * A put's datums merged by bucket, in first-seen order: a batch of one series' samples then
 * costs one write per bucket, not per datum. Keyed by series first, so each datum's mapKey is
 * hashed once (and again never: the store's series cache reads the same string).
 */
export function mergedByBucket(all: readonly Bucketed[]): Bucketed[] {
  if (all.length < 2) return [...all];
  const bySeries = new Map<string, Map<string, Bucketed>>();
  const out: Bucketed[] = [];
  for (const d of all) {
    let buckets = bySeries.get(d.series.mapKey);
    if (!buckets) bySeries.set(d.series.mapKey, (buckets = new Map()));
    const key = `${d.resolution}|${d.timestamp}|${d.unit}`;
    const known = buckets.get(key);
    if (known) {
      known.stats = merge(known.stats, d.stats);
      known.dist = mergePacked(known.dist, d.dist);
      continue;
    }
    // A copy, as merging changes it; built field by field, as an object spread costs microseconds.
    const copy: Bucketed = { series: d.series, resolution: d.resolution, timestamp: d.timestamp, unit: d.unit, stats: d.stats, dist: d.dist };
    buckets.set(key, copy);
    out.push(copy);
  }
  return out;
}

export function merge(a: StatisticSet, b: StatisticSet): StatisticSet {
  return { sum: a.sum + b.sum, sampleCount: a.sampleCount + b.sampleCount, minimum: Math.min(a.minimum, b.minimum), maximum: Math.max(a.maximum, b.maximum) };
}

export function statisticValues(s: StatisticSet, wanted: readonly Statistic[]): Partial<Record<Statistic, number>> {
  const all: Record<Statistic, number> = { SampleCount: s.sampleCount, Average: s.sum / s.sampleCount, Sum: s.sum, Minimum: s.minimum, Maximum: s.maximum };
  return Object.fromEntries(wanted.map((k) => [k, all[k]]));
}

/** An extended statistic asked for: its name (the answer's key) and what it denotes. */
export interface NamedExtended {
  name: string;
  stat: ExtendedStatistic;
}

export interface CheckedQuery {
  series: CanonicalSeries;
  start: number;
  end: number;
  extended: NamedExtended[];
}

/** The query in whole seconds, or undefined when its range is empty. */
export function checkQuery(q: SeriesQuery): CheckedQuery | undefined {
  const series = canonicalSeries(q.series);
  const start = epochSeconds('start', q.start);
  const end = epochSeconds('end', q.end);
  if (!Number.isSafeInteger(q.period) || q.period <= 0) throw new TypeError('period must be a positive integer number of seconds');
  if (!Array.isArray(q.statistics) || q.statistics.some((s) => !STATISTICS.includes(s))) throw new TypeError(`statistics must be among ${STATISTICS.join(', ')}`);
  const extended = (q.extendedStatistics ?? []).map((name) => {
    const stat = typeof name === 'string' ? parseExtendedStatistic(name) : undefined;
    if (!stat) throw new TypeError(`${String(name)} is not an extended statistic`);
    return { name, stat };
  });
  if (q.unit !== undefined) checkText('unit', q.unit);
  return start < end ? { series, start, end, extended } : undefined;
}

/**
 * The extended statistics of one period: only when its distribution holds every sample of
 * its statistic set (a relative tolerance for counts added in another order).
 */
export function extendedValues(stats: StatisticSet, dist: Float64Array | undefined, wanted: readonly NamedExtended[]): Record<string, number> {
  const out: Record<string, number> = {};
  const count = dist ? packedCount(dist) : 0;
  if (!dist || Math.abs(count - stats.sampleCount) > 1e-9 * stats.sampleCount) return out;
  const summary = { bins: binsOf(dist), count, minimum: stats.minimum, maximum: stats.maximum };
  for (const { name, stat } of wanted) {
    const v = extendedValue(stat, summary);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export interface CheckedFilter {
  scope: Scope;
  namespace?: string;
  metricName?: string;
  dimensions: DimensionFilter[];
  activeSince?: number;
  after?: CanonicalSeries;
  limit: number;
}

export function checkFilter(filter: MetricFilter): CheckedFilter {
  checkText('account id', filter?.scope?.accountId);
  checkText('region', filter.scope.region);
  const scope = { accountId: filter.scope.accountId, region: filter.scope.region };
  if (filter.namespace !== undefined) checkText('namespace', filter.namespace);
  if (filter.metricName !== undefined) checkText('metric name', filter.metricName);
  for (const d of filter.dimensions ?? []) {
    checkText('dimension name', d?.name);
    if (d.value !== undefined) checkText('dimension value', d.value, true);
  }
  const limit = filter.limit ?? -1;
  if (filter.limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new TypeError('limit must be a non-negative integer');
  const after = filter.after && canonicalSeries(filter.after);
  if (after && (after.accountId !== scope.accountId || after.region !== scope.region)) throw new TypeError('after must be a series of the same scope');
  return {
    scope,
    namespace: filter.namespace,
    metricName: filter.metricName,
    dimensions: filter.dimensions ?? [],
    activeSince: filter.activeSince === undefined ? undefined : epochSeconds('activeSince', filter.activeSince),
    after,
    limit,
  };
}

/** One step of a compaction: buckets of `from` seconds older than `before` become buckets of `to` seconds (none: deleted). */
export interface CompactionStep {
  from: number;
  to?: number;
  /** Epoch seconds, a multiple of `to` (or of `from` for deletion), so whole target buckets move at once. */
  before: number;
}

/** What compact(now) does, finest tier first, so data far past every tier cascades down and out in one call. */
export function compactionSteps(now: Date): CompactionStep[] {
  const t = epochSeconds('now', now);
  return TIERS.map((tier, i) => {
    const to = TIERS[i + 1]?.resolution;
    const unit = to ?? tier.resolution;
    return { from: tier.resolution, to, before: Math.max(0, Math.floor((t - tier.keepSeconds) / unit) * unit) };
  });
}

/** The listing order (within a scope): namespace, metric name, canonical dimensions. */
export function compareSeries(a: CanonicalSeries, b: CanonicalSeries): number {
  return compareCodePoints(a.namespace, b.namespace) || compareCodePoints(a.metricName, b.metricName) || compareCodePoints(a.dimensionsJson, b.dimensionsJson);
}

export function publicKey(s: CanonicalSeries): SeriesKey {
  return { accountId: s.accountId, region: s.region, namespace: s.namespace, metricName: s.metricName, dimensions: s.dimensions.map((d) => ({ ...d })) };
}
