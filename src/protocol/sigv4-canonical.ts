/**
 * SigV4's canonical forms: the canonical request (path, query, headers) a signature covers,
 * and the query decoding both the presigned form and the canonical query use. Pure.
 */
import type { AuthInput, QueryPair, SignedRequest } from './sigv4.js';

export function canonicalRequest(
  req: SignedRequest,
  query: QueryPair[],
  input: AuthInput,
  payload: string,
  rawPath: boolean,
): string {
  const signedQuery = input.presigned ? query.filter(([k]) => k !== 'X-Amz-Signature') : query;
  const headerLines = input.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(req.headers[name])}\n`);
  return [
    req.method.toUpperCase(),
    rawPath ? req.path || '/' : uriEncode(Buffer.from(normalizePath(req.path), 'utf8'), true),
    signedQuery.map(([k, v]) => `${k}=${v}`).join('&'),
    headerLines.join(''),
    input.signedHeaders.join(';'),
    payload,
  ].join('\n');
}

/** Removes '.', '..' and empty segments, as botocore and the JS SDK do before encoding. */
function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

/** Decodes each pair ('+' as space, like AWS's form decoding) and re-encodes it canonically, sorted. */
export function canonicalQueryPairs(raw: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const [key, value] = eq < 0 ? [piece, ''] : [piece.slice(0, eq), piece.slice(eq + 1)];
    pairs.push([recode(key), recode(value)]);
  }
  return pairs.sort(([ka, va], [kb, vb]) => compare(ka, kb) || compare(va, vb));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const recode = (component: string) => uriEncode(percentDecode(component.replace(/\+/g, ' ')), false);

/** First value of a query parameter, decoded; names are matched exactly as AWS does. */
export function queryParam(query: QueryPair[], name: string): string | undefined {
  const pair = query.find(([k]) => k === name);
  return pair === undefined ? undefined : percentDecode(pair[1]).toString('utf8');
}

/** Percent-decodes to bytes; a '%' not followed by two hex digits stays literal. */
function percentDecode(s: string): Buffer {
  if (!s.includes('%')) return Buffer.from(s, 'utf8');
  const bytes: Buffer[] = [];
  let start = 0;
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
    const hex = s.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) continue;
    bytes.push(Buffer.from(s.slice(start, i), 'utf8'), Buffer.from([parseInt(hex, 16)]));
    start = i + 3;
  }
  bytes.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(bytes);
}

/** RFC 3986 encoding: unreserved bytes kept, everything else %XX upper-case. */
function uriEncode(bytes: Buffer, keepSlash: boolean): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/') ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
