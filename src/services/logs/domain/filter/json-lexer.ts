/**
 * The tokens of a JSON filter pattern's body (between its braces), read in one pass:
 * operators, `$…` selectors, quoted strings, `%regex%` terms and bare words (numbers,
 * unquoted strings with `*` wildcards, and the keywords IS, NOT, TRUE, FALSE, NULL, EXISTS).
 */
import { FilterPatternError, INVALID_PATTERN } from './errors.js';
import { TextSearch } from '../linear-regex.js';
import { readRegex } from './regex-term.js';

export type Token =
  | { kind: 'op'; text: '(' | ')' | '&&' | '||' | '=' | '!=' | '<' | '<=' | '>' | '>=' }
  | { kind: 'selector'; path: PathStep[]; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'regex'; regex: TextSearch; text: string }
  | { kind: 'word'; text: string };

/** A member name or an array index. */
export type PathStep = string | number;

const STOP = new Set([' ', '\t', '\n', '\r', '(', ')', '&', '|', '=', '!', '<', '>', '"', '{', '}']);
const TWO_CHAR = ['&&', '||', '!=', '<=', '>='] as const;
const ONE_CHAR = ['(', ')', '=', '<', '>'] as const;
export const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** `$.a.b[0].c` → ['a', 'b', 0, 'c']. */
export function parseSelector(text: string): PathStep[] {
  const path: PathStep[] = [];
  let i = 1;
  while (i < text.length) {
    if (text[i] === '.') {
      let end = i + 1;
      while (end < text.length && text[end] !== '.' && text[end] !== '[' && text[end] !== ']') end++;
      if (end === i + 1) throw new FilterPatternError(INVALID_PATTERN);
      path.push(text.slice(i + 1, end));
      i = end;
    } else if (text[i] === '[') {
      const close = text.indexOf(']', i);
      const digits = close < 0 ? '' : text.slice(i + 1, close);
      if (!/^\d{1,9}$/.test(digits)) throw new FilterPatternError(INVALID_PATTERN);
      path.push(Number(digits));
      i = close + 1;
    } else {
      throw new FilterPatternError(INVALID_PATTERN);
    }
  }
  if (path.length === 0) throw new FilterPatternError(INVALID_PATTERN);
  return path;
}

/** A double-quoted string starting at `start` (backslash escapes the next character); shared with the space-delimited syntax. */
export function readString(body: string, start: number): { text: string; next: number } {
  let text = '';
  for (let i = start + 1; i < body.length; i++) {
    if (body[i] === '"') return { text, next: i + 1 };
    if (body[i] === '\\' && i + 1 < body.length) text += body[++i];
    else text += body[i];
  }
  throw new FilterPatternError(INVALID_PATTERN);
}

/** The next token at `i` (not a space): the token and the index after it. */
function readToken(body: string, i: number): { token: Token; next: number } {
  const two = TWO_CHAR.find((op) => body.startsWith(op, i));
  if (two) return { token: { kind: 'op', text: two }, next: i + 2 };
  const one = ONE_CHAR.find((op) => body[i] === op);
  if (one) return { token: { kind: 'op', text: one }, next: i + 1 };
  if (body[i] === '"') {
    const { text, next } = readString(body, i);
    return { token: { kind: 'string', text }, next };
  }
  if (body[i] === '%') {
    const { regex, next } = readRegex(body, i);
    return { token: { kind: 'regex', regex, text: body.slice(i, next) }, next };
  }
  let end = i;
  while (end < body.length && !STOP.has(body[end])) end++;
  if (end === i) throw new FilterPatternError(INVALID_PATTERN);
  const text = body.slice(i, end);
  if (text.startsWith('$')) return { token: { kind: 'selector', path: parseSelector(text), text }, next: end };
  return { token: { kind: 'word', text }, next: end };
}

export function lexJson(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    if (isSpace(body[i])) {
      i++;
      continue;
    }
    const { token, next } = readToken(body, i);
    tokens.push(token);
    i = next;
  }
  return tokens;
}
