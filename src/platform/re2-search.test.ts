import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Re2Search, RegexFlags, RegexSyntaxError } from './re2-search.js';

describe('Re2Search: matches anywhere, RE2 syntax', () => {
  const cases: [pattern: string, text: string, expected: boolean, flags?: RegexFlags][] = [
    ['ERROR', 'x ERROR y', true],
    ['ERROR', 'x error y', false],
    ['ERROR', 'x error y', true, { ignoreCase: true }],
    ['(?i)error', 'x ERROR y', true],
    ['(?i:err)OR', 'ErrOR', true],
    ['(?i:err)OR', 'Error', false],
    ['(?i)a(?-i)b', 'Ab', true],
    ['(?i)a(?-i)b', 'AB', false],
    ['(?i)[a-c]+x', 'BCAX', true],
    ['(?i)[^a-z]', 'ABC', false],
    ['^\\d{4}-\\d{2}-\\d{2}', '2024-01-31 start', true],
    ['^\\d{4}-\\d{2}-\\d{2}', ' 2024-01-31', false],
    ['^(INFO|ERROR)', 'ERROR boom', true],
    ['^(?:INFO|ERROR)', 'WARN ERROR', false],
    ['(?P<level>WARN)', 'a WARN', true],
    ['(?<level>WARN)', 'a WARN', true],
    ['a|b|c', 'xxc', true],
    ['colou?r', 'colour', true],
    ['a{2,3}b', 'aab', true],
    ['a{2,3}b', 'ab', false],
    ['a{2,}b', 'aaaab', true],
    ['x{', 'x{', true],
    ['[]a]', ']', true],
    ['[a-]', '-', true],
    ['[[:digit:]]+', 'abc 42', true],
    ['[[:^alpha:]]', 'abc', false],
    ['\\pL', '1é', true],
    ['\\p{Greek}', 'abc λ', true],
    ['\\PL', 'abc', false],
    ['[\\d\\s]', 'ab c', true],
    ['[^\\D]', 'abc', false],
    ['\\bcat\\b', 'a cat sat', true],
    ['\\bcat\\b', 'concatenate', false],
    ['\\Bcat\\B', 'concatenate', true],
    ['\\Acat', 'cat', true],
    ['cat\\z', 'a cat', true],
    ['cat$', 'cat\n', false],
    ['(?m)cat$', 'cat\nx', true],
    ['(?m)^x', 'cat\nx', true],
    ['^x', 'cat\nx', false],
    ['a.c', 'a\nc', false],
    ['(?s)a.c', 'a\nc', true],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['\\x41\\x{263a}', 'A☺', true],
    ['\\.', 'a', false],
    ['😀+x', '😀😀x', true],
    ['.x', '😀x', true],
    ['', 'anything', true],
    ['$', '', true],
    ['(a*)*b', 'aab', true],
    ['(|a)+b', 'b', true],
  ];
  for (const [pattern, text, expected, flags] of cases) {
    it(`${pattern}${flags ? ` ${JSON.stringify(flags)}` : ''} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}`, () => {
      assert.equal(new Re2Search(pattern, flags).test(text), expected);
    });
  }

  it('agrees with V8 on random patterns and texts of a shared syntax', () => {
    let seed = 11;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const atoms = ['a', 'b', '.', '[ab]', '[^a]', '(a|b)', '(ab)', '\\d', '\\w'];
    const quants = ['', '', '*', '+', '?', '{1,2}', '{2}'];
    const assertions = ['^', '$', '\\b', '\\B'];
    const piece = () => (rand(5) === 0 ? assertions[rand(assertions.length)] : atoms[rand(atoms.length)] + quants[rand(quants.length)]);
    for (let trial = 0; trial < 400; trial++) {
      const pattern = Array.from({ length: 1 + rand(4) }, piece).join('');
      const re = new Re2Search(pattern);
      const js = new RegExp(pattern);
      for (let t = 0; t < 5; t++) {
        const text = Array.from({ length: rand(8) }, () => 'ab1 '[rand(4)]).join('');
        assert.equal(re.test(text), js.test(text), `${pattern} on ${JSON.stringify(text)}`);
      }
    }
  });
});

describe('Re2Search: refused as Go refuses', () => {
  const cases: [string, string][] = [
    ['(a', 'error parsing regexp: missing closing ): `(a`'],
    ['a)', 'error parsing regexp: unexpected ): `a)`'],
    ['[ab', 'error parsing regexp: missing closing ]: `[ab`'],
    ['*a', 'error parsing regexp: missing argument to repetition operator: `*`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
    ['a{3,2}', 'error parsing regexp: invalid repeat count: `{3,2}`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['(?=a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['(?<=a)b', 'error parsing regexp: invalid or unsupported Perl syntax: `(?<`'],
    ['[z-a]', 'error parsing regexp: invalid character class range: `[z-a`'],
    ['\\p{Nope}', 'error parsing regexp: invalid character class range: `\\p{Nope}`'],
    ['a\\', 'error parsing regexp: trailing backslash at end of expression: ``'],
    ['((a{100}){100}){100}', 'error parsing regexp: expression too large: `((a{100}){100}){100}`'],
  ];
  for (const [pattern, message] of cases) {
    it(pattern, () => assert.throws(() => new Re2Search(pattern), (e: unknown) => e instanceof RegexSyntaxError && e.message === message));
  }

  it('nesting past 100 groups', () => {
    assert.throws(() => new Re2Search(`${'('.repeat(101)}a${')'.repeat(101)}`), /nests too deeply/);
    assert.equal(new Re2Search(`${'('.repeat(100)}a${')'.repeat(100)}`).test('a'), true);
  });

  it('maxNodes bounds what counted repetition may build', () => {
    assert.throws(() => new Re2Search('a{100}', {}, { maxNodes: 50 }), /expression too large/);
    assert.equal(new Re2Search('a{100}', {}, { maxNodes: 200 }).test('a'.repeat(100)), true);
  });
});

describe('Re2Search: linear time on hostile input', () => {
  const text = 'a'.repeat(262_144);
  const hostile = [
    Array(340).fill('ab').join('|'),
    `${'a*'.repeat(500)}b`,
    `${'a{0,16}'.repeat(120)}b`,
    `${'.{16}'.repeat(60)}b`,
    '(a|aa)*c',
    '(x+x+)+y',
    '(.*a){20}b',
  ];
  for (const pattern of hostile) {
    it(`${pattern.slice(0, 30)}… on 256 KiB`, () => {
      const t0 = Date.now();
      assert.equal(new Re2Search(pattern).test(text), false);
      const ms = Date.now() - t0;
      assert.ok(ms < 1500, `took ${ms} ms`);
    });
  }

  it('a pattern with exponentially many DFA states stays within its NFA size per character', () => {
    let seed = 3;
    const random = Array.from({ length: 100_000 }, () => 'ab'[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % 2]).join('');
    const t0 = Date.now();
    assert.equal(new Re2Search('a[ab]{200}c').test(random), false);
    const ms = Date.now() - t0;
    assert.ok(ms < 3000, `took ${ms} ms`);
  });
});
