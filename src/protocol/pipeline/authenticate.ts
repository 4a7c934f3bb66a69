/**
 * Steps 2 and 4: SigV4. Before the body, everything but the signature (known key, date
 * and skew, a scope naming this service, a real region and aws4_request); after it, the
 * signature over the body's hash.
 */
import { createHash } from 'node:crypto';
import { ServiceError } from '../errors.js';
import { verifySigV4 } from '../sigv4.js';
import { sigv4WireError } from '../sigv4-errors.js';
import { Env, Exchange, Reply } from './exchange.js';

function verify(x: Exchange, env: Env, headersOnly: boolean) {
  const payloadHash = headersOnly ? '' : createHash('sha256').update(x.wire.body).digest('hex');
  const { method, path, query, headersDistinct } = x.wire;
  return verifySigV4({ method, path, query, headers: headersDistinct, payloadHash }, (id) => env.credentials.secretFor(id), env.now(), { service: x.service!.name, headersOnly });
}

export function authenticateHeaders(x: Exchange, env: Env): void {
  if (!x.service) return;
  const result = verify(x, env, true);
  if (!result.ok) x.headerFailure = result.failure;
}

export function authenticate(x: Exchange, env: Env): Reply | void {
  const result = verify(x, env, false);
  if (result.ok) {
    x.identity = result.identity;
    return;
  }
  const e = sigv4WireError(result.failure, x.protocol!.family);
  throw new ServiceError(e.code, e.message, e.status);
}
