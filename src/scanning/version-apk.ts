// Alpine package version ordering, after apk-tools 2.x version.c (apk_version_compare):
// a token stream of digits, a letter, `_suffix[N]` and `-rN`, compared token by token.

enum T { Invalid = -1, DigitOrZero = 0, Digit, Letter, Suffix, SuffixNo, RevisionNo, End }

const PRE = ['alpha', 'beta', 'pre', 'rc'];
const POST = ['cvs', 'svn', 'git', 'hg', 'p'];
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';

class Cursor {
  pos = 0;
  type: T = T.Digit;
  constructor(readonly s: string) {}
  get left(): number { return this.s.length - this.pos; }
  get c(): string | undefined { return this.s[this.pos]; }

  /** Reads the current token's value and moves `type` to the next token's type. */
  token(): number {
    if (this.left <= 0) {
      this.type = T.End;
      return 0;
    }
    let v = 0;
    let next = T.Invalid;
    switch (this.type) {
      case T.DigitOrZero:
        // Leading zeros after a dot: "1.01" < "1.1", compared like a decimal fraction. A lone
        // "0" is plain zero, so "1.0_rc1" still reads as 1, 0, rc1.
        if (this.c === '0' && isDigit(this.s[this.pos + 1])) {
          const start = this.pos;
          while (this.c === '0' && isDigit(this.s[this.pos + 1])) this.pos++;
          v = -(this.pos - start);
          next = T.Digit;
          break;
        }
      // falls through
      case T.Digit:
      case T.SuffixNo:
      case T.RevisionNo:
        while (isDigit(this.c)) v = v * 10 + Number(this.s[this.pos++]);
        break;
      case T.Letter:
        v = this.s.charCodeAt(this.pos++);
        break;
      case T.Suffix: {
        const pre = PRE.findIndex((p) => this.s.startsWith(p, this.pos));
        const post = POST.findIndex((p) => this.s.startsWith(p, this.pos));
        if (pre < 0 && post < 0) return this.invalid();
        v = pre >= 0 ? pre - PRE.length : post;
        this.pos += (pre >= 0 ? PRE[pre] : POST[post]).length;
        break;
      }
      default:
        return this.invalid();
    }
    if (this.left <= 0) this.type = T.End;
    else if (next !== T.Invalid) this.type = next;
    else this.nextType();
    return v;
  }

  private invalid(): number {
    this.type = T.Invalid;
    return -1;
  }

  private nextType(): void {
    const prev = this.type;
    let n: T = T.Invalid;
    if ((prev === T.Digit || prev === T.DigitOrZero) && isLower(this.c)) n = T.Letter;
    else if (prev === T.Letter && isDigit(this.c)) n = T.Digit;
    else if (prev === T.Suffix && isDigit(this.c)) n = T.SuffixNo;
    else {
      const c = this.c;
      if (c === '.') n = T.DigitOrZero;
      else if (c === '_') n = T.Suffix;
      else if (c === '-' && this.s[this.pos + 1] === 'r') {
        n = T.RevisionNo;
        this.pos++;
      }
      this.pos++;
    }
    const allowedBackStep = (n === T.DigitOrZero && prev === T.Digit) || (n === T.Suffix && prev === T.SuffixNo) || (n === T.Digit && prev === T.Letter);
    this.type = n < prev && !allowedBackStep ? T.Invalid : n;
  }
}

/** True when apk would accept the string as a version. */
export function isValidApkVersion(text: string): boolean {
  if (!isDigit(text[0])) return false;
  const cur = new Cursor(text);
  while (cur.type !== T.End && cur.type !== T.Invalid) cur.token();
  return cur.type === T.End;
}

/** Negative, zero or positive like `apk version -t`; undefined if either is invalid. */
export function compareApkVersions(a: string, b: string): number | undefined {
  if (!isValidApkVersion(a) || !isValidApkVersion(b)) return undefined;
  const x = new Cursor(a);
  const y = new Cursor(b);
  let av = 0;
  let bv = 0;
  while (x.type === y.type && x.type !== T.End && x.type !== T.Invalid && av === bv) {
    av = x.token();
    bv = y.token();
  }
  if (av !== bv) return av < bv ? -1 : 1;
  if (x.type === y.type) return 0;
  // Equal so far and one goes on: the longer is greater unless it continues with a pre-release suffix.
  if (x.type === T.Suffix && suffixValue(x) < 0) return -1;
  if (y.type === T.Suffix && suffixValue(y) < 0) return 1;
  if (x.type > y.type) return -1;
  if (y.type > x.type) return 1;
  return 0;
}

function suffixValue(cur: Cursor): number {
  const copy = new Cursor(cur.s);
  copy.pos = cur.pos;
  copy.type = T.Suffix;
  return copy.token();
}
