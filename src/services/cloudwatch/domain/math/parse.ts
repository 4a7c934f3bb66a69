/**
 * CloudWatch metric math expressions, parsed into a tree: numbers, query ids (`m1`, `e1`),
 * strings, function calls (`SUM(METRICS())`, `FILL(m1, REPEAT)`), arrays (`[m1, m2]`), the
 * operators + - * / ^ with the usual precedence (^ binds tightest and to the right) and unary
 * minus. The parser is a recursive descent over the tokens, one pass, at most MAX_DEPTH
 * nested levels, so an expression can neither loop nor exhaust the stack.
 */
export type Node =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ref'; id: string }
  | { kind: 'keyword'; name: string }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'array'; items: Node[] }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Node; right: Node }
  | { kind: 'negate'; operand: Node };

export class MathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MathError';
  }
}

const MAX_DEPTH = 100;
type Token = { type: 'number' | 'name' | 'string' | 'punct'; text: string; at: number };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|"([^"]*)"|'([^']*)'|([-+*/^(),[\]]))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      const offset = text.slice(at).search(/\S/);
      if (offset < 0) break;
      throw new MathError(`Unrecognized character at position ${at + offset + 1}`);
    }
    const [, number, name, dq, sq, punct] = m;
    if (number !== undefined) tokens.push({ type: 'number', text: number, at });
    else if (name !== undefined) tokens.push({ type: 'name', text: name, at });
    else if (punct !== undefined) tokens.push({ type: 'punct', text: punct, at });
    else tokens.push({ type: 'string', text: dq ?? sq, at });
  }
  return tokens;
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.additive();
    const extra = this.tokens[this.i];
    if (extra) throw new MathError(`Unexpected "${extra.text}" at position ${extra.at + 1}`);
    return node;
  }

  private peek(text: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.type === 'punct' && t.text === text;
  }

  private expect(text: string): void {
    if (!this.peek(text)) throw new MathError(`Expected "${text}" ${this.where()}`);
    this.i++;
  }

  private where(): string {
    const t = this.tokens[this.i];
    return t ? `at position ${t.at + 1}` : 'at the end of the expression';
  }

  private nested<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new MathError(`The expression nests deeper than ${MAX_DEPTH} levels`);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private additive(): Node {
    return this.nested(() => {
      let left = this.multiplicative();
      while (this.peek('+') || this.peek('-')) {
        const op = this.tokens[this.i++].text as '+' | '-';
        left = { kind: 'binary', op, left, right: this.multiplicative() };
      }
      return left;
    });
  }

  private multiplicative(): Node {
    let left = this.unary();
    while (this.peek('*') || this.peek('/')) {
      const op = this.tokens[this.i++].text as '*' | '/';
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.peek('-')) {
      this.i++;
      return this.nested(() => ({ kind: 'negate', operand: this.unary() }));
    }
    return this.power();
  }

  private power(): Node {
    const base = this.primary();
    if (!this.peek('^')) return base;
    this.i++;
    return { kind: 'binary', op: '^', left: base, right: this.nested(() => this.unary()) };
  }

  private primary(): Node {
    const t = this.tokens[this.i];
    if (!t) throw new MathError('The expression ends where a value was expected');
    this.i++;
    if (t.type === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.type === 'string') return { kind: 'string', value: t.text };
    if (t.type === 'name') return this.named(t.text);
    if (t.text === '(') {
      const inner = this.additive();
      this.expect(')');
      return inner;
    }
    if (t.text === '[') return { kind: 'array', items: this.list(']') };
    throw new MathError(`Unexpected "${t.text}" at position ${t.at + 1}`);
  }

  /** A call when followed by "(", else an id (starting lower case) or a keyword (REPEAT, LINEAR…). */
  private named(name: string): Node {
    if (this.peek('(')) {
      this.i++;
      return { kind: 'call', name: name.toUpperCase(), args: this.list(')') };
    }
    return /^[a-z]/.test(name) ? { kind: 'ref', id: name } : { kind: 'keyword', name: name.toUpperCase() };
  }

  private list(close: string): Node[] {
    const items: Node[] = [];
    if (this.peek(close)) {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.additive());
      if (this.peek(close)) {
        this.i++;
        return items;
      }
      this.expect(',');
    }
  }
}

export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new MathError('The expression is empty');
  return new Parser(tokens).parse();
}

/** The query ids an expression reads, for ordering and cycle checks. */
export function referencedIds(node: Node): string[] {
  switch (node.kind) {
    case 'ref': return [node.id];
    case 'call': return node.args.flatMap(referencedIds);
    case 'array': return node.items.flatMap(referencedIds);
    case 'binary': return [...referencedIds(node.left), ...referencedIds(node.right)];
    case 'negate': return referencedIds(node.operand);
    default: return [];
  }
}
