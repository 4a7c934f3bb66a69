/**
 * Writing values into HAProxy's configuration language so that none can leave its word or
 * its line, whatever it contains: quoted words, log-format strings, ALB wildcards as
 * regexes, matcher codes. Checked against HAProxy 2.6 (`haproxy -c`, render.test.ts).
 */

const CONTROL = /[\x00-\x1f\x7f]/;
const hexEscape = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** Every UTF-8 byte of a character as %XX (a character that must not appear raw in a URL or request line). */
export const percentEncode = (c: string) => [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/**
 * A single-quoted word: HAProxy interprets nothing between single quotes, but a line
 * break would still end the line, so quotes and control characters are spliced in from
 * outside (`'\''`, `"\x0a"`). NUL is dropped: HAProxy's words are C strings, a NUL would
 * silently cut the value short.
 */
export function quote(text: string): string {
  let out = "'";
  for (const c of text) {
    if (c === "'") out += `'\\''`;
    else if (c === '\0') continue;
    else if (CONTROL.test(c)) out += `'"${hexEscape(c)}"'`;
    else out += c;
  }
  return out + "'";
}

/**
 * A double-quoted log-format string that builds a URL (the redirect location): literal text
 * has %, ", \ and $ escaped, and control characters percent-encoded, so none can reach the
 * Location header (or end the line).
 */
export function logFormat(parts: { literal?: string; expr?: string }[]): string {
  const literal = (t: string) => t.replace(/[\x00-\x1f\x7f]/g, percentEncode).replace(/[\\"$]/g, (c) => `\\${c}`).replace(/%/g, '%%');
  return `"${parts.map((p) => (p.expr !== undefined ? p.expr : literal(p.literal!))).join('')}"`;
}

/**
 * ALB wildcards: * is any run of characters (`any`), ? one character (`one`); everything
 * else is literal: regex syntax is backslash-escaped and control characters become \xNN,
 * so the regex stays one line whatever the pattern holds (it is then quote()d).
 */
export function wildcardRegex(pattern: string, any = '.*', one = '.'): string {
  let out = '';
  for (const c of pattern) {
    if (c === '*') out += any;
    else if (c === '?') out += one;
    else if (CONTROL.test(c)) out += hexEscape(c);
    else out += /[\\^$.|+()[\]{}]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

/**
 * "200", "200-299", "200,302" as an anchored regex over the status code. Parts that are not
 * three-digit codes or ascending ranges are left out (a matcher with none matches no code),
 * and the work is bounded by the string's length, however wide a range claims to be.
 */
export function statusRegex(httpCode: string): string {
  const delta = new Array<number>(1001).fill(0);
  for (const part of httpCode.split(',')) {
    const m = /^([1-9]\d\d)(?:-([1-9]\d\d))?$/.exec(part);
    if (!m || Number(m[2] ?? m[1]) < Number(m[1])) continue;
    delta[Number(m[1])]++;
    delta[Number(m[2] ?? m[1]) + 1]--;
  }
  const codes: number[] = [];
  for (let c = 100, depth = 0; c < 1000; c++) {
    depth += delta[c];
    if (depth > 0) codes.push(c);
  }
  return codes.length ? `^(${codes.join('|')})$` : '^$';
}
