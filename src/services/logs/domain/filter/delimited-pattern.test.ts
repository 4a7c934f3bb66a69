import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitFields } from './delimited-fields.js';
import { compileFilterPattern, FilterPatternError } from './filter-pattern.js';

// AWS's example event for space-delimited patterns (an Apache access log line).
const ACCESS = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
const SEVEN = '[ip, user, username, timestamp, request, status_code, bytes]';

describe('space-delimited fields', () => {
  const table: [string, string[]][] = [
    [ACCESS, ['127.0.0.1', '-', 'frank', '10/Oct/2000:13:25:15 -0700', 'GET /index.html HTTP/1.0', '404', '1534']],
    ['  a   b\tc\n', ['a', 'b', 'c']],
    ['', []],
    ['"unterminated x', ['"unterminated', 'x']],
    ['[] "" x', ['', '', 'x']],
    ['a"b c"', ['a"b', 'c"']],
  ];
  for (const [message, fields] of table) {
    it(JSON.stringify(message), () => assert.deepEqual(splitFields(message), fields));
  }
});

/** [pattern, message, matches] */
const MATCHES: [string, string, boolean][] = [
  [SEVEN, ACCESS, true],
  ['[ip, user, username, timestamp, request, status_code]', ACCESS, false],
  ['[ip, user, username, timestamp, request, status_code, bytes, more]', ACCESS, false],
  // comparisons: numbers, wildcards, quoted strings
  ['[ip, user, username, timestamp, request, status_code = 404, bytes]', ACCESS, true],
  ['[ip, user, username, timestamp, request, status_code=4*, bytes]', ACCESS, true],
  ['[ip, user, username, timestamp, request, status_code = 5*, bytes]', ACCESS, false],
  ['[ip, user, username, timestamp, request, status_code != 200, bytes > 1000]', ACCESS, true],
  ['[ip, user, username, timestamp, request, status_code, bytes >= 1534]', ACCESS, true],
  ['[ip, user, username, timestamp, request, status_code, bytes < 1000]', ACCESS, false],
  ['[ip, user, username, timestamp, request, status_code, bytes <= 1534.0]', ACCESS, true],
  ['[ip = 127.0.0.1, user, username, timestamp, request, status_code, bytes]', ACCESS, true],
  ['[ip = 127.0.0.*, user = -, username != bob, timestamp, request, status_code, bytes]', ACCESS, true],
  ['[ip, user, username, timestamp = *Oct/2000*, request = "GET /index.html HTTP/1.0", status_code, bytes]', ACCESS, true],
  ['[ip, user, username, timestamp, request = *html*, status_code, bytes]', ACCESS, true],
  ['[ip, user, username, timestamp, request = *php*, status_code, bytes]', ACCESS, false],
  ['[ip, user, username, timestamp, request, status_code, bytes > 10]', 'a b c d e f -', false],
  ['[ip, user, username, timestamp, request, status_code, bytes != 10]', 'a b c d e f -', true],
  // && and || on one field
  ['[ip, user, username, timestamp, request, status_code = 404 || status_code = 410, bytes]', ACCESS, true],
  ['[ip, user, username, timestamp, request, status_code = 4* && status_code != 404, bytes]', ACCESS, false],
  ['[ip, user, username, timestamp, request, status_code >= 400 && status_code < 500, bytes]', ACCESS, true],
  ['[ip, user, username, timestamp, request, status_code = 200 || status_code >= 400 && status_code < 500, bytes]', ACCESS, true],
  // regular expressions
  ['[ip, user, username, timestamp, request = %GET%, status_code = %^4[0-9]{2}$%, bytes]', ACCESS, true],
  ['[ip, user, username, timestamp, request != %POST%, status_code, bytes]', ACCESS, true],
  // ellipses: any number of fields
  ['[..., status_code = 404, bytes]', ACCESS, true],
  ['[ip, user, ..., status_code, bytes > 1000]', ACCESS, true],
  ['[ip, ..., username = frank, ..., bytes]', ACCESS, true],
  ['[ip, ..., username = bob, ..., bytes]', ACCESS, false],
  ['[..., request = *index*, ...]', ACCESS, true],
  ['[...]', '', true],
  ['[..., ...]', ACCESS, true],
  ['[ip, ..., ip2]', 'x', false],
  ['[a = x, ..., b = y, ..., c = z]', 'x y y z', true],
  ['[a = x, ..., b = y, c = z]', 'x y z y z', true],
  ['[a = x, ..., b = y, c = z]', 'x z y', false],
  ['[level = ERROR, ...]', 'ERROR [worker] "job failed" id=7', true],
];

const REFUSED: [string, RegExp][] = [
  ['[]', /^Invalid filter pattern$/],
  ['[ip, user', /^Invalid filter pattern$/],
  ['[ip,, user]', /^Invalid filter pattern$/],
  ['[ip, user,]', /^Invalid filter pattern$/],
  ['[1ip, user]', /^Invalid filter pattern$/],
  ['[ip, status_code =]', /^Invalid filter pattern$/],
  ['[ip, status_code = 4 ||]', /^Invalid filter pattern$/],
  ['[ip, status_code = 404 bytes]', /^Invalid filter pattern$/],
  ['[ip, status_code > 4*]', /^Invalid filter pattern$/],
  ['[ip, status_code > "x"]', /^Invalid filter pattern$/],
  ['[ip, status_code = 404 || bytes > 10]', /^Invalid filter pattern$/],
  ['[ip, request = "GET]', /^Invalid filter pattern$/],
  ['[a = %x%, b = %y%, c = %z%]', /at most 2 regular expressions/],
  ['[a = %(x)%]', /^Invalid regular expression in filter pattern/],
];

describe('space-delimited filter patterns', () => {
  for (const [pattern, message, expected] of MATCHES) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(message.slice(0, 30))}`, () => {
      assert.equal(compileFilterPattern(pattern)(message), expected);
    });
  }

  for (const [pattern, error] of REFUSED) {
    it(`refuses ${pattern}`, () => {
      assert.throws(() => compileFilterPattern(pattern), (e) => e instanceof FilterPatternError && error.test(e.message));
    });
  }

  it('stays within fields × slots on a quarter-megabyte event', () => {
    const message = 'a '.repeat(128_000);
    const slots = Array.from({ length: 60 }, () => 'f = a').join(', ');
    const t0 = Date.now();
    assert.equal(compileFilterPattern(`[..., ${slots}, g = b, ..., h]`)(message), false);
    assert.equal(compileFilterPattern(`[${slots}, ..., ${slots}]`)(message), true);
    const ms = Date.now() - t0;
    assert.ok(ms < 3000, `took ${ms} ms`);
  });
});
