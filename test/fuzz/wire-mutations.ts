/**
 * A (mutated) input document as the bytes of a request body, and mutations of those bytes
 * that no document can express: truncated or malformed JSON, invalid UTF-8, a byte-order
 * mark, other top-level values, duplicate keys; awsQuery bodies without or with a doubled
 * Action, bad list indexes and percent-escapes, very deep keys, parameter counts at the
 * edge's budget. None of them adds a string value, so a guarded member stays guarded.
 */
import type { ServiceModel } from '../../src/protocol/model.js';
import { queryBody } from '../support/aws-wire.js';
import { Family } from '../support/served-models.js';
import { nestedArray } from './hostile-values.js';
import { DEEP_MARK } from './mutate.js';
import { Random } from './random.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// DEEP_MARK as JSON.stringify and URLSearchParams write it. The query one starts at a
// parameter's beginning: unanchored, `[^&=]*` would rescan a 300,000-character value from every position.
const DEEP_JSON = new RegExp(`"${escapeRe(JSON.stringify(DEEP_MARK).slice(1, -1))}(\\d+)"`, 'g');
const DEEP_QUERY = new RegExp(`(^|&)([^&=]*)=${escapeRe(new URLSearchParams([['', DEEP_MARK]]).toString().slice(1))}(\\d+)`, 'g');

/** The document as the protocol's body, deep-nesting marks expanded. */
export function encode(family: Family, model: ServiceModel, operation: string, doc: unknown): string {
  if (family === 'json') return JSON.stringify(doc).replace(DEEP_JSON, (_, n: string) => nestedArray(Number(n)));
  // awsQuery has no nesting but its dotted keys: a key of that many segments.
  return queryBody(model, operation, doc).replace(DEEP_QUERY, (_, start: string, key: string, n: string) => `${start}${key}${'.a'.repeat(Number(n))}=x`);
}

type RawMutation = (body: string, rnd: Random, operation: string) => { body: string | Buffer; note: string };

const splitAt = (body: string, rnd: Random) => rnd.int(0, Math.max(0, body.length - 1));

const COMMON: RawMutation[] = [
  (body, rnd) => {
    const at = splitAt(body, rnd);
    return { body: body.slice(0, at), note: `truncated at ${at}` };
  },
  (body, rnd) => {
    const at = splitAt(body, rnd);
    return { body: Buffer.concat([Buffer.from(body.slice(0, at)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(body.slice(at))]), note: `invalid UTF-8 at ${at}` };
  },
  (body) => ({ body: `\ufeff${body}`, note: 'byte-order mark' }),
];

const JSON_ONLY: RawMutation[] = [
  (_body, rnd) => {
    const body = rnd.pick(['null', '[]', '"x"', '1', 'true', '{', '', '{"a":}', '[{}]', '{"a":1,}', "{'a':1}", 'NaN', '{"a":1}{"b":2}']);
    return { body, note: `body ${JSON.stringify(body)}` };
  },
  (body) => {
    const key = /^\{"((?:[^"\\]|\\.)*)"/.exec(body)?.[1] ?? 'x';
    return { body: body.replace(/\}\s*$/, `,"${key}":12345}`), note: `duplicate key ${key} (last wins)` };
  },
  (body, rnd) => {
    const literal = rnd.pick(['1'.repeat(5_000), '1e999999', '-1e-999999', '0.' + '0'.repeat(5_000) + '1']);
    return { body: body.replace(/\}\s*$/, `,"n":${literal}}`), note: 'huge number literal' };
  },
  (body) => ({ body: `${' '.repeat(1_000_000)}${body}`, note: 'a megabyte of leading whitespace' }),
];

const QUERY_ONLY: RawMutation[] = [
  (body) => ({ body: body.replace(/(^|&)Action=[^&]*/, ''), note: 'no Action' }),
  (body, _rnd, operation) => ({ body: `${body}&Action=${operation.toLowerCase()}`, note: 'Action repeated in lower case' }),
  (body) => ({ body: body.replace(/(^|&)Version=[^&]*/, '$1Version=1999-01-01'), note: 'wrong Version' }),
  (body, rnd) => {
    const index = rnd.pick(['0', '-1', '99999999999', 'abc', '1.5', '01', '']);
    return { body: `${body.replace(/\.member\.1([.=])/, `.member.${index}$1`)}&Tags.member.${index}.Key=k`, note: `list index ${JSON.stringify(index)}` };
  },
  (body) => ({ body: `${body}&=x&.=y&a..b=z&Action.x=1&&&`, note: 'empty and dotted keys' }),
  (body) => ({ body: `${body}&X=%zz%ff%fe&%E0%A4%A=1`, note: 'bad percent-escapes' }),
  (body, rnd) => {
    const depth = rnd.pick([100, 10_000, 60_000]);
    return { body: `${body}&${'a.'.repeat(depth)}b=1`, note: `a key ${depth} segments deep` };
  },
  (body, rnd) => {
    const n = rnd.pick([19_990, 20_001]);
    return { body: `${body}${Array.from({ length: n }, (_, i) => `&P${i}=1`).join('')}`, note: `${n} more parameters` };
  },
];

/** One body mutation for the family. */
export function mutateBody(family: Family, body: string, rnd: Random, operation: string): { body: string | Buffer; note: string } {
  const pool = family === 'json' ? [...COMMON, ...JSON_ONLY] : [...COMMON, ...QUERY_ONLY];
  return rnd.pick(pool)(body, rnd, operation);
}
