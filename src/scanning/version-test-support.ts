// Shared table runners for the version comparator tests.
import { it } from 'node:test';
import assert from 'node:assert/strict';

export type Compare = (a: string, b: string) => number | undefined;

/** Every earlier entry of `chain` sorts strictly before every later one. */
export function ascending(compare: Compare, chain: string[]): void {
  it(`orders ${chain.join(' < ')}`, () => {
    for (let i = 0; i < chain.length; i++) {
      for (let j = 0; j < chain.length; j++) {
        const c = compare(chain[i], chain[j]);
        assert.equal(Math.sign(c ?? NaN), Math.sign(i - j), `${chain[i]} vs ${chain[j]}: ${c}`);
      }
    }
  });
}

/** Each [a, op, b] row holds in both directions. */
export function table(compare: Compare, rows: [string, '<' | '=' | '>', string][]): void {
  for (const [a, op, b] of rows) {
    it(`${a} ${op} ${b}`, () => {
      const want = op === '<' ? -1 : op === '>' ? 1 : 0;
      assert.equal(Math.sign(compare(a, b) ?? NaN), want);
      assert.equal(Math.sign(compare(b, a) ?? NaN), -want || 0);
    });
  }
}

export function invalid(compare: Compare, values: string[], valid: string): void {
  for (const v of values) it(`rejects ${JSON.stringify(v)}`, () => assert.equal(compare(v, valid), undefined));
}
