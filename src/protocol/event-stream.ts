/**
 * The AWS event stream encoding (`application/vnd.amazon.eventstream`), as streaming
 * operations such as Logs' StartLiveTail answer: a sequence of self-delimiting messages, each
 *
 *   total length (u32) | headers length (u32) | prelude CRC32 | headers | payload | message CRC32
 *
 * all big-endian, the CRCs over everything before them. Headers are name (u8 length, UTF-8),
 * type, value; only the types the edge sends are written: string (7), boolean (0/1) and
 * timestamp (8). Messages are bounded as AWS bounds them (headers 128 KiB, whole message
 * 16 MiB); a caller building a larger one has a bug, so it throws.
 */
import { crc32 } from 'node:zlib';

export type HeaderValue = string | boolean | Date;

export interface EventStreamMessage {
  headers: Record<string, HeaderValue>;
  payload: Buffer;
}

const PRELUDE_BYTES = 12;
const CRC_BYTES = 4;
export const MAX_HEADERS_BYTES = 128 * 1024;
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

const enum HeaderType { True = 0, False = 1, Timestamp = 8, String = 7 }

function encodeHeader(name: string, value: HeaderValue): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length === 0 || nameBytes.length > 255) throw new RangeError(`event stream header name must be 1 to 255 bytes: ${name}`);
  const head = Buffer.concat([Buffer.of(nameBytes.length), nameBytes]);
  if (typeof value === 'boolean') return Buffer.concat([head, Buffer.of(value ? HeaderType.True : HeaderType.False)]);
  if (value instanceof Date) {
    const body = Buffer.alloc(9);
    body.writeUInt8(HeaderType.Timestamp, 0);
    body.writeBigInt64BE(BigInt(value.getTime()), 1);
    return Buffer.concat([head, body]);
  }
  const text = Buffer.from(value, 'utf8');
  if (text.length > 0x7fff) throw new RangeError(`event stream header ${name} is longer than 32767 bytes`);
  const body = Buffer.alloc(3);
  body.writeUInt8(HeaderType.String, 0);
  body.writeUInt16BE(text.length, 1);
  return Buffer.concat([head, body, text]);
}

/** One message, framed and checksummed. */
export function encodeMessage(message: EventStreamMessage): Buffer {
  const headers = Buffer.concat(Object.entries(message.headers).map(([name, value]) => encodeHeader(name, value)));
  if (headers.length > MAX_HEADERS_BYTES) throw new RangeError(`event stream headers exceed ${MAX_HEADERS_BYTES} bytes`);
  const total = PRELUDE_BYTES + headers.length + message.payload.length + CRC_BYTES;
  if (total > MAX_MESSAGE_BYTES) throw new RangeError(`event stream message exceeds ${MAX_MESSAGE_BYTES} bytes`);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headers.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  headers.copy(out, PRELUDE_BYTES);
  message.payload.copy(out, PRELUDE_BYTES + headers.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - CRC_BYTES)), total - CRC_BYTES);
  return out;
}

/** An event of a streaming output: its member name and its JSON (or other) payload. */
export function eventMessage(eventType: string, payload: Buffer, contentType = 'application/json'): Buffer {
  return encodeMessage({ headers: { ':message-type': 'event', ':event-type': eventType, ':content-type': contentType }, payload });
}

/** A modeled exception inside the stream (a member of the stream union marked as an error). */
export function exceptionMessage(exceptionType: string, payload: Buffer, contentType = 'application/json'): Buffer {
  return encodeMessage({ headers: { ':message-type': 'exception', ':exception-type': exceptionType, ':content-type': contentType }, payload });
}

/** An error the stream's model does not name: the SDK raises it by code and message. */
export function errorMessage(code: string, message: string): Buffer {
  return encodeMessage({ headers: { ':message-type': 'error', ':error-code': code, ':error-message': message }, payload: Buffer.alloc(0) });
}
