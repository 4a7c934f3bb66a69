/**
 * One statistic of one metric per period, from the metrics store. The store answers one
 * datapoint per period and unit; a query that names no unit gets the units merged (sums
 * and counts added, extremes kept), as GetMetricData and alarms see one value per period,
 * and learns which units were merged (GetMetricData's MultipleUnits message).
 */
import { MetricsStore, SeriesKey, Statistic, StatisticDatapoint, StatisticSet } from '../../../metrics/store.js';

export interface StatQuery {
  key: SeriesKey;
  /** Periods are counted from here. */
  start: Date;
  end: Date;
  period: number;
  stat: Statistic;
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
  const datapoints = metrics.query({ series: q.key, start: q.start, end: q.end, period: q.period, statistics: PARTS, ...(q.unit !== undefined ? { unit: q.unit } : {}) });
  const merged = new Map<number, StatisticSet>();
  const units = new Set<string>();
  for (const d of datapoints) {
    units.add(d.unit);
    const t = d.timestamp.getTime();
    const set = setOf(d);
    const known = merged.get(t);
    merged.set(t, known ? { sampleCount: known.sampleCount + set.sampleCount, sum: known.sum + set.sum, minimum: Math.min(known.minimum, set.minimum), maximum: Math.max(known.maximum, set.maximum) } : set);
  }
  const points = [...merged.entries()].sort(([a], [b]) => a - b).map(([t, s]) => ({ t, value: statOf(s, q.stat), sampleCount: s.sampleCount }));
  return { points, units: [...units].sort() };
}
