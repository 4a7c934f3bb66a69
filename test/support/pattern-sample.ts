/**
 * Strings for AWS model patterns: a small parser for the regular expressions botocore
 * models use (literals, escapes, classes, groups, alternation, quantifiers, lookarounds)
 * and a sampler that walks the parse tree with a chooser. The sampler may produce a string
 * the pattern refuses (lookarounds are skipped while sampling); callers check every
 * candidate with the validator Berth itself uses.
 */

export interface Chooser {
  /** An integer in [lo, hi]; a minimal chooser answers lo. */
  int(lo: number, hi: number): number;
}

type Node =
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }
  | { kind: 'chars'; source: string }
  | { kind: 'literal'; text: string }
  | { kind: 'empty' };

/** Characters tried for a class, in order of preference: plain ones make readable values. */
const PREFERRED = 'abcxyz1234ABC-_./:=+@, ';
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
const CANDIDATES = [...new Set(PREFERRED + PRINTABLE + 'é\t')];

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new Error(`unparsed pattern tail at ${this.i}: ${this.src}`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { kind: 'seq', items };
  }

  private atom(): Node {
    const c = this.src[this.i++];
    if (c === '(') return this.group();
    if (c === '[') return { kind: 'chars', source: this.classSource() };
    if (c === '\\') return this.escape();
    if (c === '.') return { kind: 'chars', source: '.' };
    if (c === '^' || c === '$') return { kind: 'empty' };
    return { kind: 'literal', text: c };
  }

  private group(): Node {
    // Lookarounds constrain without consuming: sampled as nothing, checked afterwards.
    const lookaround = /^\?<?[=!]/.exec(this.src.slice(this.i));
    if (lookaround) this.i += lookaround[0].length;
    else if (this.src.startsWith('?:', this.i)) this.i += 2;
    else if (this.src.startsWith('?<', this.i)) this.i = this.src.indexOf('>', this.i) + 1;
    const inner = this.alternation();
    if (this.src[this.i++] !== ')') throw new Error(`unclosed group: ${this.src}`);
    return lookaround ? { kind: 'empty' } : inner;
  }

  private classSource(): string {
    const start = this.i - 1;
    if (this.src[this.i] === '^') this.i++;
    if (this.src[this.i] === ']') this.i++;
    while (this.i < this.src.length && this.src[this.i] !== ']') this.i += this.src[this.i] === '\\' ? 2 : 1;
    this.i++;
    return this.src.slice(start, this.i);
  }

  private escape(): Node {
    const c = this.src[this.i++];
    if (c === 'p' || c === 'P') {
      const end = this.src.indexOf('}', this.i);
      const source = `\\${c}${this.src.slice(this.i, end + 1)}`;
      this.i = end + 1;
      return { kind: 'chars', source };
    }
    if (c === 'u' && /^[0-9a-fA-F]{4}/.test(this.src.slice(this.i))) {
      const text = String.fromCharCode(parseInt(this.src.slice(this.i, this.i + 4), 16));
      this.i += 4;
      return { kind: 'literal', text };
    }
    if ('wWdDsSbB'.includes(c)) return c === 'b' || c === 'B' ? { kind: 'empty' } : { kind: 'chars', source: `\\${c}` };
    const controls: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
    return { kind: 'literal', text: controls[c] ?? c };
  }

  private quantified(node: Node): Node {
    const rest = this.src.slice(this.i);
    const m = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(rest);
    if (!m) return node;
    this.i += m[0].length;
    if (m[1]) return { kind: 'repeat', node, min: m[1] === '+' ? 1 : 0, max: m[1] === '?' ? 1 : Infinity };
    const min = Number(m[2]);
    const max = m[3] === undefined ? min : m[4] === '' ? Infinity : Number(m[4]);
    return { kind: 'repeat', node, min, max };
  }
}

const parsed = new Map<string, Node | null>();
const classCache = new Map<string, string[]>();

function parsePattern(pattern: string): Node | null {
  if (!parsed.has(pattern)) {
    try {
      parsed.set(pattern, new Parser(pattern).parse());
    } catch {
      parsed.set(pattern, null);
    }
  }
  return parsed.get(pattern)!;
}

/** The candidate characters a class (or `.`, `\w`, `\p{L}`…) accepts, preferred first. */
function members(source: string): string[] {
  let found = classCache.get(source);
  if (!found) {
    let re: RegExp;
    try {
      re = new RegExp(`^${source}$`, 'u');
    } catch {
      re = new RegExp(`^${source}$`);
    }
    found = CANDIDATES.filter((c) => re.test(c));
    classCache.set(source, found);
  }
  return found;
}

/**
 * One string for `pattern`, or undefined when the parser cannot read it. `spread` is how
 * many times an unbounded quantifier repeats beyond its minimum; a chooser picks the rest.
 * Sampling stops past `maxLength`: nested quantifiers at a large spread would multiply
 * into millions of characters.
 */
export function samplePattern(pattern: string, chooser: Chooser, spread: number, maxLength: number): string | undefined {
  const root = parsePattern(pattern);
  if (!root) return undefined;
  const out = { parts: [] as string[], length: 0, maxLength };
  walk(root, chooser, spread, out);
  return out.parts.join('');
}

interface Output { parts: string[]; length: number; maxLength: number }

function emit(out: Output, text: string): void {
  out.parts.push(text);
  out.length += text.length;
}

function walk(node: Node, chooser: Chooser, spread: number, out: Output): void {
  if (out.length > out.maxLength) return;
  switch (node.kind) {
    case 'seq':
      for (const item of node.items) walk(item, chooser, spread, out);
      return;
    case 'alt':
      return walk(node.options[chooser.int(0, node.options.length - 1)], chooser, spread, out);
    case 'repeat': {
      const times = Math.min(node.max, Math.max(node.min, spread + chooser.int(0, 2)));
      for (let k = 0; k < times && out.length <= out.maxLength; k++) walk(node.node, chooser, spread, out);
      return;
    }
    case 'chars': {
      const options = members(node.source);
      if (options.length) emit(out, options[chooser.int(0, options.length - 1)]);
      return;
    }
    case 'literal':
      emit(out, node.text);
      return;
    case 'empty':
      return;
  }
}
