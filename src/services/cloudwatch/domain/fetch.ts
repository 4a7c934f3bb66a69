/**
 * One statistic of one metric per period, from the metrics store. The store answers one
 * datapoint per period and unit; a query that names no unit gets the units merged (sums
 * and counts added, extremes kept), as GetMetricData and alarms see one value per period,
 * and learns which units were merged (GetMetricData's MultipleUnits message). An extended
 * statistic (p99, TM(…)…) is the store's, per period; distributions of different units are
 * not merged, so a period put with several units has none unless a Unit is named.
 */
import { MetricsStore, SeriesKey, Statistic, StatisticDatapoint, StatisticSet } from '../../../metrics/store.js';
import { isStatistic } from './statistics.js';

export interface StatQuery {
  key: SeriesKey;
  /** Periods are counted from here. */
  start: Date;
  end: Date;
  period: number;
  /** A statistic, or an extended statistic already checked. */
  stat: string;
  unit?: string;
}

export interface StatPoint {
  /** Epoch milliseconds of the period's start. */
  t: number;
  value: number;
  sampleCount: number;
}

export interface FetchedStat {
  points: StatPoint[];
  /** The units the points were put with, sorted. */
  units: string[];
}

const PARTS: Statistic[] = ['SampleCount', 'Sum', 'Minimum', 'Maximum'];

function setOf(d: StatisticDatapoint): StatisticSet {
  return { sampleCount: d.values.SampleCount!, sum: d.values.Sum!, minimum: d.values.Minimum!, maximum: d.values.Maximum! };
}

function statOf(s: StatisticSet, stat: Statistic): number {
  switch (stat) {
    case 'SampleCount': return s.sampleCount;
    case 'Sum': return s.sum;
    case 'Minimum': return s.minimum;
    case 'Maximum': return s.maximum;
    case 'Average': return s.sum / s.sampleCount;
  }
}

export function fetchStat(metrics: MetricsStore, q: StatQuery): FetchedStat {
  if (q.start.getTime() >= q.end.getTime()) return { points: [], units: [] };
  const extended = isStatistic(q.stat) ? undefined : q.stat;
  const datapoints = metrics.query({
    series: q.key, start: q.start, end: q.end, period: q.period, statistics: PARTS,
    ...(extended !== undefined ? { extendedStatistics: [extended] } : {}), ...(q.unit !== undefined ? { unit: q.unit } : {}),
  });
  const merged = new Map<number, { set: StatisticSet; extended?: number; units: number }>();
  const units = new Set<string>();
  for (const d of datapoints) {
    units.add(d.unit);
    const t = d.timestamp.getTime();
    const set = setOf(d);
    const known = merged.get(t);
    merged.set(t, known
      ? { set: { sampleCount: known.set.sampleCount + set.sampleCount, sum: known.set.sum + set.sum, minimum: Math.min(known.set.minimum, set.minimum), maximum: Math.max(known.set.maximum, set.maximum) }, units: known.units + 1 }
      : { set, extended: extended !== undefined ? d.extendedStatistics?.[extended] : undefined, units: 1 });
  }
  const points = [...merged.entries()].sort(([a], [b]) => a - b).flatMap(([t, p]) => {
    const value = extended === undefined ? statOf(p.set, q.stat as Statistic) : p.units === 1 ? p.extended : undefined;
    return value === undefined ? [] : [{ t, value, sampleCount: p.set.sampleCount }];
  });
  return { points, units: [...units].sort() };
}
