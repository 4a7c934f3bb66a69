/**
 * DER (X.690), as far as X.509 certificates need it: writers for the few universal types a
 * certificate holds, and a reader that walks a certificate's structure. The reader only ever
 * sees DER that Node's X509Certificate (OpenSSL) has already accepted, so it checks bounds but
 * does not re-validate the encoding.
 */

export const TAG = {
  boolean: 0x01, integer: 0x02, bitString: 0x03, octetString: 0x04, null: 0x05, oid: 0x06,
  utf8String: 0x0c, printableString: 0x13, ia5String: 0x16, utcTime: 0x17, generalizedTime: 0x18,
  sequence: 0x30, set: 0x31,
} as const;

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
export const sequence = (...items: Buffer[]) => tlv(TAG.sequence, Buffer.concat(items));
export const set = (...items: Buffer[]) => tlv(TAG.set, Buffer.concat(items));
export const boolean = (value: boolean) => tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
export const octetString = (bytes: Buffer) => tlv(TAG.octetString, bytes);
export const nullValue = () => tlv(TAG.null, Buffer.alloc(0));
export const utf8String = (text: string) => tlv(TAG.utf8String, Buffer.from(text, 'utf8'));
export const printableString = (text: string) => tlv(TAG.printableString, Buffer.from(text, 'latin1'));
export const ia5String = (text: string) => tlv(TAG.ia5String, Buffer.from(text, 'latin1'));
/** `[n]` wrapping a whole encoding (EXPLICIT tagging). */
export const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);
/** `[n]` replacing a primitive type's tag (IMPLICIT tagging), e.g. a dNSName. */
export const implicitPrimitive = (n: number, body: Buffer) => tlv(0x80 | n, body);

/** An unsigned big-endian number as a DER INTEGER: no redundant leading zeros, a zero added when the top bit is set. */
export function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const body = bytes.subarray(start);
  return tlv(TAG.integer, body[0] & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
}

export const smallInteger = (n: number) => unsignedInteger(Buffer.from([n]));

export function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(TAG.oid, Buffer.from(bytes));
}

/** A BIT STRING of whole bytes (keys, signatures). */
export const bitString = (bytes: Buffer) => tlv(TAG.bitString, Buffer.concat([Buffer.from([0]), bytes]));

/** A BIT STRING of named bits (bit 0 first, as KeyUsage numbers them), trailing zero bits dropped as DER requires. */
export function namedBits(bits: number[]): Buffer {
  const last = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(last / 8) + 1);
  for (const b of bits) bytes[Math.floor(b / 8)] |= 0x80 >> (b % 8);
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([7 - (last % 8)]), bytes]));
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050 ? tlv(TAG.utcTime, Buffer.from(iso.slice(2), 'latin1')) : tlv(TAG.generalizedTime, Buffer.from(iso, 'latin1'));
}

export interface DerNode {
  tag: number;
  /** The contents octets. */
  body: Buffer;
  /** The whole encoding, tag and length included. */
  raw: Buffer;
}

/** The element starting at `offset`. */
export function readNode(buf: Buffer, offset = 0): DerNode {
  if (offset + 2 > buf.length) throw new Error('DER: truncated');
  const tag = buf[offset];
  let length = buf[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || offset + 2 + count > buf.length) throw new Error('DER: bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[offset + 2 + i];
    header += count;
  }
  const end = offset + header + length;
  if (end > buf.length) throw new Error('DER: truncated');
  return { tag, body: buf.subarray(offset + header, end), raw: buf.subarray(offset, end) };
}

/** The elements a constructed node holds, in order. */
export function childrenOf(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let at = 0; at < node.body.length; at += out[out.length - 1].raw.length) out.push(readNode(node.body, at));
  return out;
}

export function oidText(body: Buffer): string {
  const arcs = [Math.floor(body[0] / 40), body[0] % 40];
  let value = 0;
  for (const byte of body.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** The bit numbers set in a BIT STRING's contents (bit 0 is the top bit of the first byte). */
export function setBits(body: Buffer): number[] {
  const bits: number[] = [];
  const bytes = body.subarray(1);
  for (let i = 0; i < bytes.length * 8 - body[0]; i++) if (bytes[Math.floor(i / 8)] & (0x80 >> (i % 8))) bits.push(i);
  return bits;
}
