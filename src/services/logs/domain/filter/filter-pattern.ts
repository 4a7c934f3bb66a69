/**
 * CloudWatch Logs filter patterns (FilterLogEvents' `filterPattern`): compiled once per call,
 * then run on every event scanned. An empty pattern matches everything; `{ … }` is a JSON
 * pattern (./json-pattern.ts); `[ … ]` a space-delimited one (./delimited-pattern.ts);
 * anything else a text pattern (./text-pattern.ts). None is slower than linear in the message,
 * whatever the pattern (the delimited one: times its slots).
 */
import { compileDelimitedPattern } from './delimited-pattern.js';
import { compileJsonPattern } from './json-pattern.js';
import { compileTextPattern, Matcher } from './text-pattern.js';

export { FilterPatternError } from './errors.js';
export type { Matcher } from './text-pattern.js';

/** Throws FilterPatternError, worded as AWS words it where known. */
export function compileFilterPattern(pattern: string | undefined): Matcher {
  const trimmed = (pattern ?? '').trim();
  if (trimmed === '') return () => true;
  if (trimmed.startsWith('{')) return compileJsonPattern(trimmed);
  if (trimmed.startsWith('[')) return compileDelimitedPattern(trimmed);
  return compileTextPattern(trimmed);
}
