/**
 * Callers' regular expressions (filter patterns' `%…%` terms, `awslogs-multiline-pattern`):
 * RE2 syntax, as AWS and Docker's Go driver read them, searched in linear time by
 * src/platform/re2-search.ts, so no pattern and no log line can make a match slow.
 */
import { Re2Search, RegexSyntaxError, SearchOptions } from '../../../platform/re2-search.js';

/** What callers run: whether the expression matches anywhere in a text. */
export interface TextSearch {
  test(text: string): boolean;
}

export class RegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexError';
  }
}

/** Compiles `source` for unanchored searching. Throws RegexError with Go's wording of the problem. */
export function linearRegex(source: string, options: SearchOptions = {}): TextSearch {
  try {
    return new Re2Search(source, {}, options);
  } catch (e) {
    if (e instanceof RegexSyntaxError) throw new RegexError(e.message);
    throw e;
  }
}
