/** The extended statistics' syntax and arithmetic on known distributions, and the sketch's bounds. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { binsOf, DistributionBuilder, MAX_BINS, mergePacked, packedCount } from './distribution.js';
import { extendedValue, parseExtendedStatistic, Summary } from './extended-statistics.js';

function summaryOf(values: readonly number[], counts?: readonly number[]): Summary {
  const b = new DistributionBuilder();
  values.forEach((v, i) => b.add(v, counts?.[i] ?? 1));
  const packed = b.pack();
  return { bins: binsOf(packed), count: packedCount(packed), minimum: Math.min(...values), maximum: Math.max(...values) };
}

const value = (name: string, s: Summary) => extendedValue(parseExtendedStatistic(name)!, s);
const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

/** The exact statistic of sorted samples by the same definitions (nearest rank), to compare the sketch with. */
function exactPercentile(sorted: readonly number[], p: number): number {
  if (p === 0) return sorted[0];
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A deterministic long-tailed sample (log-normal-like), 20,000 values from 1 ms to a few seconds. */
function longTail(): number[] {
  let x = 12345;
  return Array.from({ length: 20_000 }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const u = x / 2 ** 31;
    return 0.001 * Math.exp(8 * u * u);
  });
}

describe('parseExtendedStatistic', () => {
  const valid: Array<[string, unknown]> = [
    ['p99', { kind: 'p', percentile: 99 }],
    ['p99.9', { kind: 'p', percentile: 99.9 }],
    ['p0.0', { kind: 'p', percentile: 0 }],
    ['p100', { kind: 'p', percentile: 100 }],
    ['tm90', { kind: 'TM', upper: { value: 90, percent: true } }],
    ['wm99.5', { kind: 'WM', upper: { value: 99.5, percent: true } }],
    ['IQM', { kind: 'TM', lower: { value: 25, percent: true }, upper: { value: 75, percent: true } }],
    ['TM(2%:98%)', { kind: 'TM', lower: { value: 2, percent: true }, upper: { value: 98, percent: true } }],
    ['TC(0.005:0.030)', { kind: 'TC', lower: { value: 0.005, percent: false }, upper: { value: 0.03, percent: false } }],
    ['TS(80%:)', { kind: 'TS', lower: { value: 80, percent: true } }],
    ['PR(:300)', { kind: 'PR', upper: { value: 300, percent: false } }],
  ];
  for (const [name, expected] of valid) it(`reads ${name}`, () => assert.deepEqual(parseExtendedStatistic(name), expected));

  const invalid = ['p', 'p101', 'p99.999', 'P99', 'p-1', 'tm', 'tm101', 'TM()', 'TM(:)', 'TM(90%:10%)', 'TM(10%:500)', 'TM(10%:101%)', 'PR(10%:)', 'IQR', 'Average', 'tm(10%:90%)'];
  for (const name of invalid) it(`refuses ${name}`, () => assert.equal(parseExtendedStatistic(name), undefined));
});

describe('extended statistics on known distributions', () => {
  const hundred = summaryOf(range(100));
  const six = summaryOf([100, 150, 160, 500, 1000, 1100]);
  const exact: Array<[string, string, Summary, number]> = [
    ['p0', '1…100', hundred, 1],
    ['p50', '1…100', hundred, 50],
    ['p99', '1…100', hundred, 99],
    ['p100', '1…100', hundred, 100],
    ['tm90', '1…100', hundred, 45.5],
    ['IQM', '1…100', hundred, 50.5],
    ['TM(10%:90%)', '1…100', hundred, 50.5],
    ['WM(10%:90%)', '1…100', hundred, 50.4],
    ['wm99', '1…100', hundred, 50.49],
    ['tc90', '1…100', hundred, 90],
    ['ts90', '1…100', hundred, 4095],
    ['TC(:50%)', '1…100', hundred, 50],
    ['PR(:10)', '1…100', hundred, 10],
    ['PR(10:20)', '1…100', hundred, 10],
    ['TM(150:1000)', 'values, bounds exclusive below and inclusive above', six, 553.3333333333334],
    ['PR(:300)', 'values', six, 50],
    ['p50', 'one sample', summaryOf([0.123]), 0.123],
    ['tm90', 'one sample', summaryOf([0.123]), 0.123],
    ['p99', '0.1 counted three times', summaryOf([0.1], [3]), 0.1],
    ['p50', '1, 2, 3 counted 1, 1, 2', summaryOf([1, 2, 3], [1, 1, 2]), 2],
    ['p50', 'mostly zeros', summaryOf([0, 0, 0, 5]), 0],
    ['TC(25%:75%)', 'one sample (a fraction of it)', summaryOf([7]), 0.5],
  ];
  for (const [name, of, s, expected] of exact) {
    it(`${name} of ${of} is ${expected}`, () => {
      const got = value(name, s)!;
      assert.ok(Math.abs(got - expected) <= 1e-9 * Math.abs(expected), `${name}: ${got}`);
    });
  }

  const tail = longTail();
  const sorted = [...tail].sort((a, b) => a - b);
  const tailSummary = summaryOf(tail);
  for (const p of [1, 10, 25, 50, 75, 90, 99, 99.9]) {
    it(`p${p} of a long-tailed sample is within 1% of the exact percentile`, () => {
      const got = value(`p${p}`, tailSummary)!;
      const want = exactPercentile(sorted, p);
      assert.ok(Math.abs(got - want) <= 0.01 * want, `p${p}: ${got} vs ${want}`);
    });
  }

  it('a trimmed mean of a long-tailed sample is within 1% of the exact one', () => {
    const kept = sorted.slice(sorted.length * 0.1, sorted.length * 0.9);
    const want = kept.reduce((a, b) => a + b, 0) / kept.length;
    const got = value('TM(10%:90%)', tailSummary)!;
    assert.ok(Math.abs(got - want) <= 0.01 * want, `${got} vs ${want}`);
  });

  it('has no trimmed mean over no sample, and no statistic of an empty distribution', () => {
    assert.equal(value('TM(500:600)', hundred), undefined);
    assert.equal(value('TC(500:600)', hundred), 0);
    assert.equal(value('p50', { bins: [], count: 0, minimum: 0, maximum: 0 }), undefined);
  });
});

describe('the distribution sketch', () => {
  it('keeps at most MAX_BINS bins, folding the lowest, and every sample', () => {
    const values = Array.from({ length: 5000 }, (_, i) => 1.02 ** (i - 2500));
    const b = new DistributionBuilder();
    for (const v of values) b.add(v, 1);
    const packed = b.pack();
    const bins = binsOf(packed);
    assert.ok(bins.length <= MAX_BINS);
    assert.equal(bins.at(-1)!.index - bins[0].index, MAX_BINS - 1, 'the lowest bins are folded into the lowest kept one');
    assert.equal(packedCount(packed), 5000);
    const s = { bins: binsOf(packed), count: 5000, minimum: values[0], maximum: values[4999] };
    assert.ok(Math.abs(value('p99', s)! - values[4949]) <= 0.01 * values[4949]);
  });

  it('merges in any order to the same distribution, folded or not', () => {
    const part = (from: number) => Array.from({ length: 1500 }, (_, i) => 1.03 ** (from + 2 * i));
    const [a, b] = [part(0), part(1)];
    const pack = (vs: number[]) => vs.reduce((d, v) => d.add(v, 1), new DistributionBuilder()).pack();
    const whole = pack([...a, ...b]);
    for (const merged of [mergePacked(pack(a), pack(b))!, mergePacked(pack(b), pack(a))!]) {
      assert.equal(merged.length, whole.length);
      merged.forEach((x, i) => assert.ok(Math.abs(x - whole[i]) <= 1e-9 * Math.abs(whole[i]), `slot ${i}`));
    }
  });
});
