/**
 * Steps 2 and 4: SigV4. Before the body, everything but the signature (known key, date
 * and skew, a scope naming this service, a real region and aws4_request); after it, the
 * signature over the body's hash, from what the first step already parsed.
 */
import { createHash } from 'node:crypto';
import { ServiceError } from '../errors.js';
import { MESSAGES, verifySigV4Headers } from '../sigv4.js';
import { sigv4WireError } from '../sigv4-errors.js';
import { Env, Exchange, Reply } from './exchange.js';

export function authenticateHeaders(x: Exchange, env: Env): void {
  if (!x.service) return;
  const { method, path, query, headersDistinct } = x.wire;
  const result = verifySigV4Headers({ method, path, query, headers: headersDistinct }, (id) => env.credentials.secretFor(id), env.now(), { service: x.service.name });
  if (!result.ok) x.headerFailure = result.failure;
  else if (!carriesSessionToken(x, env, result.headers.identity.accessKeyId)) x.headerFailure = { code: 'UnrecognizedClient', message: MESSAGES.unrecognizedClient };
  else x.sigv4 = result.headers;
}

/** A temporary key is good only with its own session token; a long-term key needs none. */
function carriesSessionToken(x: Exchange, env: Env, accessKeyId: string): boolean {
  const expected = env.credentials.sessionTokenFor?.(accessKeyId);
  if (expected === undefined) return true;
  const header = x.wire.headersDistinct['x-amz-security-token']?.[0];
  const presented = header ?? new URLSearchParams(x.wire.query).get('X-Amz-Security-Token') ?? undefined;
  return presented === expected;
}

export function authenticate(x: Exchange): Reply | void {
  // The body step answers a header failure itself, so only a request that passed gets here.
  if (!x.sigv4) throw new Error('authenticate ran before authenticate headers');
  const result = x.sigv4.checkSignature(createHash('sha256').update(x.wire.body).digest('hex'));
  if (result.ok) {
    x.identity = result.identity;
    return;
  }
  const e = sigv4WireError(result.failure, x.protocol!.family);
  throw new ServiceError(e.code, e.message, e.status);
}
