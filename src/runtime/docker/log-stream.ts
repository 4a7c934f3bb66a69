/**
 * Pure parsing of the engine's `/containers/{id}/logs?timestamps=1` body.
 *
 * Without a TTY the body is multiplexed: frames of an 8-byte header (stream 1 = stdout,
 * 2 = stderr; bytes 4–7 the payload length, big-endian) and a payload. The engine writes one
 * frame per log message, `<RFC 3339 nano time> <text>` ending in `\n` (no newline for a
 * message it split). With a TTY the body is raw: the same `<time> <text>\n` lines, all stdout.
 * Chunks may cut frames and lines anywhere; readers carry the rest to the next chunk.
 */
import { LogLine } from '../runtime.js';

const HEADER = 8;

/** `<time> <text>` (one trailing newline, and a TTY's carriage return, dropped). */
export function parseLogMessage(stream: LogLine['stream'], message: string): LogLine | undefined {
  const space = message.indexOf(' ');
  if (space < 0) return undefined;
  let text = message.slice(space + 1);
  if (text.endsWith('\n')) text = text.slice(0, -1);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  return { stream, time: message.slice(0, space), text };
}

export interface LogStreamReader {
  push(chunk: Buffer): LogLine[];
  /** What a body that ended mid-line still held. */
  end(): LogLine[];
}

export class FrameReader implements LogStreamReader {
  private carry = Buffer.alloc(0);

  push(chunk: Buffer): LogLine[] {
    let buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const lines: LogLine[] = [];
    while (buf.length >= HEADER) {
      const size = buf.readUInt32BE(4);
      if (buf.length < HEADER + size) break;
      const stream = buf[0] === 2 ? 'stderr' : 'stdout';
      const line = parseLogMessage(stream, buf.subarray(HEADER, HEADER + size).toString('utf8'));
      if (line) lines.push(line);
      buf = buf.subarray(HEADER + size);
    }
    this.carry = Buffer.from(buf);
    return lines;
  }

  end(): LogLine[] {
    this.carry = Buffer.alloc(0);
    return [];
  }
}

export class TtyReader implements LogStreamReader {
  private carry = Buffer.alloc(0);

  push(chunk: Buffer): LogLine[] {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const lines: LogLine[] = [];
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      const line = parseLogMessage('stdout', buf.subarray(start, nl).toString('utf8'));
      if (line) lines.push(line);
      start = nl + 1;
    }
    this.carry = Buffer.from(buf.subarray(start));
    return lines;
  }

  end(): LogLine[] {
    const rest = this.carry.toString('utf8');
    this.carry = Buffer.alloc(0);
    const line = rest ? parseLogMessage('stdout', rest) : undefined;
    return line ? [line] : [];
  }
}

/** A LogLine time as the engine's `since` parameter wants it: `<seconds>.<nanoseconds>`. */
export function sinceParameter(time: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  if (!m) throw new RangeError(`not an engine log time: ${time}`);
  const seconds = Date.parse(`${m[1]}Z`) / 1000;
  return `${seconds}.${(m[2] ?? '').padEnd(9, '0')}`;
}
