import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Glob, LiteralFinder } from './search.js';

describe('linear-time search', () => {
  it('LiteralFinder finds what indexOf finds, borders and all', () => {
    const alphabet = 'ab';
    let seed = 7;
    const random = (n: number) => Array.from({ length: n }, () => alphabet[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % 2]).join('');
    for (let trial = 0; trial < 500; trial++) {
      const needle = random(1 + (trial % 5));
      const text = random(30);
      const from = trial % 7;
      assert.equal(new LiteralFinder(needle).indexIn(text, from), text.indexOf(needle, from), `${needle} in ${text} from ${from}`);
    }
    assert.equal(new LiteralFinder('abc').indexIn('xxabc', 0, 4), -1, 'must end by `end`');
    assert.equal(new LiteralFinder('').indexIn('abc', 1), 1);
  });

  it('Glob: * is any run, the rest literal, the whole text matches', () => {
    const table: [string, string, boolean][] = [
      ['UpdateTrail', 'UpdateTrail', true],
      ['UpdateTrail', 'UpdateTrails', false],
      ['Update*', 'UpdateTrail', true],
      ['*Trail', 'UpdateTrail', true],
      ['*date*', 'UpdateTrail', true],
      ['123.123.*', '123.123.0.1', true],
      ['123.123.*', '123.124.0.1', false],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'acb', false],
      ['ab*ba', 'aba', false],
      ['*', '', true],
      ['a**a', 'a', false],
      ['?', 'x', false],
    ];
    for (const [pattern, text, expected] of table) assert.equal(new Glob(pattern).matches(text), expected, `${pattern} ~ ${text}`);
  });

  it('stays linear on inputs that make naive matchers quadratic or worse', () => {
    const text = 'a'.repeat(1_000_000);
    const t0 = Date.now();
    assert.equal(new LiteralFinder(`${'a'.repeat(1000)}b`).foundIn(text), false);
    assert.equal(new Glob(`${'*a'.repeat(500)}*b`).matches(text), false);
    assert.equal(new Glob(`*${'a'.repeat(1000)}b*`).matches(text), false);
    const ms = Date.now() - t0;
    assert.ok(ms < 2000, `took ${ms} ms`);
  });
});
