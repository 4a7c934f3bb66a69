/**
 * Filter patterns for unstructured log events: terms separated by spaces.
 *
 * - `ERROR` — the event contains the term (case-sensitive); unquoted terms are letters,
 *   digits and underscores, anything else must be quoted (AWS: "Invalid character(s) in term").
 * - `"Failed to process"` — an exact phrase; `\"` and `\\` escape inside it.
 * - `%ERROR|WARN%` — a regular expression (AWS's subset, ./regex-term.ts), searched in linear time.
 * - `?ERROR ?WARN` — at least one of the `?` terms; `-Exiting` — not this term.
 *
 * An event matches when it contains every plain term, at least one `?` term (if any) and
 * none of the `-` terms.
 */
import { FilterPatternError, INVALID_PATTERN } from './errors.js';
import { readRegex } from './regex-term.js';
import { LiteralFinder } from './search.js';

export type Matcher = (message: string) => boolean;

interface TextPattern {
  all: Matcher[];
  any: Matcher[];
  none: Matcher[];
}

const WORD = /^[\p{L}\p{N}_]+$/u;
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** A quoted phrase starting at `start` (its opening quote): the phrase and the index after the closing quote. */
function readQuoted(pattern: string, start: number): { text: string; next: number } {
  let text = '';
  for (let i = start + 1; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '"') return { text, next: i + 1 };
    if (c === '\\' && (pattern[i + 1] === '"' || pattern[i + 1] === '\\')) text += pattern[++i];
    else text += c;
  }
  throw new FilterPatternError(INVALID_PATTERN);
}

/** One term starting at `start` (no operator): its matcher and the index after it. */
function readTerm(pattern: string, start: number): { match: Matcher; next: number } {
  const c = pattern[start];
  if (c === '"') {
    const { text, next } = readQuoted(pattern, start);
    const finder = new LiteralFinder(text);
    return { match: (m) => finder.foundIn(m), next };
  }
  if (c === '%') {
    const { regex, next } = readRegex(pattern, start);
    return { match: (m) => regex.test(m), next };
  }
  let end = start;
  while (end < pattern.length && !isSpace(pattern[end])) end++;
  const word = pattern.slice(start, end);
  if (!WORD.test(word)) throw new FilterPatternError(`Invalid character(s) in term '${word}'`);
  const finder = new LiteralFinder(word);
  return { match: (m) => finder.foundIn(m), next: end };
}

function parseText(pattern: string): TextPattern {
  const parsed: TextPattern = { all: [], any: [], none: [] };
  let i = 0;
  while (i < pattern.length) {
    if (isSpace(pattern[i])) {
      i++;
      continue;
    }
    const op = pattern[i] === '?' || pattern[i] === '-' ? pattern[i] : undefined;
    const start = op ? i + 1 : i;
    if (start >= pattern.length || isSpace(pattern[start])) throw new FilterPatternError(`Invalid character(s) in term '${op}'`);
    const { match, next } = readTerm(pattern, start);
    (op === '?' ? parsed.any : op === '-' ? parsed.none : parsed.all).push(match);
    if (next < pattern.length && !isSpace(pattern[next])) throw new FilterPatternError(INVALID_PATTERN);
    i = next;
  }
  return parsed;
}

export function compileTextPattern(pattern: string): Matcher {
  const { all, any, none } = parseText(pattern);
  return (message) => all.every((m) => m(message)) && (any.length === 0 || any.some((m) => m(message))) && !none.some((m) => m(message));
}
