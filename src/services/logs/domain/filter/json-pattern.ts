/**
 * Filter patterns for JSON log events: `{ $.field = value }` comparisons joined by `&&` and
 * `||` (`&&` binds tighter), grouped with parentheses.
 *
 * - Selectors: `$.a.b`, `$.list[0].id`. A selector naming nothing never matches, `!=` included.
 * - Strings (`=`, `!=`): quoted or bare; `*` matches any run of characters (`"Update*"`,
 *   `123.123.*`). A string or number field compares by its text; a `%regex%` is searched in it.
 * - Numbers (`=`, `!=`, `<`, `<=`, `>`, `>=`): a number field compares by value; `=`/`!=` also
 *   compare a string field by its text.
 * - `IS TRUE`, `IS FALSE`, `IS NULL`, `NOT EXISTS`.
 *
 * Events whose message is not a JSON object or array match no JSON pattern. Matching walks
 * the parsed message once per comparison; strings are compared in linear time (./search.ts).
 */
import { FilterPatternError, INVALID_PATTERN } from './errors.js';
import { lexJson, PathStep, Token } from './json-lexer.js';
import { Glob } from './search.js';
import { Matcher } from './text-pattern.js';
import { checkRegexCount } from './regex-term.js';
import { compareNumber, NUMBER } from './values.js';

type Node = (doc: unknown) => boolean;

const MAX_DEPTH = 32;
const MISSING = Symbol('missing');

function select(doc: unknown, path: PathStep[]): unknown {
  let value: unknown = doc;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(value) || step >= value.length) return MISSING;
      value = value[step];
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, step)) return MISSING;
      value = (value as Record<string, unknown>)[step];
    }
  }
  return value;
}

/** A field's text for string comparisons; objects, arrays and null have none. */
const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/** `= v` / `!= v` on the field's text, given a test of that text. */
function textComparison(path: PathStep[], op: string, test: (text: string) => boolean): Node {
  if (op !== '=' && op !== '!=') throw new FilterPatternError(INVALID_PATTERN);
  return (doc) => {
    const text = textOf(select(doc, path));
    return text !== undefined && test(text) === (op === '=');
  };
}

function numberComparison(path: PathStep[], op: string, literal: string): Node {
  const value = Number(literal);
  return (doc) => {
    const field = select(doc, path);
    if (typeof field === 'number') return compareNumber(op, field, value);
    if (typeof field === 'string' && (op === '=' || op === '!=')) return (field === literal) === (op === '=');
    return false;
  };
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or(0);
    if (this.i !== this.tokens.length) throw new FilterPatternError(INVALID_PATTERN);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private take(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new FilterPatternError(INVALID_PATTERN);
    return t;
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.text === text;
  }

  private or(depth: number): Node {
    const parts = [this.and(depth)];
    while (this.isOp('||')) {
      this.i++;
      parts.push(this.and(depth));
    }
    return parts.length === 1 ? parts[0] : (doc) => parts.some((p) => p(doc));
  }

  private and(depth: number): Node {
    const parts = [this.primary(depth)];
    while (this.isOp('&&')) {
      this.i++;
      parts.push(this.primary(depth));
    }
    return parts.length === 1 ? parts[0] : (doc) => parts.every((p) => p(doc));
  }

  private primary(depth: number): Node {
    if (!this.isOp('(')) return this.comparison();
    if (depth >= MAX_DEPTH) throw new FilterPatternError(INVALID_PATTERN);
    this.i++;
    const inner = this.or(depth + 1);
    if (!this.isOp(')')) throw new FilterPatternError(INVALID_PATTERN);
    this.i++;
    return inner;
  }

  private comparison(): Node {
    const selector = this.take();
    if (selector.kind !== 'selector') throw new FilterPatternError(INVALID_PATTERN);
    const path = selector.path;
    const next = this.take();
    if (next.kind === 'word') return this.keyword(path, next.text);
    if (next.kind !== 'op' || ['(', ')', '&&', '||'].includes(next.text)) throw new FilterPatternError(INVALID_PATTERN);
    const value = this.take();
    switch (value.kind) {
      case 'regex': return textComparison(path, next.text, (text) => value.regex.test(text));
      case 'string': {
        const glob = new Glob(value.text);
        return textComparison(path, next.text, (text) => glob.matches(text));
      }
      case 'word': {
        if (NUMBER.test(value.text)) return numberComparison(path, next.text, value.text);
        const glob = new Glob(value.text);
        return textComparison(path, next.text, (text) => glob.matches(text));
      }
      default: throw new FilterPatternError(INVALID_PATTERN);
    }
  }

  /** `IS TRUE|FALSE|NULL` and `NOT EXISTS`. */
  private keyword(path: PathStep[], first: string): Node {
    const second = this.take();
    const phrase = `${first} ${second.kind === 'word' ? second.text : ''}`.toUpperCase();
    switch (phrase) {
      case 'IS TRUE': return (doc) => select(doc, path) === true;
      case 'IS FALSE': return (doc) => select(doc, path) === false;
      case 'IS NULL': return (doc) => select(doc, path) === null;
      case 'NOT EXISTS': return (doc) => select(doc, path) === MISSING;
      default: throw new FilterPatternError(INVALID_PATTERN);
    }
  }
}

function parseMessage(message: string): unknown {
  const start = message.trimStart()[0];
  if (start !== '{' && start !== '[') return MISSING;
  try {
    return JSON.parse(message);
  } catch {
    return MISSING;
  }
}

/** `pattern` is the whole pattern, braces included. */
export function compileJsonPattern(pattern: string): Matcher {
  const trimmed = pattern.trim();
  if (!trimmed.endsWith('}')) throw new FilterPatternError("If a filter pattern starts with '{' it must end with '}'");
  const tokens = lexJson(trimmed.slice(1, -1));
  if (tokens.length === 0) throw new FilterPatternError(INVALID_PATTERN);
  checkRegexCount(tokens.filter((t) => t.kind === 'regex').length);
  const node = new Parser(tokens).parse();
  return (message) => {
    const doc = parseMessage(message);
    return doc !== MISSING && node(doc);
  };
}
