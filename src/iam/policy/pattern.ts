/**
 * Policy strings with wildcards and policy variables, compiled once when a policy is parsed
 * and matched on every request without regular expressions.
 *
 * A template is a list of parts: code points (literal characters), STAR (`*`: any run of
 * characters), ONE (`?`: exactly one character) and variables (`${aws:username}`,
 * `${aws:PrincipalTag/team, 'none'}`). A variable resolves to literal characters only: a
 * `*` inside a tag value never becomes a wildcard, and `${*}`, `${?}`, `${$}` are how a
 * policy writes those characters literally (AWS's escapes).
 *
 * platform/wildcard.ts cannot be reused as is: it works on strings, where an escaped `*`
 * and a wildcard `*` look the same. The matching loop below is the same greedy algorithm,
 * over code points, with the same bound: at most (|pattern| + 1) × (|text| + 1) steps.
 */

/** Any run of characters, possibly empty. */
const STAR = -1;
/** Exactly one character. */
const ONE = -2;

interface Variable {
  /** The context key, lower-cased: key names are case-insensitive. */
  key: string;
  /** `${key, 'default'}`: used when the key has no single value. */
  fallback?: number[];
}

type Part = number | Variable;

export interface Template {
  parts: Part[];
  /** Set when the template has no variables and no wildcards: compare as a plain string. */
  literal?: string;
  /** Set when the template has no variables: the parts are all code points or wildcards. */
  units?: number[];
}

export interface TemplateOptions {
  /** `*` and `?` are wildcards (StringLike, ARNs, actions); otherwise they are characters. */
  wildcards: boolean;
  /** `${…}` is a variable (policy Version 2012-10-17); otherwise it is text. */
  variables: boolean;
  /** Compare case-insensitively: the template is lower-cased here, values when resolved. */
  lowerCase?: boolean;
}

/** Looks a context key up (already lower-cased); a single value, or undefined. */
export type Lookup = (key: string) => string | undefined;

function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const c of text) out.push(c.codePointAt(0)!);
  return out;
}

export function compileTemplate(source: string, options: TemplateOptions): Template {
  const text = options.lowerCase ? source.toLowerCase() : source;
  const parts: Part[] = [];
  let hasVariable = false;
  let hasWildcard = false;
  let i = 0;
  while (i < text.length) {
    if (options.variables && text.startsWith('${', i)) {
      const parsed = readVariable(text, i + 2);
      if (parsed) {
        if (typeof parsed.part === 'number') parts.push(parsed.part);
        else {
          parts.push(parsed.part);
          hasVariable = true;
        }
        i = parsed.end;
        continue;
      }
    }
    const point = text.codePointAt(i)!;
    const wildcard = options.wildcards && (point === 0x2a || point === 0x3f);
    parts.push(wildcard ? (point === 0x2a ? STAR : ONE) : point);
    hasWildcard ||= wildcard;
    i += point > 0xffff ? 2 : 1;
  }
  if (hasVariable) return { parts };
  const units = parts as number[];
  return hasWildcard ? { parts, units } : { parts, units, literal: fromCodePoints(units) };
}

/** The text of literal code points (escapes already turned into their characters). */
function fromCodePoints(points: number[]): string {
  let out = '';
  for (const p of points) out += String.fromCodePoint(p);
  return out;
}

const ESCAPES: Record<string, number> = { '*': 0x2a, '?': 0x3f, $: 0x24 };

/**
 * Reads `key}` or `key, 'default'}` after a `${`. Undefined when malformed: the `$` is then
 * plain text. Each attempt stops at the first character that cannot continue it, and the
 * default ends at the next quote, so a long run of broken `${` costs linear time.
 */
function readVariable(text: string, start: number): { part: Part; end: number } | undefined {
  let i = skipSpaces(text, start);
  const keyStart = i;
  while (i < text.length && isKeyChar(text.charCodeAt(i))) i++;
  const key = text.slice(keyStart, i);
  if (key === '') return undefined;
  i = skipSpaces(text, i);
  let fallback: string | undefined;
  if (text[i] === ',') {
    i = skipSpaces(text, i + 1);
    if (text[i] !== "'") return undefined;
    const close = text.indexOf("'", i + 1);
    if (close < 0) return undefined;
    fallback = text.slice(i + 1, close);
    i = skipSpaces(text, close + 1);
  }
  if (text[i] !== '}') return undefined;
  const escape = ESCAPES[key];
  if (escape !== undefined && fallback === undefined) return { part: escape, end: i + 1 };
  const variable: Variable = { key: key.toLowerCase() };
  if (fallback !== undefined) variable.fallback = codePoints(fallback);
  return { part: variable, end: i + 1 };
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === ' ') i++;
  return i;
}

/** Key names: `aws:PrincipalTag/team`, `ecs:cluster`, and the escapes `*`, `?`, `$`. */
function isKeyChar(c: number): boolean {
  return c > 0x20 && c !== 0x7d /* } */ && c !== 0x2c /* , */ && c !== 0x27 /* ' */ && c !== 0x7b /* { */;
}

/**
 * The template's units with every variable replaced by its value's characters. Undefined
 * when a variable has no value and no default: AWS then treats the element as matching
 * nothing ("policy variables with no value").
 */
export function resolveTemplate(template: Template, lookup: Lookup, lowerCase = false): number[] | undefined {
  if (template.units) return template.units;
  const out: number[] = [];
  for (const part of template.parts) {
    if (typeof part === 'number') {
      out.push(part);
      continue;
    }
    const value = lookup(part.key);
    const points = value !== undefined ? codePoints(lowerCase ? value.toLowerCase() : value) : part.fallback;
    if (points === undefined) return undefined;
    for (const p of points) out.push(p);
  }
  return out;
}

/** Whether the whole of `text` (code points) matches `units`. */
export function matchUnits(units: number[], text: number[]): boolean {
  let pi = 0;
  let ti = 0;
  let star = -1; // index in units of the most recent STAR
  let resume = 0; // where in text that star's match currently ends
  while (ti < text.length) {
    const u = pi < units.length ? units[pi] : undefined;
    if (u === STAR) {
      star = pi++;
      resume = ti;
    } else if (u !== undefined && (u === text[ti] || u === ONE)) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (pi < units.length && units[pi] === STAR) pi++;
  return pi === units.length;
}

/** A string matched against many templates: its code points are computed once. */
export class Subject {
  private points?: number[];
  constructor(readonly text: string) {}
  get units(): number[] {
    return (this.points ??= codePoints(this.text));
  }
}

/**
 * Whether `subject` matches the template, resolving its variables with `lookup`. With
 * `lowerCase` the template was compiled lower-cased and the subject must be lower-cased too.
 */
export function matchTemplate(template: Template, subject: Subject, lookup: Lookup, lowerCase = false): boolean {
  if (template.literal !== undefined) return template.literal === subject.text;
  const units = resolveTemplate(template, lookup, lowerCase);
  return units !== undefined && matchUnits(units, subject.units);
}
