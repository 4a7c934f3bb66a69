/**
 * RE2 (Go regexp) syntax read into a tree for ./re2-search.ts. Captures are not kept (the
 * search only answers whether a text matches), so every group is a plain group. Refusals use
 * Go's wording: "error parsing regexp: <problem>: `<text>`".
 */

export class RegexSyntaxError extends Error {
  constructor(problem: string, text: string) {
    super(`error parsing regexp: ${problem}: \`${text}\``);
    this.name = 'RegexSyntaxError';
  }
}

export interface RegexFlags {
  ignoreCase?: boolean;
  /** `.` matches `\n` too. */
  dotAll?: boolean;
  /** `^` and `$` match at line starts and ends too. */
  multiline?: boolean;
}

/** Code point ranges [lo0, hi0, lo1, hi1, …] and Unicode-property tests, maybe negated. */
export interface CharClass {
  ranges: number[];
  props: RegExp[];
  negated: boolean;
  /** Case-insensitive: a character matches when its lower or upper case does. */
  fold: boolean;
}

export type Assertion = 'bot' | 'eot' | 'bol' | 'eol' | 'wb' | 'nwb';

export type Ast =
  | { t: 'char'; cls: CharClass }
  | { t: 'cat' | 'alt'; items: Ast[] }
  | { t: 'rep'; item: Ast; min: number; max: number }
  | { t: 'assert'; kind: Assertion };

type Set = Omit<CharClass, 'fold'>;

const MAX_REPEAT = 1000;
const MAX_DEPTH = 100;
const MAX_CODE_POINT = 0x10ffff;
const DIGIT = [0x30, 0x39];
const WORD = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SPACE = [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20];
const PERL: Record<string, number[]> = { d: DIGIT, w: WORD, s: SPACE };
const POSIX: Record<string, number[]> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a], alpha: [0x41, 0x5a, 0x61, 0x7a], ascii: [0, 0x7f], blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0, 0x1f, 0x7f, 0x7f], digit: DIGIT, graph: [0x21, 0x7e], lower: [0x61, 0x7a], print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e], space: [0x09, 0x0d, 0x20, 0x20], upper: [0x41, 0x5a], word: WORD,
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};
const CONTROL: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
const FLAG_KEYS = [['i', 'ignoreCase'], ['s', 'dotAll'], ['m', 'multiline']] as const;

/** The code points not in `ranges`. */
export function complement(ranges: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i], ranges[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let next = 0;
  for (const [lo, hi] of pairs) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

/** `\pL`, `\p{Greek}`: a general category or binary property, else a script. */
function property(name: string, negated: boolean, text: string): RegExp {
  for (const source of [`^\\p{${name}}$`, `^\\p{Script=${name}}$`]) {
    try {
      return new RegExp(negated ? source.replace('\\p', '\\P') : source, 'u');
    } catch {
      // Not this kind of property: the next is tried.
    }
  }
  throw new RegexSyntaxError('invalid character class range', text);
}

const single = (cp: number): Set => ({ ranges: [cp, cp], props: [], negated: false });

class Parser {
  private i = 0;
  private flags: Required<RegexFlags>;

  constructor(private readonly src: string, flags: RegexFlags) {
    this.flags = { ignoreCase: false, dotAll: false, multiline: false, ...flags };
  }

  parse(): Ast {
    const ast = this.alternation(0);
    if (this.i < this.src.length) throw new RegexSyntaxError('unexpected )', this.src);
    return ast;
  }

  /** Flags set inside (`(?i)`) last to the end of the group, across `|`. */
  private alternation(depth: number): Ast {
    const outer = this.flags;
    const items = [this.concatenation(depth)];
    while (this.src[this.i] === '|') {
      this.i++;
      items.push(this.concatenation(depth));
    }
    this.flags = outer;
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private concatenation(depth: number): Ast {
    const items: Ast[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom(depth);
      if (atom) items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  private quantified(atom: Ast): Ast {
    const start = this.i;
    const bounds = this.quantifier();
    if (!bounds) return atom;
    if (this.src[this.i] === '?') this.i++;
    if (this.quantifier()) throw new RegexSyntaxError('invalid nested repetition operator', this.src.slice(start, this.i));
    return { t: 'rep', item: atom, min: bounds[0], max: bounds[1] };
  }

  /** `* + ? {n} {n,} {n,m}` at the cursor, consumed; a `{` that is no count is a literal (Go). */
  private quantifier(): [number, number] | undefined {
    const c = this.src[this.i];
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      return c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    }
    const m = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i, this.i + 24)) : null;
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Infinity && (max > MAX_REPEAT || max < min))) throw new RegexSyntaxError('invalid repeat count', m[0]);
    this.i += m[0].length;
    return [min, max];
  }

  /** One atom, or undefined for `(?i)`, which only sets flags. */
  private atom(depth: number): Ast | undefined {
    const c = this.src[this.i];
    if (c === '*' || c === '+' || c === '?') throw new RegexSyntaxError('missing argument to repetition operator', c);
    if (c === '(') return this.group(depth);
    this.i++;
    switch (c) {
      case '[': return this.char(this.bracket());
      case '.': return this.char({ ranges: this.flags.dotAll ? [0, MAX_CODE_POINT] : [0, 9, 11, MAX_CODE_POINT], props: [], negated: false });
      case '^': return { t: 'assert', kind: this.flags.multiline ? 'bol' : 'bot' };
      case '$': return { t: 'assert', kind: this.flags.multiline ? 'eol' : 'eot' };
      case '\\': return this.escapeAtom();
      default: return this.char(single(this.codePointBefore()));
    }
  }

  /** The code point whose first unit was just taken, taking its second unit too. */
  private codePointBefore(): number {
    const cp = this.src.codePointAt(this.i - 1)!;
    if (cp > 0xffff) this.i++;
    return cp;
  }

  private char(set: Set): Ast {
    return { t: 'char', cls: { ...set, fold: this.flags.ignoreCase } };
  }

  private group(depth: number): Ast | undefined {
    const start = this.i++;
    if (depth >= MAX_DEPTH) throw new RegexSyntaxError('expression nests too deeply', this.src);
    const outer = this.flags;
    if (this.src[this.i] === '?') {
      const named = /^\?P?<[A-Za-z0-9_]+>/.exec(this.src.slice(this.i, this.i + 40));
      if (named) this.i += named[0].length;
      else if (this.flagGroup(start) === ')') return undefined;
    }
    const inner = this.alternation(depth + 1);
    if (this.src[this.i] !== ')') throw new RegexSyntaxError('missing closing )', this.src);
    this.i++;
    this.flags = outer;
    return inner;
  }

  /** `(?flags)` or `(?flags:` at the cursor: sets the flags and answers which it was. */
  private flagGroup(start: number): ')' | ':' {
    const m = /^\?([imsU]*)(?:-([imsU]*))?([:)])/.exec(this.src.slice(this.i, this.i + 16));
    if (!m || (m[1] === '' && m[2] === undefined && m[3] === ')') || m[2] === '') {
      throw new RegexSyntaxError('invalid or unsupported Perl syntax', this.src.slice(start, this.i + 2));
    }
    const next = { ...this.flags };
    for (const [f, key] of FLAG_KEYS) {
      if (m[1].includes(f)) next[key] = true;
      if (m[2]?.includes(f)) next[key] = false;
    }
    this.flags = next;
    this.i += m[0].length;
    return m[3] as ')' | ':';
  }

  private escapeAtom(): Ast {
    const c = this.src[this.i];
    const assertion = ({ A: 'bot', z: 'eot', b: 'wb', B: 'nwb' } as const)[c as 'A'];
    if (assertion) {
      this.i++;
      return { t: 'assert', kind: assertion };
    }
    if (c === 'Q') {
      const end = this.src.indexOf('\\E', this.i + 1);
      const text = this.src.slice(this.i + 1, end < 0 ? undefined : end);
      this.i = end < 0 ? this.src.length : end + 2;
      return { t: 'cat', items: Array.from(text, (ch) => this.char(single(ch.codePointAt(0)!))) };
    }
    const escaped = this.escape();
    return this.char(typeof escaped === 'number' ? single(escaped) : escaped);
  }

  /** After a backslash: a class (`\d`, `\pL`…) or one code point. */
  private escape(): number | Set {
    const start = this.i - 1;
    const c = this.src[this.i++];
    if (c === undefined) throw new RegexSyntaxError('trailing backslash at end of expression', '');
    const perl = PERL[c.toLowerCase()];
    if (perl) return { ranges: perl, props: [], negated: c !== c.toLowerCase() };
    if (c === 'p' || c === 'P') {
      const m = /^(?:\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(this.src.slice(this.i, this.i + 40));
      if (!m) throw new RegexSyntaxError('invalid character class range', this.src.slice(start, this.i + 1));
      this.i += m[0].length;
      return { ranges: [], props: [property(m[2] ?? m[3], (c === 'P') !== (m[1] === '^'), this.src.slice(start, this.i))], negated: false };
    }
    if (c in CONTROL) return CONTROL[c];
    if (c === 'x') return this.hex(start);
    if (c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(c)) return c.charCodeAt(0);
    throw new RegexSyntaxError('invalid escape sequence', this.src.slice(start, this.i));
  }

  private hex(start: number): number {
    const m = /^(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(this.src.slice(this.i, this.i + 8));
    const cp = m ? parseInt(m[1] ?? m[2], 16) : NaN;
    if (!m || cp > MAX_CODE_POINT) throw new RegexSyntaxError('invalid escape sequence', this.src.slice(start, this.i + 2));
    this.i += m[0].length;
    return cp;
  }

  /** After `[`: the class up to its `]` (a `]` first is itself). */
  private bracket(): Set {
    const start = this.i - 1;
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    const set: Set = { ranges: [], props: [], negated };
    for (let first = true; this.src[this.i] !== ']' || first; first = false) {
      if (this.i >= this.src.length) throw new RegexSyntaxError('missing closing ]', this.src.slice(start));
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.i, this.i + 12));
      if (posix) {
        if (!POSIX[posix[2]]) throw new RegexSyntaxError('invalid character class range', posix[0]);
        set.ranges.push(...(posix[1] ? complement(POSIX[posix[2]]) : POSIX[posix[2]]));
        this.i += posix[0].length;
        continue;
      }
      const lo = this.classMember();
      if (typeof lo !== 'number') {
        set.ranges.push(...(lo.negated ? complement(lo.ranges) : lo.ranges));
        set.props.push(...lo.props);
      } else if (this.src[this.i] === '-' && this.i + 1 < this.src.length && this.src[this.i + 1] !== ']') {
        this.i++;
        const hi = this.classMember();
        if (typeof hi !== 'number' || hi < lo) throw new RegexSyntaxError('invalid character class range', this.src.slice(start, this.i));
        set.ranges.push(lo, hi);
      } else {
        set.ranges.push(lo, lo);
      }
    }
    this.i++;
    return set;
  }

  private classMember(): number | Set {
    const c = this.src[this.i++];
    return c === '\\' ? this.escape() : this.codePointBefore();
  }
}

export function parseRe2(source: string, flags: RegexFlags = {}): Ast {
  return new Parser(source, flags).parse();
}
