import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchWildcard, matchWildcardCounted, WildcardOptions } from './wildcard.js';

const IAM: WildcardOptions = { caseInsensitive: true, questionMark: true };

describe('matchWildcard', () => {
  const cases: [pattern: string, text: string, options: WildcardOptions, expected: boolean][] = [
    ['', '', {}, true],
    ['', 'a', {}, false],
    ['*', '', {}, true],
    ['*', 'anything at all', {}, true],
    ['abc', 'abc', {}, true],
    ['abc', 'abcd', {}, false],
    ['abc', 'ab', {}, false],
    ['a*', 'a', {}, true],
    ['*c', 'abc', {}, true],
    ['a*c', 'abbbc', {}, true],
    ['a*c', 'abbbd', {}, false],
    ['a*b*c', 'axxbyybzzc', {}, true],
    ['*ab*ab', 'xabyabzab', {}, true],
    ['*aab', 'aaaab', {}, true],
    ['**', 'x', {}, true],
    ['dev-*', 'dev-1', {}, true],
    ['dev-*', 'prod-1', {}, false],
    ['*-rc*', 'v1-rc2', {}, true],
    ['ecr:*', 'ecr:BatchGetImage', IAM, true],
    ['ecr:Batch*', 'ecr:BatchGetImage', IAM, true],
    ['ECR:batchgetimage', 'ecr:BatchGetImage', IAM, true],
    ['ecr:BatchGetImage', 'ECR:BATCHGETIMAGE', IAM, true],
    ['ecr:BatchGetImage', 'ecr:batchgetimage', {}, false],
    ['ecr:Batch?etImage', 'ecr:BatchGetImage', IAM, true],
    ['ecr:Batch?etImage', 'ecr:BatchetImage', IAM, false],
    ['ecr:Batch??etImage', 'ecr:BatchGetImage', IAM, false],
    ['ecr:????', 'ecr:abcd', IAM, true],
    ['ecr:????', 'ecr:abc', IAM, false],
    ['?', 'é', IAM, true],
    ['?', '😀', IAM, true],
    ['v?', 'v1', {}, false],
    ['v?', 'v?', {}, true],
    ['arn:aws:ecr:*:000000000000:repository/team/*', 'arn:aws:ecr:us-east-1:000000000000:repository/team/web', {}, true],
    ['arn:aws:ecr:*:000000000000:repository/Team/*', 'arn:aws:ecr:us-east-1:000000000000:repository/team/web', {}, false],
    ['a.b', 'axb', {}, false],
    ['(a|b)+', '(a|b)+', {}, true],
  ];
  for (const [pattern, text, options, expected] of cases) {
    it(`'${pattern}' ${expected ? 'matches' : 'does not match'} '${text}' ${JSON.stringify(options)}`, () => {
      assert.equal(matchWildcard(pattern, text, options), expected);
    });
  }
});

describe('matchWildcard cost', () => {
  // A regex built from these patterns backtracks exponentially; the matcher's step count
  // must stay within its documented bound, and near-linear for star runs.
  for (const stars of [20, 50, 100]) {
    it(`${stars} stars and a missing character against a long text take linear steps`, () => {
      const pattern = `${'*'.repeat(stars)}Q`;
      const text = 'a'.repeat(10_000);
      const { matched, steps } = matchWildcardCounted(pattern, text);
      assert.equal(matched, false);
      assert.ok(steps <= pattern.length + 2 * text.length, `${steps} steps`);
    });
  }

  it('ecr:<25 stars>Q against every ECR action costs a few dozen steps', () => {
    const pattern = `ecr:${'*'.repeat(25)}Q`;
    for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:SetRepositoryPolicy']) {
      const { matched, steps } = matchWildcardCounted(pattern, action, IAM);
      assert.equal(matched, false);
      assert.ok(steps <= pattern.length + 2 * action.length, `${action}: ${steps} steps`);
    }
  });

  it('alternating stars and question marks stay within |pattern| × |text|', () => {
    const pattern = `${'*?'.repeat(100)}Q`;
    const text = 'a'.repeat(2_000);
    const { matched, steps } = matchWildcardCounted(pattern, text, IAM);
    assert.equal(matched, false);
    assert.ok(steps <= (pattern.length + 1) * (text.length + 1), `${steps} steps`);
  });

  it('the greedy worst case (a long literal after a star) stays within |pattern| × |text|', () => {
    const pattern = `*${'a'.repeat(200)}b`;
    const text = 'a'.repeat(5_000);
    const { matched, steps } = matchWildcardCounted(pattern, text);
    assert.equal(matched, false);
    assert.ok(steps <= (pattern.length + 1) * (text.length + 1), `${steps} steps`);
  });
});
