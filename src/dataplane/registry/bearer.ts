/**
 * Bearer tokens of the Docker token flow (`/v2/token`): the caller's account and access key
 * (or none, for an anonymous caller) and the scopes the token endpoint granted. They are an HMAC keyed by
 * a secret derived from Berth's root secret, like the ECR tokens, so they survive restarts
 * and die with a credential rotation; a different key prefix keeps the two kinds apart.
 */
import { createHmac } from 'node:crypto';
import { TokenKey, verifiedPayload } from '../../services/ecr/domain/token.js';

/** Short-lived: clients fetch a new one when it expires (Docker Hub also uses 300 s). */
export const BEARER_TTL_S = 300;

/** One `type:name:actions` entry (`repository:team/web:pull,push`, `registry:catalog:*`). */
export interface Scope { type: string; name: string; actions: string[] }

export interface BearerClaims {
  /** Account id; '' for an anonymous token. */
  sub: string;
  /** The access key of the ECR token it was issued for: requests are authorized for its principal. Absent when anonymous. */
  key?: string;
  access: Scope[];
  iat: number;
  exp: number;
}

/** Parses `scope` query values: repeated, or several separated by spaces (the OAuth form). Malformed entries are skipped. */
export function parseScopes(values: string[]): Scope[] {
  const out: Scope[] = [];
  for (const item of values.flatMap((v) => v.split(' ')).filter(Boolean)) {
    const first = item.indexOf(':');
    const last = item.lastIndexOf(':');
    if (first <= 0 || last === first) continue;
    // A resource class (`repository(plugin)`) does not change what Berth grants.
    const type = item.slice(0, first).replace(/\(.*\)$/, '');
    const name = item.slice(first + 1, last);
    const actions = [...new Set(item.slice(last + 1).split(',').filter(Boolean))];
    if (name && actions.length) out.push({ type, name, actions });
  }
  return out;
}

export function formatScope(s: Scope): string {
  return `${s.type}:${s.name}:${s.actions.join(',')}`;
}

/** Whether the granted scopes include `action` on `type:name` ('*' grants every action). */
export function scopeAllows(scopes: Scope[], type: string, name: string, action: string): boolean {
  return scopes.some((s) => s.type === type && s.name === name && (s.actions.includes(action) || s.actions.includes('*')));
}

function mac(key: TokenKey, payload: string): string {
  return createHmac('sha256', `berth-ecr-bearer:${key.secret}`).update(payload).digest('base64url');
}

/** A token for the holder of `accessKeyId`, or an anonymous one when it is undefined. */
export function signBearer(key: TokenKey, accessKeyId: string | undefined, access: Scope[], now: Date): { token: string; expiresIn: number; issuedAt: string } {
  const iat = Math.floor(now.getTime() / 1000);
  const holder = accessKeyId === undefined ? { sub: '' } : { sub: key.accountId, key: accessKeyId };
  const claims: BearerClaims = { ...holder, access, iat, exp: iat + BEARER_TTL_S };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { token: `${payload}.${mac(key, payload)}`, expiresIn: BEARER_TTL_S, issuedAt: new Date(iat * 1000).toISOString() };
}

/** The claims of a genuine, unexpired token of this account (or anonymous), else undefined. */
export function verifyBearer(key: TokenKey, token: string, now: Date): BearerClaims | undefined {
  const payload = verifiedPayload(token, (p) => mac(key, p));
  if (payload === undefined) return undefined;
  try {
    const c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as BearerClaims;
    if (typeof c.exp !== 'number' || c.exp * 1000 <= now.getTime() || !Array.isArray(c.access)) return undefined;
    if (c.sub !== '' && (c.sub !== key.accountId || typeof c.key !== 'string' || c.key === '')) return undefined;
    return c;
  } catch {
    return undefined;
  }
}

/** Reads `Authorization: Bearer <token>`; undefined when the header is not a Bearer one. */
export function bearerCredential(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : undefined;
}
