import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, MathContext, MathValue, Series } from './evaluate.js';
import { MathError, parseExpression, referencedIds } from './parse.js';

const series = (label: string, points: Record<number, number>): Series => ({ label, points: new Map(Object.entries(points).map(([t, v]) => [Number(t), v])) });
const plain = (v: MathValue): unknown => (typeof v === 'number' ? v : Array.isArray(v) ? v.map(plain) : Object.fromEntries([...v.points].sort(([a], [b]) => a - b)));

const QUERIES: Record<string, Series> = {
  m1: series('m1', { 0: 1, 60: 2, 120: 3 }),
  m2: series('m2', { 0: 10, 120: 30, 180: 40 }),
  errors5xx: series('errors5xx', { 60: 4 }),
};
const ctx: MathContext = {
  ref: (id) => {
    if (!QUERIES[id]) throw new MathError(`no ${id}`);
    return QUERIES[id];
  },
  metrics: () => Object.entries(QUERIES).map(([id, s]) => ({ id, series: s })),
  grid: () => [0, 60, 120, 180],
};
const run = (expression: string) => plain(evaluate(parseExpression(expression), ctx));

describe('metric math: parsing', () => {
  it('honours precedence and associativity', () => {
    assert.equal(run('1 + 2 * 3'), 7);
    assert.equal(run('(1 + 2) * 3'), 9);
    assert.equal(run('2 ^ 3 ^ 2'), 512);
    assert.equal(run('-2 ^ 2'), -4);
    assert.equal(run('10 - 4 - 3'), 3);
    assert.equal(run('1.5e2 / .5'), 300);
  });

  it('lists the ids an expression reads', () => {
    assert.deepEqual(referencedIds(parseExpression('SUM([m1, m2]) / FILL(e1, REPEAT) + METRICS("x")')), ['m1', 'm2', 'e1']);
  });

  const refused: Array<[string, RegExp]> = [
    ['', /empty/], ['m1 +', /ends where a value was expected/], ['(m1', /Expected "\)"/], ['m1 m2', /Unexpected "m2"/],
    ['m1 % 2', /Unrecognized character at position 4/], ['SUM(m1,', /ends where a value/], ['('.repeat(200) + '1' + ')'.repeat(200), /deeper than 100/],
  ];
  for (const [text, message] of refused) it(`refuses ${JSON.stringify(text.slice(0, 20))}`, () => assert.throws(() => parseExpression(text), message));
});

describe('metric math: evaluation', () => {
  it('applies scalars to every point and joins two series on their common timestamps', () => {
    assert.deepEqual(run('m1 * 10'), { 0: 10, 60: 20, 120: 30 });
    assert.deepEqual(run('100 / m1'), { 0: 100, 60: 50, 120: 100 / 3 });
    assert.deepEqual(run('m2 - m1'), { 0: 9, 120: 27 });
    assert.deepEqual(run('-m1'), { 0: -1, 60: -2, 120: -3 });
  });

  it('drops what is not a finite number (division by zero)', () => {
    assert.deepEqual(run('m1 / (m1 - 2)'), { 0: -1, 120: 3 });
  });

  it('SUM, AVG, MIN, MAX: per timestamp over an array, a scalar over one series', () => {
    assert.deepEqual(run('SUM([m1, m2])'), { 0: 11, 60: 2, 120: 33, 180: 40 });
    assert.deepEqual(run('AVG([m1, m2])'), { 0: 5.5, 60: 2, 120: 16.5, 180: 40 });
    assert.deepEqual(run('MIN([m1, m2])'), { 0: 1, 60: 2, 120: 3, 180: 40 });
    assert.deepEqual(run('MAX(m1)'), 3);
    assert.deepEqual(run('AVG(m2)'), 80 / 3);
    assert.deepEqual(run('m1 / SUM(m1)'), { 0: 1 / 6, 60: 2 / 6, 120: 3 / 6 });
  });

  it('METRICS(): every MetricStat query, or those whose id contains a string', () => {
    assert.deepEqual(run('SUM(METRICS())'), { 0: 11, 60: 6, 120: 33, 180: 40 });
    assert.deepEqual(run('METRICS("errors")'), [{ 60: 4 }]);
    assert.deepEqual(run('METRICS() * 2'), [{ 0: 2, 60: 4, 120: 6 }, { 0: 20, 120: 60, 180: 80 }, { 60: 8 }]);
  });

  it('FILL with a number, a series, REPEAT and LINEAR over the query\'s periods', () => {
    assert.deepEqual(run('FILL(m2, 0)'), { 0: 10, 60: 0, 120: 30, 180: 40 });
    assert.deepEqual(run('FILL(m1, m2)'), { 0: 1, 60: 2, 120: 3, 180: 40 });
    assert.deepEqual(run('FILL(m2, REPEAT)'), { 0: 10, 60: 10, 120: 30, 180: 40 });
    assert.deepEqual(run('FILL(m2, LINEAR)'), { 0: 10, 60: 20, 120: 30, 180: 40 });
    assert.deepEqual(run('FILL(errors5xx, LINEAR)'), { 60: 4 });
    assert.deepEqual(run('FILL([m1, m2], 0)'), [{ 0: 1, 60: 2, 120: 3, 180: 0 }, { 0: 10, 60: 0, 120: 30, 180: 40 }]);
  });

  it('ABS, CEIL and FLOOR per value', () => {
    assert.deepEqual(run('ABS(m1 - 2)'), { 0: 1, 60: 0, 120: 1 });
    assert.deepEqual(run('CEIL(m1 / 2)'), { 0: 1, 60: 1, 120: 2 });
    assert.equal(run('FLOOR(2.7)'), 2);
  });

  const refused: Array<[string, RegExp]> = [
    ['[m1] + [m2]', /two arrays/], ['[1, m1]', /only hold time series/], ['NOPE(m1)', /Unsupported function NOPE/], ['SUM(m1, m2)', /SUM takes 1 argument, got 2/],
    ['FILL(m1, SOMETIMES)', /does not know SOMETIMES/], ['FILL(2, 0)', /needs a time series/], ['m1 + "x"', /only allowed as the argument of METRICS/], ['REPEAT', /only allowed as the second argument of FILL/],
    ['METRICS(m1)', /METRICS takes no argument or one string/],
  ];
  for (const [text, message] of refused) it(`refuses ${text}`, () => assert.throws(() => run(text), (e: unknown) => e instanceof MathError && message.test(e.message)));
});
