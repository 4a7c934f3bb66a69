/**
 * Evaluating a parsed metric math expression. Values are scalars, time series (timestamp →
 * value) or arrays of time series, as in CloudWatch:
 *
 * - arithmetic between a scalar and a series applies to every point; between two series it
 *   keeps the timestamps both have; an array with a scalar or a series applies per member;
 * - SUM, AVG, MIN, MAX of an array give one series (per timestamp, over the members that
 *   have a value there); of a single series they give a scalar over its points;
 * - FILL(x, v) fills every period of the query's grid where x has no value, with a number,
 *   the values of another series, REPEAT (the last earlier value) or LINEAR (interpolated);
 * - METRICS() is every MetricStat query's series, METRICS("s") those whose Id contains s;
 * - ABS, CEIL and FLOOR apply per value.
 *
 * Results that are not finite numbers (division by zero) are dropped, as CloudWatch drops
 * them from a time series.
 */
import { MathError, Node } from './parse.js';

export interface Series {
  label: string;
  /** Epoch milliseconds → value. */
  points: Map<number, number>;
}

export type MathValue = number | Series | Series[];

export interface MathContext {
  /** The value of another query of the request, by id. */
  ref(id: string): MathValue;
  /** The MetricStat queries' series, in request order, with their ids. */
  metrics(): { id: string; series: Series }[];
  /** Every period start of the query's time range, ascending (for FILL; computed when asked). */
  grid(): number[];
}

export function evaluate(node: Node, ctx: MathContext): MathValue {
  switch (node.kind) {
    case 'number': return node.value;
    case 'ref': return ctx.ref(node.id);
    case 'negate': return apply(evaluate(node.operand, ctx), (a) => -a);
    case 'binary': return binary(node.op, evaluate(node.left, ctx), evaluate(node.right, ctx));
    case 'array': return node.items.flatMap((item) => asSeriesList(evaluate(item, ctx)));
    case 'call': return call(node.name, node.args, ctx);
    case 'string': throw new MathError(`A string ("${node.value}") is only allowed as the argument of METRICS`);
    case 'keyword': throw new MathError(`${node.name} is only allowed as the second argument of FILL`);
  }
}

function asSeriesList(v: MathValue): Series[] {
  if (typeof v === 'number') throw new MathError('An array may only hold time series');
  return Array.isArray(v) ? v : [v];
}

function mapPoints(s: Series, f: (v: number, t: number) => number): Series {
  const points = new Map<number, number>();
  for (const [t, v] of s.points) {
    const out = f(v, t);
    if (Number.isFinite(out)) points.set(t, out);
  }
  return { label: s.label, points };
}

/** A unary function applied to every value of a scalar, series or array. */
function apply(v: MathValue, f: (a: number) => number): MathValue {
  if (typeof v === 'number') return f(v);
  if (Array.isArray(v)) return v.map((s) => mapPoints(s, f));
  return mapPoints(v, f);
}

const OPS: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '^': (a, b) => a ** b,
};

function binary(op: string, left: MathValue, right: MathValue): MathValue {
  const f = OPS[op];
  if (Array.isArray(left) && Array.isArray(right)) throw new MathError('Arithmetic between two arrays of time series is not supported');
  if (Array.isArray(left)) return left.map((s) => binary(op, s, right) as Series);
  if (Array.isArray(right)) return right.map((s) => binary(op, left, s) as Series);
  if (typeof left === 'number' && typeof right === 'number') return f(left, right);
  if (typeof left === 'number') return mapPoints(right as Series, (b) => f(left, b));
  if (typeof right === 'number') return mapPoints(left, (a) => f(a, right));
  return mapPoints(left, (a, t) => (right.points.has(t) ? f(a, right.points.get(t)!) : NaN));
}

const AGGREGATES: Record<string, (values: number[]) => number> = {
  SUM: (xs) => xs.reduce((a, b) => a + b, 0),
  AVG: (xs) => xs.reduce((a, b) => a + b, 0) / xs.length,
  MIN: (xs) => xs.reduce((a, b) => Math.min(a, b), Infinity),
  MAX: (xs) => xs.reduce((a, b) => Math.max(a, b), -Infinity),
};

const PER_VALUE: Record<string, (a: number) => number> = { ABS: Math.abs, CEIL: Math.ceil, FLOOR: Math.floor };

function call(name: string, args: Node[], ctx: MathContext): MathValue {
  if (name === 'METRICS') return metricsFunction(args, ctx);
  if (name === 'FILL') return fill(args, ctx);
  const arity = (n: number) => {
    if (args.length !== n) throw new MathError(`${name} takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
  };
  if (AGGREGATES[name]) {
    arity(1);
    return aggregate(AGGREGATES[name], evaluate(args[0], ctx));
  }
  if (PER_VALUE[name]) {
    arity(1);
    return apply(evaluate(args[0], ctx), PER_VALUE[name]);
  }
  throw new MathError(`Unsupported function ${name}`);
}

function aggregate(f: (values: number[]) => number, v: MathValue): MathValue {
  if (typeof v === 'number') return v;
  if (!Array.isArray(v)) {
    const values = [...v.points.values()];
    return values.length > 0 ? f(values) : NaN;
  }
  const byTime = new Map<number, number[]>();
  for (const s of v) {
    for (const [t, x] of s.points) {
      const values = byTime.get(t);
      if (values) values.push(x);
      else byTime.set(t, [x]);
    }
  }
  const points = new Map<number, number>();
  for (const t of [...byTime.keys()].sort((a, b) => a - b)) points.set(t, f(byTime.get(t)!));
  return { label: '', points };
}

function metricsFunction(args: Node[], ctx: MathContext): Series[] {
  if (args.length > 1 || (args.length === 1 && args[0].kind !== 'string')) throw new MathError('METRICS takes no argument or one string');
  const filter = args.length === 1 && args[0].kind === 'string' ? args[0].value : '';
  return ctx.metrics().filter((m) => m.id.includes(filter)).map((m) => m.series);
}

function fill(args: Node[], ctx: MathContext): MathValue {
  if (args.length !== 2) throw new MathError(`FILL takes 2 arguments, got ${args.length}`);
  const target = evaluate(args[0], ctx);
  if (typeof target === 'number') throw new MathError('FILL needs a time series or an array of time series');
  const how = args[1].kind === 'keyword' ? args[1].name : evaluate(args[1], ctx);
  const grid = ctx.grid();
  const one = (s: Series) => fillSeries(s, how, grid);
  return Array.isArray(target) ? target.map(one) : one(target);
}

function fillSeries(s: Series, how: string | MathValue, grid: number[]): Series {
  if (how === 'REPEAT' || how === 'LINEAR') return how === 'REPEAT' ? repeat(s, grid) : linear(s, grid);
  if (typeof how === 'string') throw new MathError(`FILL does not know ${how}; use a number, a time series, REPEAT or LINEAR`);
  if (Array.isArray(how)) throw new MathError('FILL fills from a number or a single time series');
  const points = new Map<number, number>();
  for (const t of grid) {
    const v = s.points.get(t) ?? (typeof how === 'number' ? how : how.points.get(t));
    if (v !== undefined && Number.isFinite(v)) points.set(t, v);
  }
  return { label: s.label, points };
}

function repeat(s: Series, grid: number[]): Series {
  const points = new Map<number, number>();
  let last: number | undefined;
  for (const t of grid) {
    last = s.points.get(t) ?? last;
    if (last !== undefined) points.set(t, last);
  }
  return { label: s.label, points };
}

function linear(s: Series, grid: number[]): Series {
  const known = grid.filter((t) => s.points.has(t));
  const points = new Map<number, number>();
  let k = 0;
  for (const t of grid) {
    while (k < known.length - 1 && known[k + 1] <= t) k++;
    const [a, b] = [known[k], known[k + 1]];
    if (s.points.has(t)) points.set(t, s.points.get(t)!);
    else if (a !== undefined && b !== undefined && a < t && t < b) {
      const [va, vb] = [s.points.get(a)!, s.points.get(b)!];
      points.set(t, va + ((vb - va) * (t - a)) / (b - a));
    }
  }
  return { label: s.label, points };
}
