/**
 * Linear-time text search for filter patterns, whose terms come from callers and whose
 * texts (log messages) may be a megabyte: neither may ever make a match slow.
 *
 * - `LiteralFinder`: Knuth–Morris–Pratt, O(|text| + |needle|) per search, whatever the input
 *   (String.prototype.indexOf gives no such bound).
 * - `Glob`: `*` matches any run of characters, the rest is literal, the whole text must match.
 *   The literal segments between stars are found left to right, each at its first occurrence
 *   after the previous one: taking the earliest occurrence never loses a match a later one
 *   would find, so the text is scanned once in total.
 */

export class LiteralFinder {
  /** fail[i]: the length of the longest proper border of needle[0..i]. */
  private readonly fail: Int32Array;

  constructor(readonly needle: string) {
    this.fail = new Int32Array(needle.length);
    let k = 0;
    for (let i = 1; i < needle.length; i++) {
      while (k > 0 && needle.charCodeAt(i) !== needle.charCodeAt(k)) k = this.fail[k - 1];
      if (needle.charCodeAt(i) === needle.charCodeAt(k)) k++;
      this.fail[i] = k;
    }
  }

  /** The index of the first occurrence starting at or after `from` and ending by `end`, or -1. */
  indexIn(text: string, from = 0, end = text.length): number {
    const n = this.needle.length;
    if (n === 0) return from <= end ? from : -1;
    let k = 0;
    for (let i = from; i < end; i++) {
      const c = text.charCodeAt(i);
      while (k > 0 && c !== this.needle.charCodeAt(k)) k = this.fail[k - 1];
      if (c === this.needle.charCodeAt(k)) k++;
      if (k === n) return i - n + 1;
    }
    return -1;
  }

  foundIn(text: string): boolean {
    return this.indexIn(text) >= 0;
  }
}

export class Glob {
  private readonly first: string;
  private readonly last: string;
  private readonly middle: LiteralFinder[];
  private readonly starred: boolean;

  constructor(readonly pattern: string) {
    const segments = pattern.split('*');
    this.starred = segments.length > 1;
    this.first = segments[0];
    this.last = this.starred ? segments[segments.length - 1] : '';
    this.middle = segments.slice(1, -1).filter((s) => s.length > 0).map((s) => new LiteralFinder(s));
  }

  matches(text: string): boolean {
    if (!this.starred) return text === this.first;
    if (text.length < this.first.length + this.last.length) return false;
    if (!text.startsWith(this.first) || !text.endsWith(this.last)) return false;
    let at = this.first.length;
    const end = text.length - this.last.length;
    for (const segment of this.middle) {
      const found = segment.indexIn(text, at, end);
      if (found < 0) return false;
      at = found + segment.needle.length;
    }
    return true;
  }
}
