/**
 * The values mutations put where the model expects something else: strings that have
 * hurt parsers, paths, shells, SQL, templates, HAProxy and XML before; control and unicode
 * oddities; numbers and timestamps at and past every edge; values of the wrong type.
 */

export const INJECTION_STRINGS = [
  '../../../../etc/passwd', '..%2f..%2f..%2fetc%2fpasswd', '/etc/passwd', '..\\..\\windows\\win.ini', 'C:\\Windows\\System32',
  "' OR '1'='1", '"; DROP TABLE documents; --', "'); DELETE FROM documents; --", '1; SELECT sqlite_version()',
  '${jndi:ldap://127.0.0.1/a}', '{{7*7}}', '#{7*7}', '<%= 7*7 %>', '<script>alert(1)</script>', ']]><x>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  '$(id)', '`id`', '| id', '; id', '&& id', '\nbackend evil\n  server s 127.0.0.1:22', 'a\r\nX-Injected: 1', 'a\nb',
  '%00', '%s%s%s%n', '%x%x', '\\', '\\\\', '*', '?', '[', '(', ')', '{', '|', '^$', '.*', '(a+)+$', 'a'.repeat(64) + '!',
  'arn:aws:iam::*:root', 'arn:aws:iam::000000000000:root', 'arn:aws:ecs:us-east-1:000000000000:cluster/other', 'arn:aws:kms:eu-west-1:999999999999:key/x',
  'http://169.254.169.254/latest/meta-data/', 'file:///etc/passwd', 'unix:///var/run/docker.sock', '/var/run/docker.sock',
  'NaN', 'null', 'undefined', 'true', '0x41', '1e309', '-0', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '', ' ', '.', '..', '/', '//', 'alias/aws/ssm', 'alias/aws/secretsmanager', 'AWSCURRENT', 'AWSPREVIOUS', 'default',
  // Lookup tables keyed by what a caller sends must not find Object.prototype's members.
  ...['ecs', 'ecr', 'elasticloadbalancing', 'iam', 'kms', 'ssm', 'secretsmanager'].flatMap((svc) =>
    ['constructor', 'toString', '__proto__'].map((name) => `arn:aws:${svc}:us-east-1:000000000000:${name}/x/0123456789abcdef`)),
];

export const UNICODE_STRINGS = [
  '\u0000', 'a\u0000b', '\u0007\u001b[31mred\u001b[0m', '\u202eevil\u202c', '\u200b', '\ufeff', '\uffff', '\ud800', '\udc00x', '\ud83d\ude00'.repeat(40),
  'e\u0301', 'ǅǈǋ', 'ＡＢＣ', 'مرحبا', '日本語', '\u2028\u2029', '\t', '\r\n', ' leading', 'trailing ', 'İı', 'ß', 'ﬃ', '\u{10ffff}',
  'a\u0300'.repeat(200), '\u0085', '\u00a0',
];

const INT32 = 2 ** 31;

export const NUMBER_EDGES = [
  0, -1, 1, INT32 - 1, INT32, -INT32, -INT32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 63), 2 ** 63, 1e308, -1e308, 5e-324, 1.5, -0.5, -0,
];

export const TIMESTAMP_EDGES: unknown[] = [
  -1, 0, 1e20, -1e20, 8.64e12, 8.64e12 + 1, 253402300800, 1.5, '2020-13-45T25:61:61Z', 'not a date', '', '0', '99999999999999999999', '1e3', 'Infinity',
];

export const BLOB_EDGES = ['!!!not base64!!!', '', '=', 'QQ', 'QQ==QQ==', '\u0000', 'A'.repeat(4096)];

export const WRONG_TYPES: unknown[] = [123, -1, 1.5, true, false, 'text', '', [], [1, 'a'], {}, { a: 1 }, null];

export const EXTRA_MEMBER_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'x', 'Ünïcode', 'a.b', 'a[0]', '$ref', '', ' ', 'member.1'];

/** An array nested `depth` deep: within the edge's 100,000-element budget, past any sane recursion. */
export function nestedArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
