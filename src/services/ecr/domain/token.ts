/**
 * Registry authorization tokens (GetAuthorizationToken). The password is the caller's
 * access key id and an expiry, with an HMAC over them keyed by Berth's root secret, so
 * tokens survive restarts without being stored, and rotating the root credentials revokes
 * them. The token stands for the caller's credentials, as AWS's does: each registry request
 * is authorized for the principal behind that key at request time (domain/access-control.ts),
 * and the token dies with the key. base64url has no ':', which `aws ecr get-login-password`
 * requires (it splits `AWS:<password>` on ':').
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isObject } from './json.js';

export const TOKEN_TTL_MS = 12 * 3600 * 1000;

export interface TokenKey { accountId: string; secret: string }

function mac(key: TokenKey, payload: string): string {
  return createHmac('sha256', `berth-ecr-token:${key.secret}`).update(payload).digest('base64url');
}

/** A token for the holder of `accessKeyId` (the caller of GetAuthorizationToken). */
export function issueToken(key: TokenKey, now: Date, accessKeyId: string): { authorizationToken: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS);
  const payload = Buffer.from(JSON.stringify({ a: key.accountId, k: accessKeyId, e: expiresAt.getTime() })).toString('base64url');
  const password = `${payload}.${mac(key, payload)}`;
  return { authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'), expiresAt };
}

/** `<base64url payload>.<base64url sha256 HMAC>`, exactly: nothing before, between or after. */
const SIGNED_RE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

/**
 * Splits a signed token (ECR password or Bearer token) into payload and signature, or
 * undefined unless the text is exactly that shape. A split on '.' alone ignored a third
 * part, so `<token>.anything` verified as the token.
 */
/** The payload of `<payload>.<mac>` when its MAC is the one `macOf` gives (compared in constant time). */
export function verifiedPayload(text: string, macOf: (payload: string) => string): string | undefined {
  const parts = signedParts(text);
  if (!parts) return undefined;
  const [payload, sig] = parts;
  const want = Buffer.from(macOf(payload));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? payload : undefined;
}

export function signedParts(text: string): [payload: string, sig: string] | undefined {
  const m = SIGNED_RE.exec(text);
  return m ? [m[1], m[2]] : undefined;
}

/**
 * The access key a Basic `AWS:<password>` credential was issued to, or undefined if it is not
 * a valid, unexpired token of this account. Tokens without a key (issued before tokens named
 * their caller) are refused: who they stand for is unknown.
 */
export function verifyPassword(key: TokenKey, username: string, password: string, now: Date): string | undefined {
  if (username !== 'AWS') return undefined;
  const payload = verifiedPayload(password, (p) => mac(key, p));
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!isObject(claims)) return undefined;
    const valid = typeof claims.e === 'number' && claims.e > now.getTime() && claims.a === key.accountId && typeof claims.k === 'string' && claims.k !== '';
    return valid ? (claims.k as string) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads `Authorization: Basic base64(user:pass)`. The base64 must be canonical (padding
 * optional): Node's decoder stops at the first '=' and skips stray characters, so without
 * the round-trip check `<credentials>=junk` would read as the credentials.
 */
export function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const bytes = Buffer.from(m[1], 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== m[1].replace(/=+$/, '')) return undefined;
  const text = bytes.toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
