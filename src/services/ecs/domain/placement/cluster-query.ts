/**
 * The parser of ECS's cluster query language (memberOf expressions, ListContainerInstances
 * filters): `subject operator [argument]`, combined with and/or/not and parentheses.
 *
 * The text is the caller's (2,000 characters at most, AWS's limit), so the parser reads it
 * once, left to right, never backtracking; nesting is bounded so recursion stays shallow;
 * and `=~`/`!~` patterns are compiled for the linear-time matcher, never for JS RegExp.
 * Typed arguments (dates, counts, versions) are checked and converted here, once.
 */
import { compileLinearRegex, LinearRegex, RegexSyntaxError } from '../../../../platform/linear-regex.js';

export const MAX_EXPRESSION_LENGTH = 2_000;
/** Parentheses and `not`s around one comparison; AWS documents no figure, real queries use two or three. */
export const MAX_NESTING = 32;
/** A regex argument's program size: a 2,000-character query cannot need more. */
const MAX_REGEX_NODES = 4_000;

export class ClusterQueryError extends Error {}

export type Field = 'agentConnected' | 'agentVersion' | 'ec2InstanceId' | 'registeredAt' | 'runningTasksCount';
export type Subject = { kind: 'attribute'; name: string } | { kind: 'taskGroup' } | { kind: 'field'; name: Field };
export type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'exists' | '!exists' | 'in' | '!in' | '=~' | '!~';

/** A comparison's argument, converted for its subject: a date (epoch ms), a count, a version, or text. */
export type Value = { text: string; number?: number; version?: number[] };

export type ClusterQuery =
  | { kind: 'and' | 'or'; operands: ClusterQuery[] }
  | { kind: 'not'; operand: ClusterQuery }
  | { kind: 'compare'; subject: Subject; op: Operator; values: Value[]; regex?: LinearRegex };

/** Each spelling AWS documents, symbols longest first so `>=` is not read as `>`. */
const SYMBOL_OPERATORS: [string, Operator][] = [
  ['!exists', '!exists'], ['!in', '!in'], ['==', '=='], ['!=', '!='], ['>=', '>='], ['<=', '<='], ['=~', '=~'], ['!~', '!~'],
  ['>', '>'], ['<', '<'],
];
const WORD_OPERATORS: Record<string, Operator> = {
  equals: '==', not_equals: '!=', greater_than: '>', greater_than_equal: '>=', less_than: '<', less_than_equal: '<=',
  exists: 'exists', not_exists: '!exists', in: 'in', not_in: '!in', matches: '=~', not_matches: '!~',
};

const EQUALITY: Operator[] = ['==', '!=', 'in', '!in', '=~', '!~'];
const ORDERING: Operator[] = ['==', '!=', '>', '>=', '<', '<='];
/** The valid operators per subject, as the documentation lists them. */
const FIELD_OPERATORS: Record<Field, Operator[]> = {
  agentConnected: EQUALITY, ec2InstanceId: EQUALITY, agentVersion: ORDERING, registeredAt: ORDERING, runningTasksCount: ORDERING,
};
const TASK_GROUP_OPERATORS: Operator[] = [...EQUALITY, 'exists', '!exists'];

const ATTRIBUTE_NAME = /^[A-Za-z0-9_./\\-]{1,128}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})?)?$/;
const VERSION = /^\d+(?:\.\d+)*$/;

export function parseClusterQuery(text: string): ClusterQuery {
  if (text.length > MAX_EXPRESSION_LENGTH) throw new ClusterQueryError(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const parser = new QueryParser(text);
  const query = parser.query();
  parser.end();
  return query;
}

class QueryParser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  query(): ClusterQuery {
    return this.chain('or', ['or', '||'], () => this.chain('and', ['and', '&&'], () => this.unary()));
  }

  end(): void {
    this.space();
    if (this.pos < this.s.length) this.fail(`unexpected '${this.s[this.pos]}'`);
  }

  private fail(message: string): never {
    throw new ClusterQueryError(`${message} at position ${this.pos}`);
  }

  private space(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  /** Consumes `word` if it comes next as a whole token (a symbol, or a word not running into a name). */
  private take(word: string): boolean {
    this.space();
    if (!this.s.startsWith(word, this.pos)) return false;
    const after = this.s[this.pos + word.length];
    if (/^[a-z]/.test(word) && after !== undefined && /[A-Za-z0-9_:.-]/.test(after)) return false;
    this.pos += word.length;
    return true;
  }

  private chain(kind: 'and' | 'or', words: string[], operand: () => ClusterQuery): ClusterQuery {
    const operands = [operand()];
    while (words.some((w) => this.take(w))) operands.push(operand());
    return operands.length === 1 ? operands[0] : { kind, operands };
  }

  private unary(): ClusterQuery {
    if (this.take('not') || this.take('!')) return this.nested(() => ({ kind: 'not', operand: this.unary() }));
    if (this.take('(')) {
      return this.nested(() => {
        const inner = this.query();
        if (!this.take(')')) this.fail(`expected ')'`);
        return inner;
      });
    }
    return this.comparison();
  }

  private nested(parse: () => ClusterQuery): ClusterQuery {
    if (++this.depth > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING}`);
    const result = parse();
    this.depth--;
    return result;
  }

  private comparison(): ClusterQuery {
    const subject = this.subject();
    const op = this.operator(subject);
    if (op === 'exists' || op === '!exists') return { kind: 'compare', subject, op, values: [] };
    const texts = op === 'in' || op === '!in' ? this.list() : [this.argument(false)];
    if (op === '=~' || op === '!~') return { kind: 'compare', subject, op, values: [{ text: texts[0] }], regex: this.regex(texts[0]) };
    return { kind: 'compare', subject, op, values: texts.map((t) => this.value(subject, t)) };
  }

  private subject(): Subject {
    this.space();
    const start = this.pos;
    while (this.pos < this.s.length && /[A-Za-z0-9_:./\\-]/.test(this.s[this.pos])) this.pos++;
    const name = this.s.slice(start, this.pos);
    if (name === '') this.fail('expected a subject');
    if (name === 'task:group') return { kind: 'taskGroup' };
    if (name.startsWith('attribute:')) {
      const attribute = name.slice('attribute:'.length);
      if (!ATTRIBUTE_NAME.test(attribute)) this.fail(`invalid attribute name '${attribute}'`);
      return { kind: 'attribute', name: attribute };
    }
    if (name in FIELD_OPERATORS) return { kind: 'field', name: name as Field };
    return this.fail(`unknown subject '${name}'`);
  }

  private operator(subject: Subject): Operator {
    this.space();
    // `!in` and `!exists` are words after the `!`: `!inx` is no operator.
    const symbol = SYMBOL_OPERATORS.find(([spelling]) => this.s.startsWith(spelling, this.pos)
      && !(/[a-z]$/.test(spelling) && /[a-z_]/.test(this.s[this.pos + spelling.length] ?? '')));
    let op: Operator | undefined;
    if (symbol) {
      this.pos += symbol[0].length;
      op = symbol[1];
    } else {
      const word = /^[a-z_]+/.exec(this.s.slice(this.pos, this.pos + 20))?.[0] ?? '';
      op = Object.hasOwn(WORD_OPERATORS, word) ? WORD_OPERATORS[word] : undefined;
      if (op) this.pos += word.length;
    }
    if (!op) this.fail('expected an operator');
    const allowed = subject.kind === 'attribute' ? undefined : subject.kind === 'taskGroup' ? TASK_GROUP_OPERATORS : FIELD_OPERATORS[subject.name];
    if (allowed && !allowed.includes(op)) this.fail(`operator '${op}' is not valid for ${subject.kind === 'field' ? subject.name : 'task:group'}`);
    return op;
  }

  /** `[a, b, 'c d']`: one or more arguments. */
  private list(): string[] {
    if (!this.take('[')) this.fail(`expected '['`);
    const items = [this.argument(true)];
    while (this.take(',')) items.push(this.argument(true));
    if (!this.take(']')) this.fail(`expected ']'`);
    return items;
  }

  /** A quoted argument ('…' or "…", may hold spaces), or a bare one up to a space, `)`, or in a list `,`/`]`. */
  private argument(inList: boolean): string {
    this.space();
    const quote = this.s[this.pos];
    if (quote === "'" || quote === '"') {
      const close = this.s.indexOf(quote, this.pos + 1);
      if (close < 0) this.fail('unterminated quoted argument');
      const text = this.s.slice(this.pos + 1, close);
      this.pos = close + 1;
      return text;
    }
    const start = this.pos;
    const stop = inList ? /[\s,\]()[]/ : /[\s()]/;
    while (this.pos < this.s.length && !stop.test(this.s[this.pos])) this.pos++;
    if (start === this.pos) this.fail('expected an argument');
    return this.s.slice(start, this.pos);
  }

  private regex(pattern: string): LinearRegex {
    try {
      return compileLinearRegex(pattern, { maxNodes: MAX_REGEX_NODES });
    } catch (e) {
      if (e instanceof RegexSyntaxError) this.fail(`invalid pattern '${pattern}': ${e.message}`);
      throw e;
    }
  }

  private value(subject: Subject, text: string): Value {
    if (subject.kind !== 'field') return { text };
    switch (subject.name) {
      case 'registeredAt': return { text, number: this.date(text) };
      case 'runningTasksCount':
        if (!/^\d{1,9}$/.test(text)) this.fail(`'${text}' is not a task count`);
        return { text, number: Number(text) };
      case 'agentVersion':
        if (!VERSION.test(text) || text.length > 64) this.fail(`'${text}' is not an agent version`);
        return { text, version: parseVersion(text) };
      case 'agentConnected':
        if (text !== 'true' && text !== 'false') this.fail(`'${text}' is not true or false`);
        return { text };
      case 'ec2InstanceId': return { text };
    }
  }

  /** The documented formats: 2018-06-18T22:28:28+00:00, …Z, 2018-06-18T22:28:28 and 2018-06-18 (UTC without an offset). */
  private date(text: string): number {
    const m = DATE.exec(text);
    if (!m) this.fail(`'${text}' is not a valid date`);
    const [, y, mo, d, h = '0', mi = '0', sec = '0', zone = 'Z'] = m;
    const local = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec);
    const check = new Date(local);
    if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +sec > 59) this.fail(`'${text}' is not a valid date`);
    const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    return local - offset * 60_000;
  }
}

export function parseVersion(text: string): number[] | undefined {
  return VERSION.test(text) ? text.split('.').map(Number) : undefined;
}
