import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileAllowedPattern, PatternMatcher } from './allowed-pattern.js';

describe('AllowedPattern', () => {
  it('matches whole values, as AWS does (\\d{1,4} refuses 10000)', async () => {
    const matcher = new PatternMatcher();
    const table: Array<[string, string, boolean]> = [
      ['\\d{1,4}', '1234', true],
      ['\\d{1,4}', '10000', false],
      ['^\\d+$', '42', true],
      ['[a-z]+', 'abc1', false],
      ['.*', 'anything at all', true],
      ['\\p{L}+', 'Grüße', true],
      ['[a-z]{1,64}', 'a'.repeat(64), true],
      ['[a-z]{1,64}', 'a'.repeat(65), false],
      ['(?=.*\\d)[a-z\\d]{8,}', 'abcdefg1', true],
      ['(?=.*\\d)[a-z\\d]{8,}', 'abcdefgh', false],
    ];
    for (const [pattern, value, expected] of table) assert.equal(await matcher.matches(pattern, value), expected, `${pattern} ~ ${value}`);
  });

  it('runs what it can on the linear-time engine, the rest on the backtracking one', () => {
    assert.equal(compileAllowedPattern('(a+)+b').engine, 'linear');
    assert.equal(compileAllowedPattern('(?=a)a').engine, 'backtracking');
    assert.equal(compileAllowedPattern('[a-z]{1,64}').engine, 'backtracking');
    assert.throws(() => compileAllowedPattern('(unclosed'), /InvalidAllowedPattern|not a valid regular expression/);
  });

  it('a catastrophic pattern is stopped at its deadline while the event loop keeps running', async () => {
    const matcher = new PatternMatcher({ timeoutMs: 300, maxWorkers: 2 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = Date.now();
    await assert.rejects(matcher.matches('(?=(a|aa)*$)a*b', 'a'.repeat(64) + 'c'), (e: Error & { code?: string }) => e.code === 'InvalidAllowedPatternException' && /within 300 ms/.test(e.message));
    clearInterval(ticker);
    assert.ok(Date.now() - started < 2000, 'refused at its deadline');
    assert.ok(ticks > 10, `the event loop ran meanwhile (${ticks} ticks)`);
  });

  it('throttles when too many backtracking matches run at once', async () => {
    const matcher = new PatternMatcher({ timeoutMs: 300, maxWorkers: 1 });
    const slow = matcher.matches('(?=(a|aa)*$)a*b', 'a'.repeat(64) + 'c').catch((e: { code: string }) => e.code);
    await assert.rejects(matcher.matches('(?=x)x', 'x'), (e: { code?: string }) => e.code === 'ThrottlingException');
    assert.equal(await slow, 'InvalidAllowedPatternException');
    assert.equal(await matcher.matches('(?=x)x', 'x'), true, 'a worker is free again');
  });
});
