/**
 * Rules both metrics stores share, so the SQLite store and the memory fake cannot drift
 * apart: input checks, the canonical form of a series, bucketing, merging statistic sets,
 * the statistics of a merged set, and what a compaction does as of a given time.
 */
import { Datum, DimensionFilter, MetricFilter, SeriesKey, SeriesQuery, Statistic, StatisticSet, TIERS } from './store.js';
import { compareCodePoints } from '../platform/code-points.js';

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
  checkText('namespace', key?.namespace);
  checkText('metric name', key.metricName);
  if (!Array.isArray(key.dimensions)) throw new TypeError('dimensions must be an array');
  for (const d of key.dimensions) {
    checkText('dimension name', d?.name);
    checkText('dimension value', d.value, true);
  }
  const dimensions = key.dimensions.map((d) => ({ name: d.name, value: d.value })).sort((a, b) => compareCodePoints(a.name, b.name));
  if (dimensions.some((d, i) => i > 0 && d.name === dimensions[i - 1].name)) throw new TypeError('dimension names must be unique');
  const dimensionsJson = JSON.stringify(dimensions.map((d) => [d.name, d.value]));
  return { namespace: key.namespace, metricName: key.metricName, dimensions, dimensionsJson, mapKey: JSON.stringify([key.namespace, key.metricName, dimensionsJson]) };
}

export function statisticSetOf(datum: Datum): StatisticSet {
  if ((datum.value === undefined) === (datum.statistics === undefined)) throw new TypeError('a datum has exactly one of value and statistics');
  if (datum.value !== undefined) {
    checkFinite('value', datum.value);
    return { sum: datum.value, sampleCount: 1, minimum: datum.value, maximum: datum.value };
  }
  const s = datum.statistics!;
  for (const k of ['sum', 'sampleCount', 'minimum', 'maximum'] as const) checkFinite(`statistics.${k}`, s[k]);
  if (s.sampleCount <= 0) throw new TypeError('statistics.sampleCount must be positive');
  if (s.minimum > s.maximum) throw new TypeError('statistics.minimum must not exceed statistics.maximum');
  return { sum: s.sum, sampleCount: s.sampleCount, minimum: s.minimum, maximum: s.maximum };
}

/** Checks a datum and places it in its bucket. */
export function bucketed(datum: Datum): Bucketed {
  const series = canonicalSeries(datum);
  const resolution = datum.storageResolution ?? 60;
  if (resolution !== 1 && resolution !== 60) throw new TypeError('storageResolution must be 1 or 60');
  const unit = datum.unit ?? 'None';
  checkText('unit', unit);
  const seconds = epochSeconds('timestamp', datum.timestamp);
  return { series, resolution, timestamp: seconds - (seconds % resolution), unit, stats: statisticSetOf(datum) };
}

export function merge(a: StatisticSet, b: StatisticSet): StatisticSet {
  return { sum: a.sum + b.sum, sampleCount: a.sampleCount + b.sampleCount, minimum: Math.min(a.minimum, b.minimum), maximum: Math.max(a.maximum, b.maximum) };
}

export function statisticValues(s: StatisticSet, wanted: readonly Statistic[]): Partial<Record<Statistic, number>> {
  const all: Record<Statistic, number> = { SampleCount: s.sampleCount, Average: s.sum / s.sampleCount, Sum: s.sum, Minimum: s.minimum, Maximum: s.maximum };
  return Object.fromEntries(wanted.map((k) => [k, all[k]]));
}

/** The query in whole seconds, or undefined when its range is empty. */
export function checkQuery(q: SeriesQuery): { series: CanonicalSeries; start: number; end: number } | undefined {
  const series = canonicalSeries(q.series);
  const start = epochSeconds('start', q.start);
  const end = epochSeconds('end', q.end);
  if (!Number.isSafeInteger(q.period) || q.period <= 0) throw new TypeError('period must be a positive integer number of seconds');
  if (!Array.isArray(q.statistics) || q.statistics.some((s) => !STATISTICS.includes(s))) throw new TypeError(`statistics must be among ${STATISTICS.join(', ')}`);
  if (q.unit !== undefined) checkText('unit', q.unit);
  return start < end ? { series, start, end } : undefined;
}

export interface CheckedFilter {
  namespace?: string;
  metricName?: string;
  dimensions: DimensionFilter[];
  activeSince?: number;
  after?: CanonicalSeries;
  limit: number;
}

export function checkFilter(filter: MetricFilter = {}): CheckedFilter {
  if (filter.namespace !== undefined) checkText('namespace', filter.namespace);
  if (filter.metricName !== undefined) checkText('metric name', filter.metricName);
  for (const d of filter.dimensions ?? []) {
    checkText('dimension name', d?.name);
    if (d.value !== undefined) checkText('dimension value', d.value, true);
  }
  const limit = filter.limit ?? -1;
  if (filter.limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new TypeError('limit must be a non-negative integer');
  return {
    namespace: filter.namespace,
    metricName: filter.metricName,
    dimensions: filter.dimensions ?? [],
    activeSince: filter.activeSince === undefined ? undefined : epochSeconds('activeSince', filter.activeSince),
    after: filter.after && canonicalSeries(filter.after),
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

/** The listing order: namespace, metric name, canonical dimensions. */
export function compareSeries(a: CanonicalSeries, b: CanonicalSeries): number {
  return compareCodePoints(a.namespace, b.namespace) || compareCodePoints(a.metricName, b.metricName) || compareCodePoints(a.dimensionsJson, b.dimensionsJson);
}

export function publicKey(s: CanonicalSeries): SeriesKey {
  return { namespace: s.namespace, metricName: s.metricName, dimensions: s.dimensions.map((d) => ({ ...d })) };
}
