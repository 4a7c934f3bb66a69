/**
 * Space-delimited filter patterns: `[ip, user, ..., status_code = 4*, bytes > 1000]`. Each
 * comma-separated slot stands for one field of the event (./delimited-fields.ts), in order:
 *
 * - `name`: any field; `...`: any number of fields (none included), as often as wanted;
 * - `name op value`: the field compared, joined with `&&` and `||` (`&&` binds tighter):
 *   `status_code = 404 || status_code = 410`. A number compares numerically with a numeric
 *   field (all six operators; `=`/`!=` compare other fields by text); a bare or quoted string
 *   (`=`/`!=`) matches the whole field, `*` for any run; `%regex%` is searched in it.
 *
 * Without `...` an event matches when it has exactly as many fields as the pattern has slots.
 * With it, the runs of slots between ellipses are found left to right, each at its first
 * place after the previous (the first at the start, the last at the end): at most
 * fields × slots slot tests per event.
 */
import { TextSearch } from '../linear-regex.js';
import { splitFields } from './delimited-fields.js';
import { isSpace, readString } from './json-lexer.js';
import { FilterPatternError, INVALID_PATTERN } from './errors.js';
import { checkRegexCount, readRegex } from './regex-term.js';
import { Glob } from './search.js';
import { Matcher } from './text-pattern.js';
import { compareNumber, NUMBER, Operator, OPERATORS } from './values.js';

type Token =
  | { kind: 'comma' | 'and' | 'or' }
  | { kind: 'op'; op: Operator }
  | { kind: 'string'; text: string }
  | { kind: 'regex'; regex: TextSearch }
  | { kind: 'word'; text: string };

/** A test of one field's text; `undefined` stands for `...`. */
type Slot = ((field: string) => boolean) | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STOP = new Set([' ', '\t', '\n', '\r', ',', '&', '|', '=', '!', '<', '>', '"', '%']);
function readToken(body: string, i: number): { token: Token; next: number } {
  if (body[i] === ',') return { token: { kind: 'comma' }, next: i + 1 };
  if (body.startsWith('&&', i)) return { token: { kind: 'and' }, next: i + 2 };
  if (body.startsWith('||', i)) return { token: { kind: 'or' }, next: i + 2 };
  const op = OPERATORS.find((o) => body.startsWith(o, i));
  if (op) return { token: { kind: 'op', op }, next: i + op.length };
  if (body[i] === '"') {
    const { text, next } = readString(body, i);
    return { token: { kind: 'string', text }, next };
  }
  if (body[i] === '%') {
    const { regex, next } = readRegex(body, i);
    return { token: { kind: 'regex', regex }, next };
  }
  let end = i;
  while (end < body.length && !STOP.has(body[end])) end++;
  if (end === i) throw new FilterPatternError(INVALID_PATTERN);
  return { token: { kind: 'word', text: body.slice(i, end) }, next: end };
}

function lex(body: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < body.length;) {
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

/** The test `op value` makes of a field's text. */
function valueTest(op: Operator, value: Token): (field: string) => boolean {
  const equality = op === '=' || op === '!=';
  const is = (hit: boolean) => hit === (op === '=');
  if (value.kind === 'word' && NUMBER.test(value.text)) {
    const literal = Number(value.text);
    return (field) => (NUMBER.test(field) ? compareNumber(op, Number(field), literal) : equality && is(field === value.text));
  }
  if (!equality) throw new FilterPatternError(INVALID_PATTERN);
  if (value.kind === 'regex') return (field) => is(value.regex.test(field));
  if (value.kind !== 'word' && value.kind !== 'string') throw new FilterPatternError(INVALID_PATTERN);
  const glob = new Glob(value.text);
  return (field) => is(glob.matches(field));
}

/** Parses one slot's tokens: `...`, a name, or comparisons of that name joined by && and ||. */
function parseSlot(tokens: Token[]): Slot {
  const first = tokens[0];
  if (first?.kind !== 'word') throw new FilterPatternError(INVALID_PATTERN);
  if (tokens.length === 1 && first.text === '...') return undefined;
  if (!NAME.test(first.text)) throw new FilterPatternError(INVALID_PATTERN);
  if (tokens.length === 1) return () => true;
  const alternatives: ((field: string) => boolean)[][] = [[]];
  for (let i = 0; i < tokens.length; i += 4) {
    const [name, op, value, joiner] = tokens.slice(i, i + 4);
    if (name?.kind !== 'word' || name.text !== first.text || op?.kind !== 'op' || !value) throw new FilterPatternError(INVALID_PATTERN);
    alternatives[alternatives.length - 1].push(valueTest(op.op, value));
    if (joiner?.kind === 'or') alternatives.push([]);
    else if (joiner !== undefined && joiner.kind !== 'and') throw new FilterPatternError(INVALID_PATTERN);
    if (joiner !== undefined && i + 4 === tokens.length) throw new FilterPatternError(INVALID_PATTERN);
  }
  return (field) => alternatives.some((all) => all.every((test) => test(field)));
}

function parseSlots(body: string): Slot[] {
  const tokens = lex(body);
  checkRegexCount(tokens.filter((t) => t.kind === 'regex').length);
  const slots: Slot[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && tokens[i].kind !== 'comma') continue;
    slots.push(parseSlot(tokens.slice(start, i)));
    start = i + 1;
  }
  return slots;
}

type Run = ((field: string) => boolean)[];

/** Whether `run` matches fields[at…]. */
const runAt = (run: Run, fields: string[], at: number) => run.every((test, k) => test(fields[at + k]));

/** Runs between ellipses: the first anchored at the start, the last at the end, the rest leftmost. */
function matchRuns(runs: Run[], fields: string[]): boolean {
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (fields.length < first.length + last.length || !runAt(first, fields, 0)) return false;
  const end = fields.length - last.length;
  let at = first.length;
  for (const run of runs.slice(1, -1)) {
    while (at + run.length <= end && !runAt(run, fields, at)) at++;
    if (at + run.length > end) return false;
    at += run.length;
  }
  return runAt(last, fields, end);
}

/** `pattern` is the whole pattern, brackets included. */
export function compileDelimitedPattern(pattern: string): Matcher {
  const trimmed = pattern.trim();
  if (!trimmed.endsWith(']')) throw new FilterPatternError(INVALID_PATTERN);
  const slots = parseSlots(trimmed.slice(1, -1));
  const runs: Run[] = [[]];
  for (const slot of slots) {
    if (slot) runs[runs.length - 1].push(slot);
    else runs.push([]);
  }
  if (runs.length === 1) {
    const [run] = runs;
    return (message) => {
      const fields = splitFields(message);
      return fields.length === run.length && runAt(run, fields, 0);
    };
  }
  return (message) => matchRuns(runs, splitFields(message));
}
