/**
 * Container output lines into CloudWatch events, as Docker's awslogs driver makes them
 * (daemon/logger/awslogs collectBatch and processEvent):
 *
 * - one event per line, stamped with the line's time in milliseconds; an empty line makes none;
 * - with a multi-line pattern, a line that matches it (or that would push the open event past
 *   the event size) starts a new event; every line joins the open one followed by `\n`. The open
 *   event is closed by the next start, by the end of the output, or when it has waited
 *   `flushIntervalMs` (the caller asks with `flushOlderThan`);
 * - an event over 262,118 bytes (256 KiB less AWS's 26-byte overhead) is split, at character
 *   boundaries, into events with the same timestamp.
 *
 * Each result names the line times it used up, so the shipper knows how far its position may
 * move once the events are stored.
 */
import { TextSearch } from '../linear-regex.js';

export const MAX_EVENT_BYTES = 262_144 - 26;

export interface InputLine {
  /** The engine's RFC 3339 time of the line (its position). */
  time: string;
  text: string;
}

export interface Shipment {
  events: { timestamp: number; message: string }[];
  /** The times of the lines these events came from. */
  lines: string[];
}

interface OpenEvent {
  timestamp: number;
  message: string;
  bytes: number;
  lines: string[];
}

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');
const millisOf = (time: string) => Date.parse(time);

/** A message cut into pieces of at most MAX_EVENT_BYTES, never inside a character. */
export function splitMessage(message: string): string[] {
  if (bytesOf(message) <= MAX_EVENT_BYTES) return message === '' ? [] : [message];
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  let i = 0;
  for (const c of message) {
    const size = bytesOf(c);
    if (bytes + size > MAX_EVENT_BYTES) {
      pieces.push(message.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += c.length;
  }
  pieces.push(message.slice(start));
  return pieces;
}

export class EventAssembler {
  private open?: OpenEvent;

  constructor(private readonly multiline?: TextSearch) {}

  /** What this line completes: its own event, or (multi-line) the event it closes. */
  push(line: InputLine): Shipment[] {
    const timestamp = millisOf(line.time);
    if (!this.multiline) return [{ events: splitMessage(line.text).map((message) => ({ timestamp, message })), lines: [line.time] }];
    const bytes = bytesOf(line.text);
    const done: Shipment[] = [];
    if (this.open && (this.multiline.test(line.text) || this.open.bytes + bytes > MAX_EVENT_BYTES)) done.push(...this.flush());
    const text = bytes < MAX_EVENT_BYTES ? `${line.text}\n` : line.text;
    this.open ??= { timestamp, message: '', bytes: 0, lines: [] };
    this.open.message += text;
    this.open.bytes += bytes + (text.length > line.text.length ? 1 : 0);
    this.open.lines.push(line.time);
    return done;
  }

  /** Closes the open event when it started at or before `cutoff` (epoch ms). */
  flushOlderThan(cutoff: number): Shipment[] {
    return this.open && this.open.timestamp <= cutoff ? this.flush() : [];
  }

  /** Closes the open event, if any. */
  flush(): Shipment[] {
    const open = this.open;
    this.open = undefined;
    if (!open) return [];
    return [{ events: splitMessage(open.message).map((message) => ({ timestamp: open.timestamp, message })), lines: open.lines }];
  }
}
