/**
 * PutMetricData, GetMetricStatistics and ListMetrics, straight on the metrics store, each in
 * the caller's account and region: series of other accounts or regions are never seen.
 */
import { MetricFilter, MetricsStore, SeriesKey, Statistic, StatisticDatapoint } from '../../../metrics/store.js';
import { encodeToken } from '../../../platform/aws/pagination.js';
import { scopeOf } from '../../../platform/aws/scope.js';
import { Datapoint, Operations } from '../../../protocol/generated/cloudwatch.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { cwErrors } from '../domain/errors.js';
import { datumsOf } from '../domain/put-data.js';
import { seriesKey, wireMetric } from '../domain/series-key.js';
import { alignedStart, checkedExtended, checkPeriod, periodFitsAge } from '../domain/statistics.js';
import { CloudWatchDeps, toDate, tokenKey } from './context.js';

const MAX_STATISTICS_DATAPOINTS = 1440;
const LIST_PAGE = 500;
const LISTED_FOR_MS = 14 * 24 * 3600 * 1000;
const RECENTLY_ACTIVE_MS = 3 * 3600 * 1000;

/** The series a ListMetrics token names (our own JSON; the store checks it as any series). */
function afterKey(token: string): SeriesKey {
  try {
    return JSON.parse(token) as SeriesKey;
  } catch {
    throw cwErrors.invalidNextToken();
  }
}

/** A page of series; a forged token the store refuses as a series is InvalidNextToken. */
function listPage(metrics: MetricsStore, filter: MetricFilter): SeriesKey[] {
  try {
    return metrics.listMetrics(filter);
  } catch (e) {
    if (e instanceof TypeError && filter.after !== undefined) throw cwErrors.invalidNextToken();
    throw e;
  }
}

function checkRange(start: Date, end: Date): void {
  if (start.getTime() >= end.getTime()) throw cwErrors.invalidValue('The parameter StartTime must be less than the parameter EndTime.');
}

/** The statistics asked for: the five, or extended ones, never both nor neither. */
function statisticsOf(input: { Statistics?: Statistic[]; ExtendedStatistics?: string[] }): { statistics: Statistic[]; extendedStatistics?: string[] } {
  if (input.Statistics === undefined && input.ExtendedStatistics === undefined) throw cwErrors.invalidCombination('At least one of the parameters Statistics and ExtendedStatistics must be specified.');
  if (input.Statistics !== undefined && input.ExtendedStatistics !== undefined) {
    throw cwErrors.invalidCombination('The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.');
  }
  if (input.Statistics !== undefined) return { statistics: input.Statistics };
  input.ExtendedStatistics!.forEach((s, i) => checkedExtended(s, `ExtendedStatistics.member.${i + 1}`));
  return { statistics: [], extendedStatistics: input.ExtendedStatistics };
}

/** A period as GetMetricStatistics answers it; asked for extended statistics, a period that has none is left out. */
function datapointOf(d: StatisticDatapoint): Datapoint[] {
  const extended = d.extendedStatistics;
  if (extended !== undefined && Object.keys(extended).length === 0) return [];
  return [{ Timestamp: d.timestamp, Unit: d.unit as Datapoint['Unit'], ...d.values, ...(extended !== undefined ? { ExtendedStatistics: extended } : {}) }];
}

export function metricsOps(deps: CloudWatchDeps): TypedHandlers<Operations> {
  const { metrics, minute } = deps;
  return {
    PutMetricData: (input, ctx) => {
      const data = [...(input.MetricData ?? []), ...(input.EntityMetricData ?? []).flatMap((e) => e.MetricData ?? [])];
      metrics.put(datumsOf(scopeOf(ctx), input.Namespace, data, ctx.now));
      return {};
    },

    GetMetricStatistics: (input, ctx) => {
      const statistics = statisticsOf(input);
      const [start, end] = [toDate(input.StartTime), toDate(input.EndTime)];
      checkRange(start, end);
      checkPeriod(input.Period, 'Period', minute);
      const requested = Math.ceil((end.getTime() - start.getTime()) / 1000 / input.Period);
      if (requested > MAX_STATISTICS_DATAPOINTS) {
        throw cwErrors.invalidCombination(`You have requested up to ${requested.toLocaleString('en-US')} datapoints, which exceeds the limit of ${MAX_STATISTICS_DATAPOINTS.toLocaleString('en-US')}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`);
      }
      const key = seriesKey(scopeOf(ctx), input, 'Dimensions');
      const from = alignedStart(start, input.Period, ctx.now, minute);
      const datapoints = periodFitsAge(input.Period, from, ctx.now, minute)
        ? metrics.query({ series: key, start: from, end, period: input.Period, ...statistics, ...(input.Unit !== undefined ? { unit: input.Unit } : {}) })
        : [];
      return { Label: input.MetricName, Datapoints: datapoints.flatMap(datapointOf) };
    },

    ListMetrics: (input, ctx) => {
      const after = tokenKey(input.NextToken);
      const since = ctx.now.getTime() - (input.RecentlyActive === 'PT3H' ? RECENTLY_ACTIVE_MS : LISTED_FOR_MS);
      const page = listPage(metrics, {
        scope: scopeOf(ctx),
        ...(input.Namespace !== undefined ? { namespace: input.Namespace } : {}),
        ...(input.MetricName !== undefined ? { metricName: input.MetricName } : {}),
        dimensions: (input.Dimensions ?? []).map((d) => ({ name: d.Name, ...(d.Value !== undefined ? { value: d.Value } : {}) })),
        activeSince: new Date(since),
        ...(after !== undefined ? { after: afterKey(after) } : {}),
        limit: LIST_PAGE + 1,
      });
      const shown = page.slice(0, LIST_PAGE);
      const next = page.length > LIST_PAGE ? encodeToken(JSON.stringify(shown[shown.length - 1])) : undefined;
      return { Metrics: shown.map(wireMetric), ...(next ? { NextToken: next } : {}) };
    },
  };
}
