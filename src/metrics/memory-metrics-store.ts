/**
 * In-memory MetricsStore for unit tests, with the same semantics as the SQLite store
 * (the shared rules live in metrics-common.ts).
 */
import { bucketed, Bucketed, CanonicalSeries, checkFilter, checkQuery, compactionSteps, compareSeries, extendedValues, merge, publicKey, statisticValues } from './metrics-common.js';
import { DistributionBuilder, mergePacked } from './distribution.js';
import { compareCodePoints } from '../platform/code-points.js';
import { CompactResult, Datum, MetricFilter, MetricsStore, SeriesKey, SeriesQuery, StatisticDatapoint, StatisticSet } from './store.js';

interface Bucket {
  resolution: number;
  timestamp: number;
  unit: string;
  stats: StatisticSet;
  dist?: Float64Array;
}

interface Period {
  k: number;
  unit: string;
  stats: StatisticSet;
  dist?: DistributionBuilder;
}

interface Series {
  series: CanonicalSeries;
  /** The start of the newest bucket ever put (epoch seconds). */
  lastActive: number;
  buckets: Map<string, Bucket>;
}

const bucketKey = (resolution: number, timestamp: number, unit: string) => `${resolution}|${timestamp}|${unit}`;

function addTo(s: Series, b: Omit<Bucket, 'stats' | 'dist'>, stats: StatisticSet, dist: Float64Array | undefined): void {
  const key = bucketKey(b.resolution, b.timestamp, b.unit);
  const current = s.buckets.get(key);
  const merged = mergePacked(current?.dist, dist);
  s.buckets.set(key, { resolution: b.resolution, timestamp: b.timestamp, unit: b.unit, stats: current ? merge(current.stats, stats) : stats, ...(merged ? { dist: merged } : {}) });
}

export class MemoryMetricsStore implements MetricsStore {
  private readonly series = new Map<string, Series>();

  put(data: Datum[]): void {
    // Every datum is checked before any is kept: a put is all or nothing.
    const all: Bucketed[] = data.map(bucketed);
    for (const d of all) {
      let s = this.series.get(d.series.mapKey);
      if (!s) this.series.set(d.series.mapKey, (s = { series: d.series, lastActive: d.timestamp, buckets: new Map() }));
      s.lastActive = Math.max(s.lastActive, d.timestamp);
      addTo(s, d, d.stats, d.dist);
    }
  }

  query(q: SeriesQuery): StatisticDatapoint[] {
    const checked = checkQuery(q);
    const s = checked && this.series.get(checked.series.mapKey);
    if (!checked || !s) return [];
    const periods = new Map<string, Period>();
    for (const b of s.buckets.values()) {
      if (b.timestamp < checked.start || b.timestamp >= checked.end || (q.unit !== undefined && b.unit !== q.unit)) continue;
      const k = Math.floor((b.timestamp - checked.start) / q.period);
      const key = `${k}|${b.unit}`;
      const current = periods.get(key);
      const period = current ?? { k, unit: b.unit, stats: b.stats };
      if (current) period.stats = merge(current.stats, b.stats);
      if (checked.extended.length > 0 && b.dist) (period.dist ??= new DistributionBuilder()).addPacked(b.dist);
      periods.set(key, period);
    }
    return [...periods.values()]
      .sort((a, b) => a.k - b.k || compareCodePoints(a.unit, b.unit))
      .map((p) => ({
        timestamp: new Date((checked.start + p.k * q.period) * 1000),
        unit: p.unit,
        values: statisticValues(p.stats, q.statistics),
        ...(checked.extended.length > 0 ? { extendedStatistics: extendedValues(p.stats, p.dist?.pack(), checked.extended) } : {}),
      }));
  }

  listMetrics(filter: MetricFilter): SeriesKey[] {
    const f = checkFilter(filter);
    const hasAll = (s: CanonicalSeries) => f.dimensions.every((want) => s.dimensions.some((d) => d.name === want.name && (want.value === undefined || d.value === want.value)));
    const found = [...this.series.values()]
      .filter(({ series: s, lastActive }) =>
        s.accountId === f.scope.accountId && s.region === f.scope.region &&
        (f.namespace === undefined || s.namespace === f.namespace) &&
        (f.metricName === undefined || s.metricName === f.metricName) &&
        (f.activeSince === undefined || lastActive >= f.activeSince) &&
        (f.after === undefined || compareSeries(s, f.after) > 0) &&
        hasAll(s))
      .map((s) => s.series)
      .sort(compareSeries);
    return (f.limit < 0 ? found : found.slice(0, f.limit)).map(publicKey);
  }

  compact(now: Date): CompactResult {
    const result: CompactResult = { rolledUp: 0, expired: 0, seriesRemoved: 0 };
    for (const step of compactionSteps(now)) {
      for (const s of this.series.values()) {
        for (const [key, b] of s.buckets) {
          if (b.resolution !== step.from || b.timestamp >= step.before) continue;
          s.buckets.delete(key);
          if (step.to === undefined) {
            result.expired++;
            continue;
          }
          addTo(s, { resolution: step.to, timestamp: b.timestamp - (b.timestamp % step.to), unit: b.unit }, b.stats, b.dist);
          result.rolledUp++;
        }
      }
    }
    for (const [id, s] of this.series) {
      if (s.buckets.size > 0) continue;
      this.series.delete(id);
      result.seriesRemoved++;
    }
    return result;
  }

  close(): void {}
}
