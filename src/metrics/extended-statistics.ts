/**
 * CloudWatch's extended statistics ("CloudWatch statistics definitions"), parsed and
 * computed from a period's distribution (./distribution.ts):
 *
 * - pNN.NN: the value at or below which that share of the samples lies; p0 is the minimum
 *   and p100 the maximum, exactly;
 * - TM(a:b) trimmed mean, WM(a:b) winsorized mean, TC(a:b) trimmed count, TS(a:b) trimmed
 *   sum: bounds are both percentages of the samples (ranks; a partly included bin counts
 *   in part) or both values (a < v ≤ b); either may be left out. tmNN, wmNN, tcNN, tsNN are
 *   TM(:NN%)…; IQM is TM(25%:75%). WM counts the samples outside as the edge's value (the
 *   percentile, or the bound itself);
 * - PR(a:b): the percentage of samples with a < v ≤ b.
 *
 * Every computation is one pass over the bins.
 */
import { Bin } from './distribution.js';

export interface Bound {
  value: number;
  percent: boolean;
}

export type ExtendedStatistic =
  | { kind: 'p'; percentile: number }
  | { kind: 'TM' | 'WM' | 'TC' | 'TS' | 'PR'; lower?: Bound; upper?: Bound };

const PERCENTILE = /^p(\d{1,2}(\.\d{1,2})?|100(\.0{1,2})?)$/;
const SHORTHAND = /^(tm|wm|tc|ts)(\d{1,2}(\.\d{1,10})?|100)$/;
const RANGE = /^(TM|WM|TC|TS|PR)\(([^:()]*):([^:()]*)\)$/;
const BOUND = /^(\d{1,20}(\.\d{1,10})?)(%?)$/;

function bound(text: string): Bound | undefined | null {
  if (text === '') return undefined;
  const m = BOUND.exec(text);
  if (!m) return null;
  const b = { value: Number(m[1]), percent: m[3] === '%' };
  return b.percent && b.value > 100 ? null : b;
}

function range(kind: 'TM' | 'WM' | 'TC' | 'TS' | 'PR', lowText: string, highText: string): ExtendedStatistic | undefined {
  const lower = bound(lowText);
  const upper = bound(highText);
  if (lower === null || upper === null || (!lower && !upper)) return undefined;
  if (kind === 'PR' && (lower?.percent || upper?.percent)) return undefined;
  if (lower && upper && (lower.percent !== upper.percent || lower.value >= upper.value)) return undefined;
  return { kind, ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

/** The statistic a name denotes, or undefined when it is not one of CloudWatch's forms. */
export function parseExtendedStatistic(name: string): ExtendedStatistic | undefined {
  if (PERCENTILE.test(name)) return { kind: 'p', percentile: Number(name.slice(1)) };
  const short = SHORTHAND.exec(name);
  if (short) return { kind: short[1].toUpperCase() as 'TM', upper: { value: Number(short[2]), percent: true } };
  if (name === 'IQM') return { kind: 'TM', lower: { value: 25, percent: true }, upper: { value: 75, percent: true } };
  const r = RANGE.exec(name);
  return r ? range(r[1] as 'TM', r[2], r[3]) : undefined;
}

/** A period's samples: its bins ascending (zero bin first), and its exact extremes. */
export interface Summary {
  bins: readonly Bin[];
  count: number;
  minimum: number;
  maximum: number;
}

/** A bin's value: the mean of its samples, within the period's extremes. */
const valueOf = (b: Bin, s: Summary) => Math.min(s.maximum, Math.max(s.minimum, b.count > 0 ? b.sum / b.count : 0));

export function percentile(s: Summary, p: number): number {
  if (p <= 0) return s.minimum;
  if (p >= 100) return s.maximum;
  // A relative tolerance, so that p50 of 1…100 is 50 despite rounding in the running count.
  const rank = (p / 100) * s.count * (1 - 1e-12);
  let seen = 0;
  for (const b of s.bins) {
    seen += b.count;
    if (seen >= rank) return valueOf(b, s);
  }
  return s.maximum;
}

interface Window {
  count: number;
  sum: number;
  below: number;
  above: number;
}

/** The samples between the bounds (ranks for percentages, values otherwise), and how many lie below and above. */
function windowOf(s: Summary, lower?: Bound, upper?: Bound): Window {
  const byRank = (lower ?? upper)!.percent;
  const lo = lower ? (byRank ? (lower.value / 100) * s.count : lower.value) : -Infinity;
  const hi = upper ? (byRank ? (upper.value / 100) * s.count : upper.value) : Infinity;
  const w: Window = { count: 0, sum: 0, below: 0, above: 0 };
  let seen = 0;
  for (const b of s.bins) {
    const v = valueOf(b, s);
    const [first, last] = [seen, seen + b.count];
    seen = last;
    const inside = byRank ? Math.max(0, Math.min(last, hi) - Math.max(first, lo)) : v > lo && v <= hi ? b.count : 0;
    const below = byRank ? Math.min(b.count - inside, Math.max(0, lo - first)) : v <= lo ? b.count : 0;
    const above = b.count - inside - below;
    w.below += below;
    w.above += above;
    w.count += inside;
    w.sum += inside === b.count ? b.sum : inside * v;
  }
  return w;
}

/** Means lie within the extremes; clamping keeps rounding from moving a mean of equal samples off their value. */
const within = (s: Summary, v: number) => Math.min(s.maximum, Math.max(s.minimum, v));

function edge(s: Summary, b: Bound): number {
  return b.percent ? percentile(s, b.value) : b.value;
}

/** The statistic's value for a period, or undefined where it has none (a mean over no sample). */
export function extendedValue(stat: ExtendedStatistic, s: Summary): number | undefined {
  if (s.count <= 0) return undefined;
  if (stat.kind === 'p') return percentile(s, stat.percentile);
  const w = windowOf(s, stat.lower, stat.upper);
  switch (stat.kind) {
    case 'TM': return w.count > 0 ? within(s, w.sum / w.count) : undefined;
    case 'TC': return w.count;
    case 'TS': return w.sum;
    case 'PR': return (100 * w.count) / s.count;
    case 'WM': {
      const low = stat.lower ? w.below * edge(s, stat.lower) : 0;
      const high = stat.upper ? w.above * edge(s, stat.upper) : 0;
      return within(s, (w.sum + low + high) / s.count);
    }
  }
}
