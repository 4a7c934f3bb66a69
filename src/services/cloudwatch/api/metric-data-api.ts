/**
 * GetMetricData: the queries run once per call (../domain/metric-query.ts), then the
 * datapoints of every result, in request order and ScanBy order (newest first unless
 * TimestampAscending), are paged MaxDatapoints at a time (AWS's default and most, 100,800).
 * The token is the number of datapoints already returned; a result cut by the page is
 * PartialData, the others Complete, and every page lists every result. Queries read the
 * caller's account and region.
 */
import { encodeToken } from '../../../platform/aws/pagination.js';
import { scopeOf } from '../../../platform/aws/scope.js';
import { MetricDataResult, Operations } from '../../../protocol/generated/cloudwatch.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { cwErrors } from '../domain/errors.js';
import { checkQueries, MAX_DATAPOINTS, QueryResult, runQueries } from '../domain/metric-query.js';
import { CloudWatchDeps, toDate, tokenKey } from './context.js';

interface Page {
  results: MetricDataResult[];
  next?: string;
}

function offsetOf(token: string | undefined): number {
  const key = tokenKey(token);
  if (key === undefined) return 0;
  const n = Number(key);
  if (!Number.isSafeInteger(n) || n < 0) throw cwErrors.invalidNextToken();
  return n;
}

/** The datapoints from `offset` on, at most `max`, over the results in order. */
function pageResults(results: QueryResult[], ascending: boolean, offset: number, max: number): Page {
  let skipped = 0;
  let taken = 0;
  const out = results.map((r): MetricDataResult => {
    const points = ascending ? r.points : [...r.points].reverse();
    const from = Math.min(points.length, Math.max(0, offset - skipped));
    const shown = points.slice(from, from + Math.max(0, max - taken));
    skipped += points.length;
    taken += shown.length;
    return {
      Id: r.id, Label: r.label, Timestamps: shown.map((p) => new Date(p.t)), Values: shown.map((p) => p.v),
      StatusCode: from + shown.length < points.length ? 'PartialData' : 'Complete',
      ...(r.messages.length > 0 ? { Messages: r.messages } : {}),
    };
  });
  const total = skipped;
  return { results: out, ...(offset + taken < total ? { next: encodeToken(String(offset + taken)) } : {}) };
}

export function metricDataOps(deps: CloudWatchDeps): TypedHandlers<Operations> {
  return {
    GetMetricData: (input, ctx) => {
      const [start, end] = [toDate(input.StartTime), toDate(input.EndTime)];
      if (start.getTime() >= end.getTime()) throw cwErrors.invalidValue('The parameter StartTime must be less than the parameter EndTime.');
      const max = input.MaxDatapoints ?? MAX_DATAPOINTS;
      if (max < 1) throw cwErrors.invalidParameter(max, 'MaxDatapoints');
      const offset = offsetOf(input.NextToken);
      const checked = checkQueries(input.MetricDataQueries, 'MetricDataQueries', deps.minute);
      const results = runQueries(deps.metrics, checked, { scope: scopeOf(ctx), start, end, now: ctx.now, minute: deps.minute });
      const page = pageResults(results, input.ScanBy === 'TimestampAscending', offset, Math.min(max, MAX_DATAPOINTS));
      return { MetricDataResults: page.results, Messages: [], ...(page.next ? { NextToken: page.next } : {}) };
    },
  };
}
