/**
 * A regular-expression matcher that runs in time linear in the text, for patterns that
 * callers control (ECS cluster queries' `=~`). It never hands a pattern to JS RegExp: a
 * backtracking engine takes exponential time on `(a*)*b` against a run of `a`s.
 *
 * The pattern is compiled to a small program (Thompson's construction) and run as a Pike
 * VM: all threads advance in lock step over the text, and each program counter is taken
 * at most once per text position, so a match costs at most (|text| + 1) × |program| steps.
 * `{n,m}` copies its operand, so `maxNodes` bounds the program and with it the cost.
 *
 * The syntax is the subset of java.util.regex that has a linear-time meaning: literals,
 * `.`, classes `[a-z]` and `[^…]`, `\d \w \s` (and negations), escapes, groups `(…)` and
 * `(?:…)`, `|`, `* + ?` `{n}` `{n,}` `{n,m}` (a trailing `?` makes them lazy, which does not
 * change whether a text matches), and `^`/`$`. Back-references, look-around, possessive
 * quantifiers, inline flags and class intersections are refused with RegexSyntaxError.
 * Matching is Java's `matches()`: the whole text, by code points.
 */

export class RegexSyntaxError extends Error {}

export interface LinearRegexOptions {
  maxNodes?: number;
}

export interface LinearRegex {
  size: number;
  matches(text: string): boolean;
  steps(text: string): number;
}

interface CharSet {
  ranges: number[];
  negated: boolean;
}

type Node =
  | { kind: 'set'; set: CharSet }
  | { kind: 'bol' }
  | { kind: 'eol' }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

const enum Op { Set, Split, Jmp, Bol, Eol, Match }

interface Inst {
  op: Op;
  set?: CharSet;
  x?: number;
  y?: number;
}

const DEFAULT_MAX_NODES = 5_000;
const MAX_GROUP_DEPTH = 100;
const MAX_REPEAT = 1_000;
/** Java's `.` excludes line terminators. */
const DOT: CharSet = { ranges: [0x0a, 0x0a, 0x0d, 0x0d, 0x85, 0x85, 0x2028, 0x2029], negated: true };
const DIGIT = [0x30, 0x39];
const WORD = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SPACE = [0x09, 0x0d, 0x20, 0x20];
const SIMPLE_ESCAPES: Record<string, number> = { t: 0x09, n: 0x0a, r: 0x0d, f: 0x0c, a: 0x07, e: 0x1b };

export function compileLinearRegex(pattern: string, options: LinearRegexOptions = {}): LinearRegex {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const program = emitProgram(new Parser(Array.from(pattern)).parse(), maxNodes);
  return {
    size: program.length,
    matches: (text) => run(program, text).matched,
    steps: (text) => run(program, text).steps,
  };
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly p: string[]) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.p.length) this.fail(`Unmatched closing ')'`);
    return node;
  }

  private fail(message: string): never {
    throw new RegexSyntaxError(`${message} near index ${this.pos}`);
  }

  private peek(): string | undefined { return this.p[this.pos]; }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.p.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.quantified(this.atom()));
    return { kind: 'seq', items };
  }

  private quantified(node: Node): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') return this.suffix(this.braces(node));
    else return node;
    this.pos++;
    return this.suffix({ kind: 'repeat', node, min, max });
  }

  /** A lazy `?` matches the same texts; possessive `+` does not, and a second quantifier is Java's dangling error. */
  private suffix(node: Node): Node {
    if (this.peek() === '?') this.pos++;
    else if (this.peek() === '+') this.fail('Possessive quantifiers are not supported');
    if (this.peek() === '*' || this.peek() === '+' || this.peek() === '?' || this.peek() === '{') this.fail(`Dangling meta character '${this.peek()}'`);
    return node;
  }

  private braces(node: Node): Node {
    this.pos++;
    const min = this.integer();
    let max = min;
    if (this.peek() === ',') {
      this.pos++;
      max = this.peek() === '}' ? Infinity : this.integer();
    }
    if (this.peek() !== '}') this.fail('Unclosed counted closure');
    this.pos++;
    if (max < min) this.fail('Illegal repetition range');
    return { kind: 'repeat', node, min, max };
  }

  private integer(): number {
    const start = this.pos;
    while (this.pos < this.p.length && /[0-9]/.test(this.p[this.pos]) && this.pos - start < 5) this.pos++;
    if (start === this.pos) this.fail('Illegal repetition');
    const n = Number(this.p.slice(start, this.pos).join(''));
    if (n > MAX_REPEAT) this.fail(`Repetition count above ${MAX_REPEAT}`);
    return n;
  }

  private atom(): Node {
    const c = this.p[this.pos++];
    switch (c) {
      case '(': return this.group();
      case '[': return { kind: 'set', set: this.charClass() };
      case '.': return { kind: 'set', set: DOT };
      case '^': return { kind: 'bol' };
      case '$': return { kind: 'eol' };
      case '\\': return { kind: 'set', set: this.escape() };
      case '*':
      case '+':
      case '?':
      case '{': return this.fail(`Dangling meta character '${c}'`);
      default: return literal(c.codePointAt(0)!);
    }
  }

  private group(): Node {
    if (this.peek() === '?') {
      if (this.p[this.pos + 1] !== ':') this.fail('Look-around, named groups and inline flags are not supported');
      this.pos += 2;
    }
    if (++this.depth > MAX_GROUP_DEPTH) this.fail('Groups nested too deeply');
    const node = this.alternation();
    if (this.peek() !== ')') this.fail(`Unclosed group`);
    this.pos++;
    this.depth--;
    return node;
  }

  private charClass(): CharSet {
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const ranges: number[] = [];
    let first = true;
    while (this.peek() !== ']' || first) {
      if (this.pos >= this.p.length) this.fail('Unclosed character class');
      if (this.peek() === '[' || (this.peek() === '&' && this.p[this.pos + 1] === '&')) this.fail('Nested classes and intersections are not supported');
      first = false;
      const lo = this.classMember();
      if (typeof lo !== 'number') {
        ranges.push(...lo);
        continue;
      }
      if (this.peek() === '-' && this.p[this.pos + 1] !== ']' && this.pos + 1 < this.p.length) {
        this.pos++;
        const hi = this.classMember();
        if (typeof hi !== 'number' || hi < lo) this.fail('Illegal character range');
        ranges.push(lo, hi);
      } else {
        ranges.push(lo, lo);
      }
    }
    this.pos++;
    return { ranges, negated };
  }

  /** One code point, or the ranges of a shorthand class such as `\d`. */
  private classMember(): number | number[] {
    const c = this.p[this.pos++];
    if (c !== '\\') return c.codePointAt(0)!;
    const set = this.escape();
    if (set.negated) this.fail('Negated shorthand classes inside [] are not supported');
    return set.ranges.length === 2 && set.ranges[0] === set.ranges[1] ? set.ranges[0] : set.ranges;
  }

  private escape(): CharSet {
    const c = this.p[this.pos++];
    if (c === undefined) this.fail('Unexpected trailing backslash');
    const shorthand: Record<string, number[]> = { d: DIGIT, w: WORD, s: SPACE };
    if (shorthand[c]) return { ranges: shorthand[c], negated: false };
    if (shorthand[c.toLowerCase()]) return { ranges: shorthand[c.toLowerCase()], negated: true };
    if (c in SIMPLE_ESCAPES) return literal(SIMPLE_ESCAPES[c]).set;
    if (c === 'x') return literal(this.hex(2)).set;
    if (c === 'u') return literal(this.hex(4)).set;
    // Java reserves every other escaped letter or digit (back-references, \b, \p{…}, …).
    if (/[A-Za-z0-9]/.test(c)) this.fail(`Unsupported escape sequence '\\${c}'`);
    return literal(c.codePointAt(0)!).set;
  }

  private hex(digits: number): number {
    const text = this.p.slice(this.pos, this.pos + digits).join('');
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(text)) this.fail('Illegal hexadecimal escape sequence');
    this.pos += digits;
    return parseInt(text, 16);
  }
}

function literal(cp: number): { kind: 'set'; set: CharSet } {
  return { kind: 'set', set: { ranges: [cp, cp], negated: false } };
}

/** Thompson's construction; throws once the program would exceed `maxNodes` instructions. */
function emitProgram(root: Node, maxNodes: number): Inst[] {
  const prog: Inst[] = [];
  const push = (inst: Inst): number => {
    if (prog.length >= maxNodes) throw new RegexSyntaxError(`Pattern too complex: more than ${maxNodes} nodes`);
    return prog.push(inst) - 1;
  };
  const emit = (node: Node): void => {
    switch (node.kind) {
      case 'set': push({ op: Op.Set, set: node.set }); return;
      case 'bol': push({ op: Op.Bol }); return;
      case 'eol': push({ op: Op.Eol }); return;
      case 'seq': for (const item of node.items) emit(item); return;
      case 'alt': return emitAlt(node.options);
      case 'repeat': return emitRepeat(node);
    }
  };
  const emitAlt = (options: Node[]): void => {
    const jumps: number[] = [];
    for (let i = 0; i < options.length - 1; i++) {
      const split = push({ op: Op.Split, x: prog.length + 1 });
      emit(options[i]);
      jumps.push(push({ op: Op.Jmp }));
      prog[split].y = prog.length;
    }
    emit(options[options.length - 1]);
    for (const j of jumps) prog[j].x = prog.length;
  };
  const emitRepeat = ({ node, min, max }: { node: Node; min: number; max: number }): void => {
    for (let i = 0; i < min; i++) emit(node);
    if (max === Infinity) {
      const split = push({ op: Op.Split, x: prog.length + 1 });
      emit(node);
      push({ op: Op.Jmp, x: split });
      prog[split].y = prog.length;
      return;
    }
    const splits: number[] = [];
    for (let i = min; i < max; i++) {
      splits.push(push({ op: Op.Split, x: prog.length + 1 }));
      emit(node);
    }
    for (const s of splits) prog[s].y = prog.length;
  };
  emit(root);
  push({ op: Op.Match });
  return prog;
}

function inSet(set: CharSet, cp: number): boolean {
  let hit = false;
  for (let i = 0; i < set.ranges.length && !hit; i += 2) hit = cp >= set.ranges[i] && cp <= set.ranges[i + 1];
  return hit !== set.negated;
}

/** The Pike VM: `list` holds the Set/Match instructions reachable at the current position. */
function run(prog: Inst[], text: string): { matched: boolean; steps: number } {
  const cps = Array.from(text);
  const seen = new Int32Array(prog.length).fill(-1);
  let list: number[] = [];
  let steps = 0;
  const stack: number[] = [];
  const add = (into: number[], start: number, pos: number): void => {
    stack.push(start);
    while (stack.length > 0) {
      const pc = stack.pop()!;
      steps++;
      if (seen[pc] === pos) continue;
      seen[pc] = pos;
      const inst = prog[pc];
      if (inst.op === Op.Jmp) stack.push(inst.x!);
      else if (inst.op === Op.Split) stack.push(inst.y!, inst.x!);
      else if (inst.op === Op.Bol) {
        if (pos === 0) stack.push(pc + 1);
      } else if (inst.op === Op.Eol) {
        if (pos === cps.length) stack.push(pc + 1);
      } else into.push(pc);
    }
  };
  add(list, 0, 0);
  for (let i = 0; i < cps.length && list.length > 0; i++) {
    const cp = cps[i].codePointAt(0)!;
    const next: number[] = [];
    for (const pc of list) {
      steps++;
      if (prog[pc].op === Op.Set && inSet(prog[pc].set!, cp)) add(next, pc + 1, i + 1);
    }
    list = next;
  }
  return { matched: list.some((pc) => prog[pc].op === Op.Match), steps };
}
