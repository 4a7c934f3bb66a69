/**
 * MetricDataQueries, as GetMetricData and metric-math alarms run them: each MetricStat
 * query is one statistic of one metric per period (./fetch.ts), each Expression query is
 * metric math (./math/) over the other queries, evaluated once each in dependency order.
 * `checkQueries` refuses what AWS refuses before anything is read: ids that are not
 * `^[a-z][a-zA-Z0-9_]*$` or repeat, a query with both or neither of MetricStat and
 * Expression, unknown statistics, invalid periods, unknown ids and cycles.
 */
import { MetricsStore } from '../../../metrics/store.js';
import { Scope } from '../../../platform/aws/scope.js';
import { MessageData, MetricDataQuery } from '../../../protocol/generated/cloudwatch.js';
import { cwErrors } from './errors.js';
import { fetchStat } from './fetch.js';
import { defaultLabel, differentiators, expandLabel } from './labels.js';
import { evaluate, MathContext, MathValue, Series } from './math/evaluate.js';
import { MathError, Node, parseExpression, referencedIds } from './math/parse.js';
import { checkedDimensions, seriesKey } from './series-key.js';
import { alignedStart, checkedStat, checkPeriod, periodFitsAge } from './statistics.js';

const MAX_QUERIES = 500;
/** AWS's most datapoints per call; also the most periods FILL or a scalar result may span. */
export const MAX_DATAPOINTS = 100_800;
const ID = /^[a-z][a-zA-Z0-9_]*$/;

export interface QueryWindow {
  /** Whose metrics: the caller's account and region, or the alarm's. */
  scope: Scope;
  start: Date;
  end: Date;
  now: Date;
  /** The configured minute (60 outside tests). */
  minute: number;
}

export interface QueryResult {
  id: string;
  label: string;
  /** Ascending by time. */
  points: { t: number; v: number; sampleCount?: number }[];
  messages: MessageData[];
}

export type CheckedQueries = Map<string, { query: MetricDataQuery; expression?: Node }>;

const expressionError = (id: string, message: string) => cwErrors.validation(`Error in expression ${id}: ${message}`);

/** The queries by id, expressions parsed; `list` names them in errors (MetricDataQueries, Metrics). */
export function checkQueries(queries: readonly MetricDataQuery[], list: string, minute: number): CheckedQueries {
  if (queries.length > MAX_QUERIES) throw cwErrors.validation(`The collection ${list} must not have a size greater than ${MAX_QUERIES}.`);
  const checked: CheckedQueries = new Map();
  queries.forEach((q, i) => {
    const path = `${list}.member.${i + 1}`;
    if (!ID.test(q.Id)) throw cwErrors.validation(`The value ${q.Id} for parameter ${path}.Id is invalid: an id starts with a lower-case letter and holds only letters, digits and underscores.`);
    if (checked.has(q.Id)) throw cwErrors.validation(`The value ${q.Id} for parameter ${path}.Id is used by another query of ${list}.`);
    if ((q.MetricStat === undefined) === (q.Expression === undefined)) throw cwErrors.validation(`Exactly one of ${path}.MetricStat and ${path}.Expression must be given.`);
    if (q.MetricStat) checkMetricStat(q, path, minute);
    checked.set(q.Id, { query: q, expression: q.Expression !== undefined ? parsed(q.Id, q.Expression) : undefined });
  });
  const done = new Set<string>();
  for (const id of checked.keys()) checkReferences(checked, id, new Set(), done);
  return checked;
}

function checkMetricStat(q: MetricDataQuery, path: string, minute: number): void {
  const stat = q.MetricStat!;
  if (!stat.Metric.Namespace || !stat.Metric.MetricName) throw cwErrors.validation(`${path}.MetricStat.Metric needs a Namespace and a MetricName.`);
  checkedStat(stat.Stat, `${path}.MetricStat.Stat`);
  checkPeriod(stat.Period, `${path}.MetricStat.Period`, minute);
  checkedDimensions(stat.Metric, `${path}.MetricStat.Metric.Dimensions`);
}

function parsed(id: string, expression: string): Node {
  try {
    return parseExpression(expression);
  } catch (e) {
    throw e instanceof MathError ? expressionError(id, e.message) : e;
  }
}

/** Unknown ids and cycles, depth first; each id is walked once (`done`), so shared references stay linear. */
function checkReferences(checked: CheckedQueries, id: string, visiting: Set<string>, done: Set<string>): void {
  const node = checked.get(id)!.expression;
  if (!node || done.has(id)) return;
  if (visiting.has(id)) throw expressionError(id, `it refers to itself through ${[...visiting].join(' → ')}`);
  visiting.add(id);
  for (const ref of referencedIds(node)) {
    if (!checked.has(ref)) throw expressionError(id, `there is no query with the id ${ref}`);
    checkReferences(checked, ref, visiting, done);
  }
  visiting.delete(id);
  done.add(id);
}

/** Every period start of [start, end) at `period` seconds, counted from the aligned start. */
function gridOf(period: number, w: QueryWindow): number[] {
  const first = alignedStart(w.start, period, w.now, w.minute).getTime();
  const count = Math.ceil((w.end.getTime() - first) / (period * 1000));
  if (count > MAX_DATAPOINTS) throw cwErrors.validation(`The query spans ${count} periods of ${period} s; FILL and scalar results cover at most ${MAX_DATAPOINTS}.`);
  return Array.from({ length: Math.max(0, count) }, (_, k) => first + k * period * 1000);
}

class Run {
  private readonly values = new Map<string, MathValue>();
  private readonly messages = new Map<string, MessageData[]>();
  private readonly sampleCounts = new Map<string, Map<number, number>>();
  private readonly differ: { stat: boolean; period: boolean };

  constructor(private readonly metrics: MetricsStore, private readonly checked: CheckedQueries, private readonly w: QueryWindow) {
    this.differ = differentiators([...checked.values()].map((c) => c.query));
  }

  value(id: string): MathValue {
    const known = this.values.get(id);
    if (known !== undefined) return known;
    const { query, expression } = this.checked.get(id)!;
    const v = expression ? this.expression(query, expression) : this.metricStat(query);
    this.values.set(id, v);
    return v;
  }

  private metricStat(q: MetricDataQuery): Series {
    const stat = q.MetricStat!;
    const label = defaultLabel(q, this.differ);
    const start = alignedStart(this.w.start, stat.Period, this.w.now, this.w.minute);
    if (!periodFitsAge(stat.Period, start, this.w.now, this.w.minute)) return { label, points: new Map() };
    const key = seriesKey(this.w.scope, stat.Metric, 'Dimensions');
    const fetched = fetchStat(this.metrics, { key, start, end: this.w.end, period: stat.Period, stat: stat.Stat, unit: stat.Unit });
    if (stat.Unit === undefined && fetched.units.length > 1) {
      this.messages.set(q.Id, [{ Code: 'MultipleUnits', Value: `Multiple units returned: '[${fetched.units.join(', ')}]'` }]);
    }
    this.sampleCounts.set(q.Id, new Map(fetched.points.map((p) => [p.t, p.sampleCount])));
    return { label, points: new Map(fetched.points.map((p) => [p.t, p.value])) };
  }

  private expression(q: MetricDataQuery, node: Node): MathValue {
    const ctx: MathContext = {
      ref: (id) => this.value(id),
      metrics: () => [...this.checked.values()].filter((c) => !c.expression).map((c) => ({ id: c.query.Id, series: this.value(c.query.Id) as Series })),
      grid: () => this.grid(q),
    };
    try {
      return evaluate(node, ctx);
    } catch (e) {
      throw e instanceof MathError ? expressionError(q.Id, e.message) : e;
    }
  }

  /** The periods of an expression's range: its own Period, else the shortest of the MetricStat queries. */
  grid(q: MetricDataQuery): number[] {
    const periods = [...this.checked.values()].flatMap((c) => (c.query.MetricStat ? [c.query.MetricStat.Period] : []));
    return gridOf(q.Period ?? (periods.length > 0 ? Math.min(...periods) : this.w.minute), this.w);
  }

  results(id: string): QueryResult[] {
    const { query } = this.checked.get(id)!;
    const v = this.value(id);
    const fallback = defaultLabel(query, this.differ);
    // A single series is labelled as its query; the members of an array keep their own labels.
    const asSeries = typeof v === 'number' ? [{ label: fallback, points: new Map(Number.isFinite(v) ? this.grid(query).map((t) => [t, v]) : []) }] : Array.isArray(v) ? v : [{ ...v, label: fallback }];
    const counts = this.sampleCounts.get(id);
    return asSeries.map((s) => {
      const points = [...s.points.entries()].sort(([a], [b]) => a - b).map(([t, value]) => ({ t, v: value, ...(counts?.has(t) ? { sampleCount: counts.get(t) } : {}) }));
      const own = s.label || fallback;
      const label = expandLabel(query.Label ?? own, query, own, points.map((p) => p.v));
      return { id, label, points, messages: this.messages.get(id) ?? [] };
    });
  }
}

/** The results of every query that returns data (ReturnData not false), in request order. */
export function runQueries(metrics: MetricsStore, checked: CheckedQueries, w: QueryWindow): QueryResult[] {
  const run = new Run(metrics, checked, w);
  return [...checked.values()].filter((c) => c.query.ReturnData !== false).flatMap((c) => run.results(c.query.Id));
}
