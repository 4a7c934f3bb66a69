/**
 * Callers' regular expressions (filter patterns' `%…%` terms, `awslogs-multiline-pattern`)
 * compiled for V8's linear-time engine (the `l` flag): no backtracking, so no pattern and no
 * log line can make a match slow. AWS and Docker use RE2-style engines with the same
 * guarantee and the same refusals (no backreferences, no lookaround), so little valid input
 * is lost; what V8's engine also refuses (counted repetitions above 16) is refused here too.
 *
 * A leading RE2 flag group (`(?i)`, `(?s)`, `(?m)` or a combination) becomes the JS flag,
 * since JavaScript in Node 20 knows no inline flags.
 */
import { setFlagsFromString } from 'node:v8';

// Needed before any `l` regex is built (the SSM module and the shape reader set it too).
setFlagsFromString('--enable-experimental-regexp-engine');

export class RegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexError';
  }
}

const LEADING_FLAGS = /^\(\?([ism]+)\)/;

/** Compiles `source` for unanchored searching (`test`). Throws RegexError naming why it cannot. */
export function linearRegex(source: string): RegExp {
  const flagGroup = LEADING_FLAGS.exec(source);
  const flags = flagGroup ? [...new Set(flagGroup[1])].join('') : '';
  const body = flagGroup ? source.slice(flagGroup[0].length) : source;
  try {
    return new RegExp(body, `l${flags}`);
  } catch {
    // Not linear-time, or not a regex at all: told apart below.
  }
  try {
    new RegExp(body, flags);
  } catch (e) {
    const reason = (e as Error).message.replace(`Invalid regular expression: /${body}/${flags}: `, '');
    throw new RegexError(`${source} is not a valid regular expression: ${reason}`);
  }
  throw new RegexError(`${source} cannot be matched in linear time (backreferences, lookaround and repetition counts above 16 are refused)`);
}
