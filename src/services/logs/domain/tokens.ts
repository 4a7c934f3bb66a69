/**
 * Tokens and event ids, in AWS's shapes.
 *
 * GetLogEvents tokens look like AWS's: `f/<56 digits>/s` (forward) and `b/<56 digits>/s`
 * (backward). The digits are a place between events: a timestamp (20 digits) and an event id
 * (36 digits); the events at or before it are behind it. A forward token reads the events
 * after its place, a backward token those at or before it, so the two tokens of one page
 * meet exactly at its edges. A read that finds nothing answers the token it was given, which
 * is how AWS says "the end of the stream".
 *
 * FilterLogEvents' eventId is 56 digits too (the event's own key); its nextToken is opaque.
 */
import { decodeToken, encodeToken } from '../../../platform/aws/pagination.js';
import { EventKey } from './events/event-store.js';

export type Direction = 'f' | 'b';

const TOKEN = /^([fb])\/(\d{56})\/s$/;
const TIME_DIGITS = 20;
const ID_DIGITS = 36;

function digits(key: EventKey): string {
  return String(key.timestamp).padStart(TIME_DIGITS, '0') + String(key.id).padStart(ID_DIGITS, '0');
}

function keyOf(text: string): EventKey | undefined {
  const timestamp = Number(text.slice(0, TIME_DIGITS));
  const id = Number(text.slice(TIME_DIGITS));
  return Number.isSafeInteger(timestamp) && Number.isSafeInteger(id) ? { timestamp, id } : undefined;
}

export function streamToken(direction: Direction, place: EventKey): string {
  return `${direction}/${digits(place)}/s`;
}

export function parseStreamToken(token: string): { direction: Direction; place: EventKey } | undefined {
  const m = TOKEN.exec(token);
  const place = m ? keyOf(m[2]) : undefined;
  return m && place ? { direction: m[1] as Direction, place } : undefined;
}

/** The place just before an event: every event before it, not the event itself. */
export const placeBefore = (e: EventKey): EventKey => ({ timestamp: e.timestamp, id: e.id - 1 });

export const eventId = (e: EventKey): string => digits(e);

export function filterToken(after: EventKey): string {
  return encodeToken(`${after.timestamp}/${after.id}`);
}

export function parseFilterToken(token: string): EventKey | undefined {
  const [time, id, extra] = (decodeToken(token) ?? '').split('/');
  const key = { timestamp: Number(time), id: Number(id) };
  return extra === undefined && Number.isSafeInteger(key.timestamp) && Number.isSafeInteger(key.id) && time !== '' && id !== '' ? key : undefined;
}
