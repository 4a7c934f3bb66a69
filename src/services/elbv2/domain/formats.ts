/**
 * Value formats shared by the API checks and the data plane, which checks stored values
 * again before any of them reaches HAProxy's configuration (a record could have been
 * written by something other than the API).
 */
import { isIP } from 'node:net';

/** ALB rules and settings take visible ASCII only: no C0 control characters, no DEL. */
export const CONTROL = /[\x00-\x1f\x7f]/;

/** AWS: A–Z, hyphen and underscore, at most 40 characters; case sensitive. */
export const HTTP_METHOD = /^[A-Z_-]{1,40}$/;

/** An RFC 7230 token of at most 40 characters (AWS's limit for HttpHeaderName). */
export const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/;

/** An IPv4 or IPv6 CIDR block: an address, "/", and a prefix length within the family's bits. */
export function isCidr(value: string): boolean {
  const m = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/.exec(value);
  if (!m) return false;
  const family = isIP(m[1]);
  return family !== 0 && Number(m[2]) <= (family === 4 ? 32 : 128);
}

/**
 * A whole number in [min, max], given as a number or as plain decimal digits; anything else
 * (`1e3`, `0x50`, `+80`, ` 80`, `80.0`) is undefined, where Number() would have accepted it.
 */
export function decimalIn(value: unknown, min: number, max: number): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** A value for an error message: control characters written as JSON escapes, so a message never carries one. */
export function shown(value: string): string {
  return value.replace(/[\x00-\x1f\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
