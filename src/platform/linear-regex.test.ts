import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileLinearRegex, RegexSyntaxError } from './linear-regex.js';

describe('compileLinearRegex: whole-text matching (Java matches())', () => {
  const cases: [string, string, boolean][] = [
    ['t2.*', 't2.small', true],
    ['t2.*', 'xt2.small', false],
    ['g2.*', 'g2.2xlarge', true],
    ['abc', 'abcd', false],
    ['a|b|c', 'b', true],
    ['a|b|c', 'ab', false],
    ['(t2|m5)\\.(micro|large)', 'm5.large', true],
    ['(t2|m5)\\.(micro|large)', 'm5xlarge', false],
    ['(?:ab)+', 'ababab', true],
    ['(?:ab)+', 'ababa', false],
    ['colou?r', 'color', true],
    ['colou?r', 'colour', true],
    ['a{3}', 'aaa', true],
    ['a{3}', 'aa', false],
    ['a{2,}', 'aaaaa', true],
    ['a{2,3}', 'aaaa', false],
    ['a{0,1}b', 'b', true],
    ['[a-c]+', 'abcabc', true],
    ['[a-c]+', 'abcd', false],
    ['[^0-9]+', 'abc', true],
    ['[^0-9]+', 'ab1', false],
    ['[-a]+', '-a-', true],
    ['[a-]+', '-a-', true],
    ['\\d+\\.\\d+', '1.14', true],
    ['\\w+', 'us_east_1a', true],
    ['\\w+', 'us-east-1a', false],
    ['\\s', ' ', true],
    ['\\S+', 'a b', false],
    ['\\D', '5', false],
    ['[\\d.]+', '1.2.3', true],
    ['\\x41\\u0042', 'AB', true],
    ['a.c', 'a\nc', false],
    ['a.c', 'a€c', true],
    ['.', '😀', true],
    ['^us-east-1[ab]$', 'us-east-1a', true],
    ['a^b', 'ab', false],
    ['a*?b', 'aab', true],
    ['(a*)*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['i-[0-9a-f]{8}', 'i-abcd1234', true],
    ['\\*', '*', true],
  ];
  for (const [pattern, text, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}`, () => {
      assert.equal(compileLinearRegex(pattern).matches(text), expected);
    });
  }
});

describe('compileLinearRegex: refused syntax', () => {
  const cases: [string, RegExp][] = [
    ['(a', /Unclosed group/],
    ['a)', /Unmatched closing/],
    ['[ab', /Unclosed character class/],
    ['*a', /Dangling meta character/],
    ['a**', /Dangling meta character/],
    ['a{2', /Unclosed counted closure/],
    ['a{3,2}', /Illegal repetition range/],
    ['a{x}', /Illegal repetition/],
    ['a++', /Possessive/],
    ['(a)\\1', /Unsupported escape/],
    ['\\bword', /Unsupported escape/],
    ['\\p{Lu}', /Unsupported escape/],
    ['(?=a)', /Look-around/],
    ['(?i)abc', /inline flags/],
    ['[a-z&&[^e]]', /intersections/],
    ['[z-a]', /Illegal character range/],
    ['\\x4', /hexadecimal/],
    ['a\\', /trailing backslash/],
    ['a{1001}', /above 1000/],
  ];
  for (const [pattern, message] of cases) {
    it(JSON.stringify(pattern), () => assert.throws(() => compileLinearRegex(pattern), (e: unknown) => e instanceof RegexSyntaxError && message.test(e.message)));
  }

  it('nesting beyond the group depth limit', () => {
    assert.throws(() => compileLinearRegex('('.repeat(101) + 'a' + ')'.repeat(101)), /nested too deeply/);
    assert.equal(compileLinearRegex('('.repeat(100) + 'a' + ')'.repeat(100)).matches('a'), true);
  });

  it('counted repetition beyond the node limit', () => {
    assert.throws(() => compileLinearRegex('((a{1000}){1000}){1000}'), /more than 5000 nodes/);
    assert.throws(() => compileLinearRegex('a{100}', { maxNodes: 50 }), /more than 50 nodes/);
    assert.equal(compileLinearRegex('a{100}', { maxNodes: 200 }).matches('a'.repeat(100)), true);
  });
});

describe('compileLinearRegex: linear time', () => {
  const hostile: [string, string][] = [
    ['(a*)*b', 'a'.repeat(5_000)],
    ['(a|a)*b', 'a'.repeat(5_000)],
    ['(a|aa)*c', 'a'.repeat(5_000)],
    ['(.*a){20}', 'a'.repeat(5_000)],
    ['(x+x+)+y', 'x'.repeat(5_000)],
  ];
  for (const [pattern, text] of hostile) {
    it(`${pattern} on ${text.length} characters stays within (n + 1) × program size steps`, () => {
      const re = compileLinearRegex(pattern);
      assert.equal(re.matches(text), pattern === '(.*a){20}');
      // Each position adds every program counter at most once and advances each live thread once.
      assert.ok(re.steps(text) <= (text.length + 1) * re.size * 3, `${re.steps(text)} steps for size ${re.size}`);
    });
  }
});
