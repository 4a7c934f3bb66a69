/**
 * Condition operators: the name grammar (`ForAnyValue:StringLikeIfExists`) and, for each
 * family, how one request value is compared with the policy's values. Policy values are
 * compiled when the policy is parsed (numbers, dates, CIDRs, patterns), so a request pays
 * only for the comparison.
 */
import { ArnPattern, ArnSubject, compileArnPattern, matchArn } from './arn-pattern.js';
import { cidrContains, IpRange, parseCidr, parseIp } from '../../platform/ip.js';
import { compileTemplate, Lookup, matchTemplate, Subject, Template } from './pattern.js';

type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';
type Comparison = 'eq' | 'eqIgnoreCase' | 'like' | 'lt' | 'le' | 'gt' | 'ge';

export interface Operator {
  /** As written, for reasons in logs. */
  name: string;
  family: Family;
  comparison: Comparison;
  /** StringNotEquals, NotIpAddress, ArnNotLike…: true when no policy value matches (NOR). */
  negated: boolean;
  /** `…IfExists`: a missing key makes the condition true. */
  ifExists: boolean;
  set?: 'ForAllValues' | 'ForAnyValue';
}

type Base = Pick<Operator, 'family' | 'comparison' | 'negated'>;
const base = (family: Family, comparison: Comparison, negated = false): Base => ({ family, comparison, negated });

const BASES: Record<string, Base> = {
  StringEquals: base('String', 'eq'),
  StringNotEquals: base('String', 'eq', true),
  StringEqualsIgnoreCase: base('String', 'eqIgnoreCase'),
  StringNotEqualsIgnoreCase: base('String', 'eqIgnoreCase', true),
  StringLike: base('String', 'like'),
  StringNotLike: base('String', 'like', true),
  NumericEquals: base('Numeric', 'eq'),
  NumericNotEquals: base('Numeric', 'eq', true),
  NumericLessThan: base('Numeric', 'lt'),
  NumericLessThanEquals: base('Numeric', 'le'),
  NumericGreaterThan: base('Numeric', 'gt'),
  NumericGreaterThanEquals: base('Numeric', 'ge'),
  DateEquals: base('Date', 'eq'),
  DateNotEquals: base('Date', 'eq', true),
  DateLessThan: base('Date', 'lt'),
  DateLessThanEquals: base('Date', 'le'),
  DateGreaterThan: base('Date', 'gt'),
  DateGreaterThanEquals: base('Date', 'ge'),
  Bool: base('Bool', 'eq'),
  BinaryEquals: base('Binary', 'eq'),
  IpAddress: base('Ip', 'eq'),
  NotIpAddress: base('Ip', 'eq', true),
  ArnEquals: base('Arn', 'like'),
  ArnLike: base('Arn', 'like'),
  ArnNotEquals: base('Arn', 'like', true),
  ArnNotLike: base('Arn', 'like', true),
  Null: base('Null', 'eq'),
};

/** Undefined for a name IAM does not know (including `NullIfExists`). */
export function parseOperator(name: string): Operator | undefined {
  let rest = name;
  let set: Operator['set'];
  for (const prefix of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${prefix}:`)) {
      set = prefix;
      rest = rest.slice(prefix.length + 1);
      break;
    }
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const found = Object.hasOwn(BASES, rest) ? BASES[rest] : undefined;
  if (!found || (ifExists && found.family === 'Null')) return undefined;
  return { name, ...found, ifExists, ...(set ? { set } : {}) };
}

/** Whether one request value matches at least one of the policy's values. */
export type ValueTest = (value: string, lookup: Lookup) => boolean;

/** What parsing needs to know to compile a condition's values. */
export interface ValueOptions {
  variables: boolean;
  /** Reports a value IAM refuses at write time (dates it cannot read). */
  invalid: (reason: 'date') => never;
}

export function compileValues(op: Operator, values: string[], options: ValueOptions): ValueTest {
  switch (op.family) {
    case 'String':
      return stringTest(op.comparison, values, options.variables);
    case 'Bool':
      return stringTest('eqIgnoreCase', values, options.variables);
    case 'Arn':
      return arnTest(values.map((v) => compileArnPattern(v, options.variables)));
    case 'Numeric':
      return orderedTest(op.comparison, values.map(parseNumber), parseNumber);
    case 'Date':
      return orderedTest(op.comparison, values.map((v) => parseDate(v) ?? options.invalid('date')), parseDate);
    case 'Binary':
      return binaryTest(values);
    case 'Ip':
      return ipTest(values.map(parseCidr).filter((r): r is IpRange => r !== undefined));
    case 'Null':
      return () => false; // Null never looks at values: conditions.ts checks presence.
  }
}

function stringTest(comparison: Comparison, values: string[], variables: boolean): ValueTest {
  const lowerCase = comparison === 'eqIgnoreCase';
  const templates: Template[] = values.map((v) => compileTemplate(v, { wildcards: comparison === 'like', variables, lowerCase }));
  return (value, lookup) => {
    const subject = new Subject(lowerCase ? value.toLowerCase() : value);
    return templates.some((t) => matchTemplate(t, subject, lookup, lowerCase));
  };
}

function arnTest(patterns: ArnPattern[]): ValueTest {
  return (value, lookup) => {
    const subject = new ArnSubject(value);
    return patterns.some((p) => matchArn(p, subject, lookup));
  };
}

function orderedTest(comparison: Comparison, policy: Array<number | undefined>, read: (v: string) => number | undefined): ValueTest {
  return (value) => {
    const v = read(value);
    if (v === undefined) return false;
    return policy.some((p) => p !== undefined && compare(comparison, v, p));
  };
}

/** The request value against the policy value: NumericLessThan means request < policy. */
function compare(comparison: Comparison, request: number, policy: number): boolean {
  switch (comparison) {
    case 'lt':
      return request < policy;
    case 'le':
      return request <= policy;
    case 'gt':
      return request > policy;
    case 'ge':
      return request >= policy;
    default:
      return request === policy;
  }
}

function binaryTest(values: string[]): ValueTest {
  const policy = values.map((v) => Buffer.from(v, 'base64'));
  return (value) => {
    const bytes = Buffer.from(value, 'base64');
    return policy.some((p) => p.equals(bytes));
  };
}

function ipTest(ranges: IpRange[]): ValueTest {
  return (value) => {
    const address = parseIp(value);
    return address !== undefined && ranges.some((r) => cidrContains(r, address));
  };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Integers and decimals as written in policies; hex, exponents and `Infinity` are not numbers here. */
function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Milliseconds since the epoch, from ISO 8601 (`2020-01-01T00:00:01Z`; no zone means UTC)
 * or from whole epoch seconds (`aws:EpochTime`).
 */
function parseDate(text: string): number | undefined {
  if (/^\d{1,15}$/.test(text)) return Number(text) * 1000;
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const offset = zone === 'Z' || zone === 'z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, '0').slice(0, 3)}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}
