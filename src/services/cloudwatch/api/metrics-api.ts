/**
 * PutMetricData, GetMetricStatistics and ListMetrics, straight on the metrics store. The
 * store is Berth's one account's, and it is not divided by region: Berth's data planes (the
 * load balancers' AWS/ApplicationELB series) publish without one, so every region of the
 * API reads and writes the same series (see the README).
 */
import { MetricFilter, MetricsStore, SeriesKey, Statistic } from '../../../metrics/store.js';
import { encodeToken } from '../../../platform/aws/pagination.js';
import { Datapoint, Operations } from '../../../protocol/generated/cloudwatch.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { cwErrors } from '../domain/errors.js';
import { datumsOf } from '../domain/put-data.js';
import { seriesKey, wireMetric } from '../domain/series-key.js';
import { alignedStart, checkPeriod, percentileRefusal, periodFitsAge } from '../domain/statistics.js';
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

function statisticsOf(input: { Statistics?: Statistic[]; ExtendedStatistics?: string[] }): Statistic[] {
  if (input.Statistics === undefined && input.ExtendedStatistics === undefined) throw cwErrors.invalidCombination('At least one of the parameters Statistics and ExtendedStatistics must be specified.');
  if (input.Statistics !== undefined && input.ExtendedStatistics !== undefined) {
    throw cwErrors.invalidCombination('The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.');
  }
  if (input.ExtendedStatistics !== undefined) throw percentileRefusal(input.ExtendedStatistics[0], 'ExtendedStatistics.member.1');
  return input.Statistics!;
}

export function metricsOps(deps: CloudWatchDeps): TypedHandlers<Operations> {
  const { metrics, minute } = deps;
  return {
    PutMetricData: (input, ctx) => {
      const data = [...(input.MetricData ?? []), ...(input.EntityMetricData ?? []).flatMap((e) => e.MetricData ?? [])];
      metrics.put(datumsOf(input.Namespace, data, ctx.now));
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
      const key = seriesKey(input, 'Dimensions');
      const from = alignedStart(start, input.Period, ctx.now, minute);
      const datapoints = periodFitsAge(input.Period, from, ctx.now, minute)
        ? metrics.query({ series: key, start: from, end, period: input.Period, statistics, ...(input.Unit !== undefined ? { unit: input.Unit } : {}) })
        : [];
      return { Label: input.MetricName, Datapoints: datapoints.map((d): Datapoint => ({ Timestamp: d.timestamp, Unit: d.unit as Datapoint['Unit'], ...d.values })) };
    },

    ListMetrics: (input, ctx) => {
      const after = tokenKey(input.NextToken);
      const since = ctx.now.getTime() - (input.RecentlyActive === 'PT3H' ? RECENTLY_ACTIVE_MS : LISTED_FOR_MS);
      const page = listPage(metrics, {
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
