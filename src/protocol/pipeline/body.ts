/** Reads a request body into memory, or drains it unread, refusing it once it passes `limit` bytes. */
import { IncomingMessage } from 'node:http';
import { ServiceError } from '../errors.js';
import { ServiceModel } from '../model.js';
import { WireResponse } from '../protocol.js';
import { QueryProtocol } from '../query-protocol.js';
import { verifySigV4Headers } from '../sigv4.js';
import { sigv4WireError } from '../sigv4-errors.js';
import { Env, Exchange, Reply } from './exchange.js';
import { serializeError } from './serialize.js';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The declared Content-Length, when there is a valid one. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** keep=false: the bytes are counted and dropped (a request refused on its headers needs no body). */
export function readBody(req: IncomingMessage, limit: number, keep = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if ((declaredLength(req) ?? 0) > limit) return reject(new BodyTooLargeError(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.off('data', onData);
        reject(new BodyTooLargeError(limit));
        return;
      }
      if (keep) chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// The largest AWS API bodies Berth takes are ECR layer parts; everything else is far smaller.
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Step 3: the body. A request that reached no service or failed the header check is
 * drained, never stored, and refused; one over the cap is refused on its Content-Length
 * (or when the cap is passed) and its connection closed.
 */
export async function body(x: Exchange, env: Env): Promise<Reply | void> {
  const refused = !x.service || x.headerFailure !== undefined;
  try {
    x.wire.body = await readBody(x.incoming, MAX_BODY_BYTES, !refused);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    env.log.debug('request body over the limit; connection closed', { requestId: x.requestId, limit: err.limit });
    return { response: refused ? refusal(x, env) : tooLarge(x), close: true };
  }
  if (refused) return { response: refusal(x, env) };
  x.protocol = x.service!.protocols.find((p) => p.accepts(x.wire)) ?? x.protocol;
}

function refusal(x: Exchange, env: Env): WireResponse {
  if (!x.service || !x.protocol) return unrouted(x, env);
  const e = sigv4WireError(x.headerFailure!, x.protocol.family);
  return x.protocol.writeError(x.service.model, new ServiceError(e.code, e.message, e.status), x.requestId);
}

function tooLarge(x: Exchange): WireResponse {
  return x.protocol!.writeError(x.service!.model, new ServiceError('RequestEntityTooLarge', `Request body must be at most ${MAX_BODY_BYTES} bytes.`, 413), x.requestId);
}

const QUERY = new QueryProtocol();
/** No awsQuery model in particular: the error is the same for every awsQuery service. */
const ANY_QUERY_SERVICE: ServiceModel = { source: '', metadata: { apiVersion: '', endpointPrefix: '', protocol: 'query', serviceId: '' }, operations: {}, shapes: {} };

/**
 * A request no service claims. An awsQuery request names its service only in its SigV4
 * scope, so an unsigned (or unreadably signed) one reaches none: it gets the signature error
 * every awsQuery service gives, in XML its client can read, not the JSON "not recognized".
 */
function unrouted(x: Exchange, env: Env): WireResponse {
  const unknown = new ServiceError('UnknownOperationException', 'The requested service or operation is not recognized.', 400);
  if (!QUERY.accepts(x.wire)) return serializeError(x, undefined, unknown);
  const { method, path, query, headersDistinct } = x.wire;
  const checked = verifySigV4Headers({ method, path, query, headers: headersDistinct }, (id) => env.credentials.secretFor(id), env.now());
  if (checked.ok) return QUERY.writeError(ANY_QUERY_SERVICE, unknown, x.requestId);
  const e = sigv4WireError(checked.failure, 'query');
  return QUERY.writeError(ANY_QUERY_SERVICE, new ServiceError(e.code, e.message, e.status), x.requestId);
}
