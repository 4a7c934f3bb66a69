/**
 * CloudWatch Logs filter patterns (FilterLogEvents' `filterPattern`): compiled once per call,
 * then run on every event scanned. An empty pattern matches everything; `{ … }` is a JSON
 * pattern (./json-pattern.ts); anything else a text pattern (./text-pattern.ts). Both match
 * in time linear in the message, whatever the pattern. Space-delimited patterns (`[a, b=4*]`)
 * are refused for now.
 */
import { FilterPatternError } from './errors.js';
import { compileJsonPattern } from './json-pattern.js';
import { compileTextPattern, Matcher } from './text-pattern.js';

export { FilterPatternError } from './errors.js';
export type { Matcher } from './text-pattern.js';

/** Throws FilterPatternError, worded as AWS words it where known. */
export function compileFilterPattern(pattern: string | undefined): Matcher {
  const trimmed = (pattern ?? '').trim();
  if (trimmed === '') return () => true;
  if (trimmed.startsWith('{')) return compileJsonPattern(trimmed);
  if (trimmed.startsWith('[')) throw new FilterPatternError('Berth does not support space-delimited filter patterns ([field, …]) yet');
  return compileTextPattern(trimmed);
}
