/**
 * Callers' regular expressions in RE2 (Go regexp) syntax, as CloudWatch Logs filter patterns
 * and Docker's awslogs driver take them, searched in time linear in the text: a Thompson NFA
 * run as a lazily built DFA (RE2's approach). Each text position costs one cached transition,
 * or one pass over the NFA (at most `maxNodes` states) when the transition is new; the cache
 * is dropped when it grows past MAX_STATES states or MAX_CACHED_NODES set members, so memory
 * is bounded too. Nothing backtracks. (V8's own linear engine, the `l` flag, has the same bound
 * with a constant so high that a 1 KB pattern took over a minute on a 256 KB log event.)
 *
 * Only `test` — is there a match anywhere — is offered: no captures, so lazy and greedy
 * quantifiers are the same. Syntax: `|`, `(…)`, `(?:…)`, `(?P<n>…)`, `(?<n>…)`, flags `(?ims)`
 * and `(?i:…)` (`-` turns off), `* + ? {n} {n,} {n,m}` (counts up to 1000), `.`, classes with
 * ranges, `\d \w \s` and negations, `[[:alpha:]]`, `\pL`, `\p{Greek}`, `^ $ \A \z \b \B`,
 * `\Q…\E`, `\t \n \x7f \x{263a}`, escaped punctuation. Errors are Go's
 * ("error parsing regexp: missing closing ): `(a`").
 */
import { Assertion, Ast, CharClass, parseRe2, RegexFlags, RegexSyntaxError } from './re2-syntax.js';

export { RegexSyntaxError } from './re2-syntax.js';
export type { RegexFlags } from './re2-syntax.js';

export interface SearchOptions {
  /** Most NFA states the pattern may compile to (counted repetitions copy their operand). */
  maxNodes?: number;
}

const DEFAULT_MAX_NODES = 5000;
const MAX_STATES = 2000;
const MAX_CACHED_NODES = 250_000;
const MAX_WIDE_TRANSITIONS = 256;
const THRASHING_RESETS = 2;

const enum Kind { Char, Split, Assert, Match }

/** A character's kind for assertions: other, word, newline; Edge is the text's start or end. */
const enum Type { Other, Word, Newline, Edge }

interface Nfa {
  kind: Kind[];
  /** accepts(node's class, cp) for cp < 128, at node × 128 + cp. */
  ascii: Uint8Array;
  out: number[];
  out2: number[];
  cls: (CharClass | undefined)[];
  assertion: (Assertion | undefined)[];
  start: number;
}

interface State {
  /** NFA states reached by the text so far, before closing over empty moves. */
  nodes: number[];
  prev: Type;
  ascii: (State | typeof MATCHED | undefined)[];
  wide: Map<number, State | typeof MATCHED>;
  endMatch?: boolean;
}

const MATCHED = Symbol('matched');

/** The code point at `i` (a lone surrogate is itself). */
function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c >= 0xdc00 || i + 1 >= text.length) return c;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low < 0xe000 ? 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00) : c;
}

const typeOf = (cp: number): Type =>
  (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f ? Type.Word : cp === 10 ? Type.Newline : Type.Other;

function holds(a: Assertion, prev: Type, next: Type): boolean {
  switch (a) {
    case 'bot': return prev === Type.Edge;
    case 'eot': return next === Type.Edge;
    case 'bol': return prev === Type.Edge || prev === Type.Newline;
    case 'eol': return next === Type.Edge || next === Type.Newline;
    case 'wb': return (prev === Type.Word) !== (next === Type.Word);
    default: return (prev === Type.Word) === (next === Type.Word);
  }
}

/** Whether `cp` is among the class's members (negation aside). */
function member(cls: CharClass, cp: number): boolean {
  for (let i = 0; i < cls.ranges.length; i += 2) if (cp >= cls.ranges[i] && cp <= cls.ranges[i + 1]) return true;
  if (cls.props.length === 0) return false;
  const c = String.fromCodePoint(cp);
  return cls.props.some((p) => p.test(c));
}

/** Case folding applies to the members before negation, as in RE2 (`(?i)[^a-z]` refuses `A`). */
function accepts(cls: CharClass, cp: number): boolean {
  let hit = member(cls, cp);
  if (!hit && cls.fold) {
    const c = String.fromCodePoint(cp);
    hit = [c.toLowerCase(), c.toUpperCase()].some((v) => v.codePointAt(0) !== cp && member(cls, v.codePointAt(0)!));
  }
  return hit !== cls.negated;
}

/** Thompson's construction, built back to front: each piece is compiled knowing where it continues. */
function compile(ast: Ast, maxNodes: number, source: string): Nfa {
  const nfa: Nfa = { kind: [], ascii: new Uint8Array(0), out: [], out2: [], cls: [], assertion: [], start: 0 };
  const node = (kind: Kind, out: number, out2 = -1, cls?: CharClass, assertion?: Assertion): number => {
    if (nfa.kind.length >= maxNodes) throw new RegexSyntaxError('expression too large', source);
    nfa.kind.push(kind);
    nfa.out.push(out);
    nfa.out2.push(out2);
    nfa.cls.push(cls);
    nfa.assertion.push(assertion);
    return nfa.kind.length - 1;
  };
  const build = (a: Ast, next: number): number => {
    switch (a.t) {
      case 'char': return node(Kind.Char, next, -1, a.cls);
      case 'assert': return node(Kind.Assert, next, -1, undefined, a.kind);
      case 'cat': return a.items.reduceRight((n, item) => build(item, n), next);
      case 'alt': return a.items.map((item) => build(item, next)).reduceRight((rest, entry) => node(Kind.Split, entry, rest));
      case 'rep': {
        let entry = next;
        if (a.max === Infinity) {
          entry = node(Kind.Split, -1, next);
          nfa.out[entry] = build(a.item, entry);
        } else {
          for (let k = a.min; k < a.max; k++) entry = node(Kind.Split, build(a.item, entry), next);
        }
        for (let k = 0; k < a.min; k++) entry = build(a.item, entry);
        return entry;
      }
    }
  };
  nfa.start = build(ast, node(Kind.Match, -1));
  nfa.ascii = new Uint8Array(nfa.kind.length * 128);
  nfa.cls.forEach((cls, n) => {
    for (let cp = 0; cls && cp < 128; cp++) nfa.ascii[n * 128 + cp] = accepts(cls, cp) ? 1 : 0;
  });
  return nfa;
}

export class Re2Search {
  private readonly nfa: Nfa;
  private states = new Map<string, State>();
  private cachedNodes = 0;
  private resets = 0;
  private initial!: State;
  private readonly mark: Int32Array;
  private readonly stack: Int32Array;
  private generation = 0;

  constructor(readonly source: string, flags: RegexFlags = {}, options: SearchOptions = {}) {
    this.nfa = compile(parseRe2(source, flags), options.maxNodes ?? DEFAULT_MAX_NODES, source);
    this.mark = new Int32Array(this.nfa.kind.length);
    // Each node is pushed once per edge into it, and the seeds once: at most 3 × size + 1.
    this.stack = new Int32Array(this.nfa.kind.length * 3 + 1);
    this.reset();
  }

  /** NFA states: the cost of a new transition. */
  get size(): number {
    return this.nfa.kind.length;
  }

  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean {
    let s = this.initial;
    let misses = 0;
    const resets = this.resets;
    for (let i = 0; i < text.length; i++) {
      const cp = codePointAt(text, i);
      if (cp > 0xffff) i++;
      let next = cp < 128 ? s.ascii[cp] : s.wide.get(cp);
      if (next === undefined) {
        // A cache that keeps missing (exponentially many DFA states) costs more than it saves: step the NFA instead.
        if (++misses * 4 > i && this.resets - resets >= THRASHING_RESETS) return this.simulate(text, i, s.nodes, s.prev);
        next = this.transition(s, cp);
      }
      if (next === MATCHED) return true;
      s = next;
    }
    s.endMatch ??= this.matchesAt(this.closure(s.nodes, s.prev, Type.Edge));
    return s.endMatch;
  }

  /** The plain NFA simulation from text[from], the states `nodes` reached before it. */
  private simulate(text: string, from: number, nodes: number[], prev: Type): boolean {
    const { kind, out } = this.nfa;
    for (let i = from; i < text.length; i++) {
      const cp = codePointAt(text, i);
      if (cp > 0xffff) i++;
      const type = typeOf(cp);
      const closed = this.closure(nodes, prev, type);
      if (this.matchesAt(closed)) return true;
      const gen = this.nextGeneration();
      nodes = [];
      for (const n of closed) {
        if (kind[n] !== Kind.Char || !this.accepts(n, cp) || this.mark[out[n]] === gen) continue;
        this.mark[out[n]] = gen;
        nodes.push(out[n]);
      }
      prev = type;
    }
    return this.matchesAt(this.closure(nodes, prev, Type.Edge));
  }

  private matchesAt(closed: number[]): boolean {
    return closed.some((n) => this.nfa.kind[n] === Kind.Match);
  }

  private nextGeneration(): number {
    if (this.generation === 0x7fffffff) {
      this.mark.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }

  private reset(): void {
    this.resets++;
    this.states = new Map();
    this.cachedNodes = 0;
    this.initial = this.state([], Type.Edge);
  }

  private state(nodes: number[], prev: Type): State {
    const key = `${prev}:${nodes.join(',')}`;
    let s = this.states.get(key);
    if (!s) {
      if (this.states.size >= MAX_STATES || this.cachedNodes + nodes.length > MAX_CACHED_NODES) this.reset();
      s = { nodes, prev, ascii: new Array(128), wide: new Map() };
      this.states.set(key, s);
      this.cachedNodes += nodes.length;
    }
    return s;
  }

  /** The Char and Match states reachable from `nodes` and a new start without reading, between characters of types `prev` and `next`. */
  private closure(nodes: number[], prev: Type, next: Type): number[] {
    const { kind, out, out2, assertion } = this.nfa;
    const gen = this.nextGeneration();
    const found: number[] = [];
    const stack = this.stack;
    let top = 0;
    stack[top++] = this.nfa.start;
    for (const n of nodes) stack[top++] = n;
    while (top > 0) {
      const n = stack[--top];
      if (this.mark[n] === gen) continue;
      this.mark[n] = gen;
      if (kind[n] === Kind.Split) {
        stack[top++] = out2[n];
        stack[top++] = out[n];
      } else if (kind[n] === Kind.Assert) {
        if (holds(assertion[n]!, prev, next)) stack[top++] = out[n];
      } else found.push(n);
    }
    return found;
  }

  private accepts(n: number, cp: number): boolean {
    return cp < 128 ? this.nfa.ascii[n * 128 + cp] === 1 : accepts(this.nfa.cls[n]!, cp);
  }

  private transition(s: State, cp: number): State | typeof MATCHED {
    const type = typeOf(cp);
    const closed = this.closure(s.nodes, s.prev, type);
    let result: State | typeof MATCHED;
    if (this.matchesAt(closed)) {
      result = MATCHED;
    } else {
      const reached = closed.filter((n) => this.nfa.kind[n] === Kind.Char && this.accepts(n, cp)).map((n) => this.nfa.out[n]);
      result = this.state([...new Set(reached)].sort((a, b) => a - b), type);
    }
    if (cp < 128) s.ascii[cp] = result;
    else {
      if (s.wide.size >= MAX_WIDE_TRANSITIONS) s.wide.clear();
      s.wide.set(cp, result);
    }
    return result;
  }
}
