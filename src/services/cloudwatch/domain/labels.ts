/**
 * Result labels of GetMetricData. Without a Label, a MetricStat query is labelled with its
 * metric name, followed by its statistic and/or period when those differ between the
 * request's MetricStat queries (as AWS answers: "metric1 Sum 60", "metric1 Minimum 30");
 * an expression is labelled with its id; a series of an array keeps its own label.
 *
 * Dynamic labels: ${AVG} ${MIN} ${MAX} ${SUM} ${FIRST} ${LAST} (over the returned values),
 * ${LABEL} (the default label) and ${PROP('MetricName'|'Namespace'|'Period'|'Stat'|'Dim.<name>')}.
 */
import { MetricDataQuery } from '../../../protocol/generated/cloudwatch.js';
import { formatNumber } from './numbers.js';

/** Which MetricStat fields tell the request's queries apart (and so join their default labels). */
export function differentiators(queries: readonly MetricDataQuery[]): { stat: boolean; period: boolean } {
  const stats = new Set(queries.flatMap((q) => (q.MetricStat ? [q.MetricStat.Stat] : [])));
  const periods = new Set(queries.flatMap((q) => (q.MetricStat ? [q.MetricStat.Period] : [])));
  return { stat: stats.size > 1, period: periods.size > 1 };
}

export function defaultLabel(q: MetricDataQuery, differ: { stat: boolean; period: boolean }): string {
  if (!q.MetricStat) return q.Id;
  const parts = [q.MetricStat.Metric.MetricName ?? ''];
  if (differ.stat) parts.push(q.MetricStat.Stat);
  if (differ.period) parts.push(String(q.MetricStat.Period));
  return parts.join(' ');
}

const DYNAMIC = /\$\{([A-Z]+)(?:\('([^']*)'\))?\}/g;

function property(q: MetricDataQuery, name: string): string | undefined {
  const stat = q.MetricStat;
  if (!stat) return undefined;
  if (name === 'MetricName') return stat.Metric.MetricName;
  if (name === 'Namespace') return stat.Metric.Namespace;
  if (name === 'Period') return String(stat.Period);
  if (name === 'Stat') return stat.Stat;
  if (name.startsWith('Dim.')) return stat.Metric.Dimensions?.find((d) => d.Name === name.slice(4))?.Value;
  return undefined;
}

function summary(name: string, values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  switch (name) {
    case 'AVG': return values.reduce((a, b) => a + b, 0) / values.length;
    case 'SUM': return values.reduce((a, b) => a + b, 0);
    case 'MIN': return values.reduce((a, b) => Math.min(a, b));
    case 'MAX': return values.reduce((a, b) => Math.max(a, b));
    case 'FIRST': return values[0];
    case 'LAST': return values[values.length - 1];
    default: return undefined;
  }
}

/** `template` with its ${…} placeholders filled; unknown ones are left as written. `values` oldest first. */
export function expandLabel(template: string, q: MetricDataQuery, fallback: string, values: readonly number[]): string {
  if (!template.includes('${')) return template;
  return template.replace(DYNAMIC, (whole, name: string, arg: string | undefined) => {
    if (name === 'LABEL') return fallback;
    if (name === 'PROP') return (arg !== undefined ? property(q, arg) : undefined) ?? whole;
    const v = summary(name, values);
    return v === undefined ? (['AVG', 'SUM', 'MIN', 'MAX', 'FIRST', 'LAST'].includes(name) ? '' : whole) : formatNumber(v);
  });
}
