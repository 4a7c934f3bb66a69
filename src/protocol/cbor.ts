/**
 * CBOR (RFC 8949), the subset Smithy RPC v2 CBOR uses: unsigned and negative integers,
 * byte and text strings, arrays, maps with text keys, tag 1 (epoch-seconds timestamps),
 * booleans, null/undefined and half/single/double floats. Decoding also takes
 * indefinite-length strings, arrays and maps and the self-described-CBOR tag (55799).
 *
 * The decoder reads caller input, so it is bounded: nesting deeper than `maxDepth` or more
 * than `maxItems` data items is refused, and a declared length is checked against the bytes
 * left before anything is allocated (a 9-byte header cannot make it reserve 4 GiB). Work is
 * linear in the input; every malformation is a CborError, never another exception.
 */

export class CborError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CborError';
  }
}

export type CborValue = null | undefined | boolean | number | string | Uint8Array | Date | CborValue[] | CborMap;
export interface CborMap {
  [key: string]: CborValue;
}

export interface CborLimits {
  maxDepth: number;
  maxItems: number;
}

export const DEFAULT_CBOR_LIMITS: CborLimits = { maxDepth: 64, maxItems: 100_000 };

const BREAK = 0xff;
const INDEFINITE = 31;
const TAG_EPOCH = 1;
const TAG_SELF_DESCRIBED = 55799;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A break code where an item was expected: only meaningful inside an indefinite-length item. */
const BREAK_MARK = Symbol('break');
type Item = CborValue | typeof BREAK_MARK;

class Reader {
  private pos = 0;
  private items = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array, private readonly limits: CborLimits) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  done(): boolean {
    return this.pos === this.bytes.length;
  }

  private need(n: number): void {
    if (n > this.remaining) throw new CborError(`unexpected end of input at byte ${this.pos}`);
  }

  private byte(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  /** The argument of a head: the additional info itself, or the 1/2/4/8 bytes after it. */
  private argument(info: number): number {
    if (info < 24) return info;
    switch (info) {
      case 24: return this.byte();
      case 25: this.need(2); this.pos += 2; return this.view.getUint16(this.pos - 2);
      case 26: this.need(4); this.pos += 4; return this.view.getUint32(this.pos - 4);
      case 27: this.need(8); this.pos += 8; return Number(this.view.getBigUint64(this.pos - 8));
      default: throw new CborError(`reserved additional information ${info} at byte ${this.pos - 1}`);
    }
  }

  private take(n: number): Uint8Array {
    this.need(n);
    this.pos += n;
    return this.bytes.subarray(this.pos - n, this.pos);
  }

  private count(): void {
    if (++this.items > this.limits.maxItems) throw new CborError(`more than ${this.limits.maxItems} data items`);
  }

  item(depth: number): Item {
    if (depth > this.limits.maxDepth) throw new CborError(`nested deeper than ${this.limits.maxDepth} levels`);
    const head = this.byte();
    if (head === BREAK) return BREAK_MARK;
    this.count();
    const major = head >> 5;
    const info = head & 0x1f;
    switch (major) {
      case 0: return this.argument(info);
      case 1: return -1 - this.argument(info);
      case 2: return info === INDEFINITE ? this.chunks(2) : this.take(this.argument(info));
      case 3: return info === INDEFINITE ? text(this.chunks(3)) : text(this.take(this.argument(info)));
      case 4: return info === INDEFINITE ? this.indefiniteArray(depth) : this.array(this.argument(info), depth);
      case 5: return info === INDEFINITE ? this.indefiniteMap(depth) : this.map(this.argument(info), depth);
      case 6: return this.tagged(this.argument(info), depth);
      default: return this.simple(info);
    }
  }

  private value(depth: number): CborValue {
    const v = this.item(depth);
    if (v === BREAK_MARK) throw new CborError(`unexpected break at byte ${this.pos - 1}`);
    return v;
  }

  /** An indefinite-length string: definite chunks of the same major type up to a break. */
  private chunks(major: number): Uint8Array {
    const parts: Uint8Array[] = [];
    for (;;) {
      const head = this.byte();
      if (head === BREAK) break;
      if (head >> 5 !== major || (head & 0x1f) === INDEFINITE) throw new CborError(`invalid chunk in an indefinite-length string at byte ${this.pos - 1}`);
      this.count();
      parts.push(this.take(this.argument(head & 0x1f)));
    }
    return Buffer.concat(parts);
  }

  private array(length: number, depth: number): CborValue[] {
    // Each item takes at least a byte, and counts: a longer declared length cannot be honest, nor allowed.
    if (length > this.remaining) throw new CborError(`array of ${length} items in ${this.remaining} bytes`);
    if (length > this.limits.maxItems) throw new CborError(`more than ${this.limits.maxItems} data items`);
    const out: CborValue[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = this.value(depth + 1);
    return out;
  }

  private indefiniteArray(depth: number): CborValue[] {
    const out: CborValue[] = [];
    for (let v = this.item(depth + 1); v !== BREAK_MARK; v = this.item(depth + 1)) out.push(v);
    return out;
  }

  private map(length: number, depth: number): CborMap {
    if (length * 2 > this.remaining) throw new CborError(`map of ${length} entries in ${this.remaining} bytes`);
    const out: CborMap = Object.create(null);
    for (let i = 0; i < length; i++) this.entry(out, this.value(depth + 1), depth);
    return out;
  }

  private indefiniteMap(depth: number): CborMap {
    const out: CborMap = Object.create(null);
    for (let k = this.item(depth + 1); k !== BREAK_MARK; k = this.item(depth + 1)) this.entry(out, k, depth);
    return out;
  }

  /** Smithy maps and structures have text keys; a repeated key keeps its last value. */
  private entry(out: CborMap, key: CborValue, depth: number): void {
    if (typeof key !== 'string') throw new CborError(`a map key that is not a text string at byte ${this.pos}`);
    out[key] = this.value(depth + 1);
  }

  private tagged(tag: number, depth: number): CborValue {
    if (tag === TAG_SELF_DESCRIBED) return this.value(depth + 1);
    if (tag !== TAG_EPOCH) throw new CborError(`unsupported tag ${tag}`);
    const seconds = this.value(depth + 1);
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new CborError('tag 1 must hold a finite number of seconds');
    const date = new Date(seconds * 1000);
    if (Number.isNaN(date.getTime())) throw new CborError('tag 1 holds a time out of range');
    return date;
  }

  private simple(info: number): CborValue {
    switch (info) {
      case 20: return false;
      case 21: return true;
      case 22: return null;
      case 23: return undefined;
      case 25: this.need(2); this.pos += 2; return halfFloat(this.view.getUint16(this.pos - 2));
      case 26: this.need(4); this.pos += 4; return this.view.getFloat32(this.pos - 4);
      case 27: this.need(8); this.pos += 8; return this.view.getFloat64(this.pos - 8);
      default: throw new CborError(`unsupported simple value ${info}`);
    }
  }
}

function text(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new CborError('a text string that is not valid UTF-8');
  }
}

/** IEEE 754 binary16 → number (RFC 8949 appendix D). */
export function halfFloat(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** One CBOR data item filling all of `bytes`. */
export function decodeCbor(bytes: Uint8Array, limits: CborLimits = DEFAULT_CBOR_LIMITS): CborValue {
  const reader = new Reader(bytes, limits);
  const value = reader.item(0);
  if (value === BREAK_MARK) throw new CborError('unexpected break at byte 0');
  if (!reader.done()) throw new CborError(`${reader.remaining} bytes after the data item`);
  return value;
}

/** A growable buffer the encoder appends to. */
class Writer {
  private buf = Buffer.allocUnsafe(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  head(major: number, value: number): void {
    this.ensure(9);
    const m = major << 5;
    if (value < 24) this.buf[this.len++] = m | value;
    else if (value < 0x100) { this.buf[this.len++] = m | 24; this.buf[this.len++] = value; }
    else if (value < 0x10000) { this.buf[this.len++] = m | 25; this.len = this.buf.writeUInt16BE(value, this.len); }
    else if (value < 0x100000000) { this.buf[this.len++] = m | 26; this.len = this.buf.writeUInt32BE(value, this.len); }
    else { this.buf[this.len++] = m | 27; this.len = this.buf.writeBigUInt64BE(BigInt(value), this.len); }
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  double(v: number): void {
    this.ensure(9);
    this.buf[this.len++] = 0xfb;
    this.len = this.buf.writeDoubleBE(v, this.len);
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  result(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

function writeNumber(w: Writer, v: number): void {
  // Integers within 2^53 go as integers (what Smithy's integer and long shapes expect); the rest as doubles.
  if (Number.isSafeInteger(v)) w.head(v < 0 ? 1 : 0, v < 0 ? -1 - v : v);
  else w.double(v);
}

function writeValue(w: Writer, v: CborValue): void {
  if (v === null || v === undefined) return w.byte(0xf6);
  if (typeof v === 'boolean') return w.byte(v ? 0xf5 : 0xf4);
  if (typeof v === 'number') return writeNumber(w, v);
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    w.head(3, b.length);
    return w.bytes(b);
  }
  if (v instanceof Uint8Array) {
    w.head(2, v.length);
    return w.bytes(v);
  }
  if (v instanceof Date) {
    w.head(6, TAG_EPOCH);
    return writeNumber(w, v.getTime() / 1000);
  }
  if (Array.isArray(v)) {
    w.head(4, v.length);
    for (const item of v) writeValue(w, item);
    return;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  w.head(5, entries.length);
  for (const [k, x] of entries) {
    writeValue(w, k);
    writeValue(w, x);
  }
}

/** Definite lengths only; map members whose value is undefined are left out. */
export function encodeCbor(value: CborValue): Buffer {
  const w = new Writer();
  writeValue(w, value);
  return w.result();
}
