/**
 * Reads a decoded request document against a model shape: checks types (a wrong
 * type is a SerializationException, as AWS's deserializer fails), then collects
 * constraint problems (required, enum, length, range) in AWS's validation wording.
 * Timestamps become Dates and blobs Buffers; unknown members are dropped as AWS ignores them.
 */
import { setFlagsFromString } from 'node:v8';
import { ServiceModel, Shape } from './model.js';
import { checkListQuota } from './list-quotas.js';

export class SerializationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SerializationError';
  }
}

export interface ReadResult {
  value: unknown;
  problems: string[];
}

const JSON_TYPE_NAMES: Record<string, string> = {
  structure: 'a structure', map: 'a map', list: 'a list', string: 'a String', integer: 'an Integer', long: 'a Long',
  float: 'a Float', double: 'a Double', boolean: 'a Boolean', timestamp: 'a Timestamp', blob: 'a Blob',
};

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'Start of list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'Start of structure or map';
  return typeof value === 'string' ? 'STRING_VALUE' : typeof value === 'number' ? 'NUMBER_VALUE' : 'BOOLEAN_VALUE';
}

function wrongType(value: unknown, shape: Shape): never {
  const found = describeJson(value);
  if (found.startsWith('Start of')) throw new SerializationError(`${found} found where not expected`);
  throw new SerializationError(`${found} can not be converted to ${JSON_TYPE_NAMES[shape.type] ?? `a ${shape.type}`}`);
}

// Error messages echo values as AWS does, but never unboundedly: a 10 MiB list stays out of them.
const SHOWN_CHARS = 256;
function show(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : jsonPrefix(value, SHOWN_CHARS);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}...` : text;
}

/**
 * The JSON text of `value` up to a little past `limit` characters. JSON.stringify would
 * write all of a 10 MiB list only for it to be cut, and overflows the stack (a 500) on a
 * list nested 10,000 deep; this stops once the text is long enough, so each level of
 * nesting it enters has added a character and the recursion is at most `limit` deep.
 */
export function jsonPrefix(value: unknown, limit: number): string {
  let out = '';
  const write = (v: unknown): void => {
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && out.length <= limit; i++) {
        if (i > 0) out += ',';
        write(v[i]);
      }
      out += ']';
    } else if (v !== null && typeof v === 'object') {
      out += '{';
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (out.length > limit) break;
        out += `${first ? '' : ','}${JSON.stringify(k)}:`;
        first = false;
        write(x);
      }
      out += '}';
    } else {
      out += JSON.stringify(v) ?? 'null';
    }
  };
  write(value);
  return out;
}

export function readShape(model: ServiceModel, shapeName: string, value: unknown): ReadResult {
  const problems: string[] = [];
  const out = read(model, shapeName, value, '', problems);
  return { value: out, problems };
}

function read(model: ServiceModel, shapeName: string, value: unknown, path: string, problems: string[]): unknown {
  const shape = model.shapes[shapeName];
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure': return readStructure(model, shape, value, path, problems);
    case 'list': return readList(model, shapeName, value, path, problems);
    case 'map': return readMap(model, shape, value, path, problems);
    case 'string': return readString(shape, value, path, problems);
    case 'integer': case 'long': return readNumber(shape, value, path, problems, true);
    case 'float': case 'double': return readNumber(shape, value, path, problems, false);
    case 'boolean':
      if (typeof value !== 'boolean') wrongType(value, shape);
      return value;
    case 'timestamp': return readTimestamp(shape, value);
    case 'blob':
      if (typeof value !== 'string') wrongType(value, shape);
      return Buffer.from(value, 'base64');
    default:
      return value;
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function readStructure(model: ServiceModel, shape: Shape, value: unknown, path: string, problems: string[]): unknown {
  if (shape.document) return value;
  if (typeof value !== 'object' || Array.isArray(value)) wrongType(value, shape);
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = read(model, ref.shape, input[name], join(path, name), problems);
    if (v !== undefined) out[name] = v;
  }
  for (const name of shape.required ?? []) {
    if (out[name] === undefined) problems.push(`Value null at '${join(path, name)}' failed to satisfy constraint: Member must not be null`);
  }
  return out;
}

function checkLength(shape: Shape, length: number, value: unknown, path: string, problems: string[], what: string): void {
  if (shape.min !== undefined && length < shape.min) {
    problems.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: Member must have ${what} greater than or equal to ${shape.min}`);
  } else if (shape.max !== undefined && length > shape.max) {
    problems.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: Member must have ${what} less than or equal to ${shape.max}`);
  }
}

function readList(model: ServiceModel, shapeName: string, value: unknown, path: string, problems: string[]): unknown {
  const shape = model.shapes[shapeName];
  if (!Array.isArray(value)) wrongType(value, shape);
  checkListQuota(model, shapeName, value.length);
  checkLength(shape, value.length, value, path, problems, 'length');
  // An over-long list is refused on its length; reading its members would be wasted work.
  if (shape.max !== undefined && value.length > shape.max) return [];
  return value.map((item, i) => {
    const itemPath = `${path}.${i + 1}.member`;
    if (item === null) problems.push(`Value null at '${itemPath}' failed to satisfy constraint: Member must not be null`);
    return read(model, shape.member!.shape, item, itemPath, problems);
  });
}

function readMap(model: ServiceModel, shape: Shape, value: unknown, path: string, problems: string[]): unknown {
  if (typeof value !== 'object' || Array.isArray(value)) wrongType(value, shape);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    checkWellFormed(k);
    out[k] = read(model, shape.value!.shape, v, `${path}.${k}`, problems);
  }
  return out;
}

// Only a JSON escape (`"\ud800"`) can carry one: UTF-8 bytes cannot.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A lone surrogate is not text: UTF-8 (and so the store, and any other program a value
 * reaches) cannot hold it. Refused as the deserializer's error, as a malformed value is.
 */
function checkWellFormed(value: string): void {
  if (LONE_SURROGATE.test(value)) throw new SerializationError('Invalid UTF-16 string: unpaired surrogate');
}

function readString(shape: Shape, value: unknown, path: string, problems: string[]): unknown {
  if (typeof value !== 'string') wrongType(value, shape);
  checkWellFormed(value);
  if (shape.enum && !shape.enum.includes(value)) {
    problems.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  }
  checkLength(shape, value.length, value, path, problems, 'length');
  const tooLong = shape.max !== undefined && value.length > shape.max;
  if (shape.pattern && !tooLong && !matches(shape.pattern, value)) {
    problems.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  return value;
}

// AWS's model patterns run on caller input, and one backtracks exponentially (ECR's
// ScanningRepositoryFilterValue: 26 characters take 90 s). V8's linear-time engine (the
// `l` flag) runs them without backtracking.
setFlagsFromString('--enable-experimental-regexp-engine');

const UNICODE_ESCAPE = /\\[pPu]\{/;
/** A quantified group that itself contains a quantifier: the shape that can backtrack. */
const NESTED_QUANTIFIER = /\([^()]*[*+}][^()]*\)[*+{]/;

/** Linear-time when V8 can; with `u` (needed for \p{…}) only when nothing can backtrack; else unchecked. */
export function compilePattern(pattern: string): RegExp | null {
  // Without `u`, \p{L} would mean a literal "p{L}"; those patterns must take the `u` path.
  if (!UNICODE_ESCAPE.test(pattern)) {
    try {
      return new RegExp(`^(?:${pattern})$`, 'l');
    } catch {
      // Syntax the linear engine refuses falls through to the guarded `u` path.
    }
  }
  if (NESTED_QUANTIFIER.test(pattern)) return null;
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return null;
  }
}

const patternCache = new Map<string, RegExp | null>();
function matches(pattern: string, value: string): boolean {
  if (!patternCache.has(pattern)) patternCache.set(pattern, compilePattern(pattern));
  const re = patternCache.get(pattern);
  return re ? re.test(value) : true;
}

function readNumber(shape: Shape, value: unknown, path: string, problems: string[], integer: boolean): unknown {
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) wrongType(value, shape);
  if (shape.min !== undefined && value < shape.min) {
    problems.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`);
  } else if (shape.max !== undefined && value > shape.max) {
    problems.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
  }
  return value;
}

function readTimestamp(shape: Shape, value: unknown): Date {
  const d = typeof value === 'number' ? new Date(value * 1000)
    : typeof value === 'string' ? (/^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value))
    : undefined;
  // Past ±8.64e15 ms a Date is invalid, and a handler formatting it would throw: refused as an unreadable one is.
  if (d && !Number.isNaN(d.getTime())) return d;
  return wrongType(value, shape);
}
