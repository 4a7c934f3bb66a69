import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilterPattern, FilterPatternError } from './filter-pattern.js';

const CLOUDTRAIL = JSON.stringify({
  eventType: 'UpdateTrail', sourceIPAddress: '123.123.113.2', bandwidth: 80, latency: 499.5, status: '200',
  user: { id: 1, email: 'John.Doe@example.com', admin: true, manager: null },
  users: [{ id: 2, email: 'nonmatch' }], actions: ['GET', 'PUT', 'DELETE'], empty: false,
});

/** [pattern, message, matches] */
const MATCHES: [string, string, boolean][] = [
  ['', 'anything', true],
  ['   ', 'anything', true],
  // text: terms, case-sensitive, all of them
  ['ERROR', '[ERROR] disk full', true],
  ['ERROR', '[error] disk full', false],
  ['ERROR disk', '[ERROR] disk full', true],
  ['ERROR memory', '[ERROR] disk full', false],
  ['"disk full"', '[ERROR] disk full', true],
  ['"full disk"', '[ERROR] disk full', false],
  ['"user@example.com"', 'login user@example.com ok', true],
  ['"say \\"hi\\""', 'they say "hi" loudly', true],
  // ?: at least one; -: none
  ['?ERROR ?WARN', 'WARN low disk', true],
  ['?ERROR ?WARN', 'INFO fine', false],
  ['ERROR -Exiting', 'ERROR retrying', true],
  ['ERROR -Exiting', 'ERROR Exiting now', false],
  ['ERROR ?disk ?memory', 'ERROR memory low', true],
  ['ERROR ?disk ?memory', 'ERROR cpu hot', false],
  ['-"health check"', 'GET /status', true],
  ['-"health check"', 'GET /health check', false],
  // regex terms
  ['%ERROR|FATAL%', 'FATAL boom', true],
  ['%^\\d{3}\\s%', '503 Service Unavailable', true],
  ['%^\\d{3}\\s%', 'code 503 x', false],
  ['%[Ee]rror%', 'an error here', true],
  ['%user_[0-9]+@example.com%', 'login user_17@example.com', true],
  ['-%^DEBUG%', 'DEBUG noise', false],
  ['?%^WARN% ?%^ERROR% ?%^FATAL%', 'ERROR boom', true],
  // JSON: strings, wildcards, numbers, booleans, null, missing fields
  ['{ $.eventType = "UpdateTrail" }', CLOUDTRAIL, true],
  ['{$.eventType="UpdateTrail"}', CLOUDTRAIL, true],
  ['{ $.eventType = UpdateTrail }', CLOUDTRAIL, true],
  ['{ $.eventType = "Update*" }', CLOUDTRAIL, true],
  ['{ $.eventType != "UpdateTrail" }', CLOUDTRAIL, false],
  ['{ $.sourceIPAddress = 123.123.* }', CLOUDTRAIL, true],
  ['{ $.sourceIPAddress != 123.123.* }', CLOUDTRAIL, false],
  ['{ $.bandwidth > 75 }', CLOUDTRAIL, true],
  ['{ $.bandwidth >= 80 }', CLOUDTRAIL, true],
  ['{ $.bandwidth < 80 }', CLOUDTRAIL, false],
  ['{ $.latency <= 499.5 }', CLOUDTRAIL, true],
  ['{ $.latency = 4.995e2 }', CLOUDTRAIL, true],
  ['{ $.status = 200 }', CLOUDTRAIL, true],
  ['{ $.status > 100 }', CLOUDTRAIL, false],
  ['{ $.user.id = 1 }', CLOUDTRAIL, true],
  ['{ $.users[0].email = "nonmatch" }', CLOUDTRAIL, true],
  ['{ $.actions[2] = "DELETE" }', CLOUDTRAIL, true],
  ['{ $.actions[3] = "DELETE" }', CLOUDTRAIL, false],
  ['{ $.user.admin IS TRUE }', CLOUDTRAIL, true],
  ['{ $.empty IS FALSE }', CLOUDTRAIL, true],
  ['{ $.user.manager IS NULL }', CLOUDTRAIL, true],
  ['{ $.user.admin IS NULL }', CLOUDTRAIL, false],
  ['{ $.user.phone NOT EXISTS }', CLOUDTRAIL, true],
  ['{ $.user.email NOT EXISTS }', CLOUDTRAIL, false],
  ['{ $.nothing != "x" }', CLOUDTRAIL, false],
  ['{ $.user.email = %@example\\.com$% }', CLOUDTRAIL, true],
  // JSON: && binds tighter than ||, parentheses group
  ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', CLOUDTRAIL, false],
  ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', CLOUDTRAIL, false],
  ['{ $.user.id = 2 && $.users[0].email = "nonmatch" || $.actions[0] = "GET" }', CLOUDTRAIL, true],
  ['{ $.user.id = 1 && ($.bandwidth < 10 || $.eventType = "Update*") }', CLOUDTRAIL, true],
  // JSON patterns never match text events
  ['{ $.level = "error" }', 'level=error', false],
  ['{ $.level = "error" }', '{"level": "error"', false],
  ['{ $[0] = "a" }', '["a", "b"]', true],
];

const REFUSED: [string, RegExp][] = [
  ['user@example.com', /^Invalid character\(s\) in term 'user@example\.com'$/],
  ['ERROR ?', /^Invalid character\(s\) in term '\?'$/],
  ['"unterminated', /^Invalid filter pattern$/],
  ['{ $.a = 1', /^If a filter pattern starts with '\{' it must end with '\}'$/],
  ['{ }', /^Invalid filter pattern$/],
  ['{ $.a = }', /^Invalid filter pattern$/],
  ['{ $.a > "x" }', /^Invalid filter pattern$/],
  ['{ $.a = 1 && }', /^Invalid filter pattern$/],
  ['{ ($.a = 1 }', /^Invalid filter pattern$/],
  ['{ a = 1 }', /^Invalid filter pattern$/],
  ['{ $. = 1 }', /^Invalid filter pattern$/],
  ['{ $.a IS MAYBE }', /^Invalid filter pattern$/],
  [`{ ${'('.repeat(40)}$.a = 1${')'.repeat(40)} }`, /^Invalid filter pattern$/],
  // regexes: AWS's character set (no parentheses, no multi-byte characters), two at most in JSON
  ['%ERR(OR)?%', /^Invalid regular expression in filter pattern: %ERR\(OR\)\?%: only letters/],
  ['%something!%', /^Invalid regular expression in filter pattern: %something!%/],
  ['%café%', /^Invalid regular expression in filter pattern/],
  ['%%', /^Invalid filter pattern$/],
  ['%[a%', /^Invalid regular expression in filter pattern: error parsing regexp: missing closing \]: `\[a`$/],
  ['%a{1001}%', /invalid repeat count/],
  ['%[ab]{600}c{600}%', /expression too large/],
  ['{ $.a = %x% || $.b = %y% || $.c = %z% }', /at most 2 regular expressions/],
];

describe('filter patterns', () => {
  for (const [pattern, message, expected] of MATCHES) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${message.slice(0, 40)}`, () => {
      assert.equal(compileFilterPattern(pattern)(message), expected);
    });
  }

  for (const [pattern, error] of REFUSED) {
    it(`refuses ${JSON.stringify(pattern.slice(0, 60))}`, () => {
      assert.throws(() => compileFilterPattern(pattern), (e) => e instanceof FilterPatternError && error.test(e.message));
    });
  }

  it('matches a megabyte in linear time, whatever the pattern', () => {
    const text = 'a'.repeat(1_000_000);
    const json = JSON.stringify({ k: text });
    const t0 = Date.now();
    assert.equal(compileFilterPattern(`"${'a'.repeat(1000)}b"`)(text), false);
    assert.equal(compileFilterPattern(`{ $.k = "${'*a'.repeat(300)}*b" }`)(json), false);
    assert.equal(compileFilterPattern('%[a]*[a]*[a]*[a]*b%')(text), false);
    assert.equal(compileFilterPattern('%a*a*a*a*a*a*a*a*c|b{16}%')(text), false);
    const ms = Date.now() - t0;
    assert.ok(ms < 3000, `took ${ms} ms`);
  });
});
