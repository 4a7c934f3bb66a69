/**
 * `%regex%` terms of filter patterns, with the restrictions CloudWatch Logs documents for them:
 * only letters and digits, the symbols `_ # = @ / ; , -` and the operators
 * `^ $ ? [ ] { } | \ * + .`; no parentheses (no subpatterns), no multi-byte characters; and at
 * most two regular expressions in a JSON or space-delimited pattern. Whatever passes is run on
 * the linear-time search (../linear-regex.ts), so no pattern can make a match slow.
 */
import { linearRegex, RegexError, TextSearch } from '../linear-regex.js';
import { FilterPatternError, INVALID_PATTERN } from './errors.js';

const ALLOWED = /^[A-Za-z0-9_#=@/;,\-^$?[\]{}|\\*+.]*$/;

/**
 * Bounds a term's NFA, and so the cost of a search to about this many steps per character of
 * a message in the worst case (counted repetitions such as `[ab]{500}` copy their operand).
 */
const MAX_NODES = 1000;

/** JSON and space-delimited patterns: AWS's limit on `%regex%` terms per pattern. */
export const MAX_REGEX_TERMS = 2;

/** The regex of a `%…%` term, as AWS accepts it, compiled for linear-time search. */
export function compileRegexTerm(source: string): TextSearch {
  if (source === '') throw new FilterPatternError(INVALID_PATTERN);
  if (!ALLOWED.test(source)) {
    throw new FilterPatternError(`Invalid regular expression in filter pattern: %${source}%: only letters, digits, _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \\ * + . are supported`);
  }
  try {
    return linearRegex(source, { maxNodes: MAX_NODES });
  } catch (e) {
    if (e instanceof RegexError) throw new FilterPatternError(`Invalid regular expression in filter pattern: ${e.message}`);
    throw e;
  }
}

/** A `%regex%` term starting at `start` (its opening `%`): the regex and the index after its closing `%`. */
export function readRegex(pattern: string, start: number): { regex: TextSearch; next: number } {
  const end = pattern.indexOf('%', start + 1);
  if (end < 0) throw new FilterPatternError(INVALID_PATTERN);
  return { regex: compileRegexTerm(pattern.slice(start + 1, end)), next: end + 1 };
}

/** Refuses a JSON or space-delimited pattern with more regex terms than AWS allows. */
export function checkRegexCount(count: number): void {
  if (count > MAX_REGEX_TERMS) throw new FilterPatternError(`Invalid filter pattern: at most ${MAX_REGEX_TERMS} regular expressions are allowed in a JSON or space-delimited filter pattern`);
}
