/**
 * Request compression (Smithy's `requestCompression` trait): SDKs gzip large bodies of
 * operations such as CloudWatch PutMetricData and say so with `Content-Encoding: gzip`. The
 * signature covers the compressed bytes, so the body is inflated only for the protocol that
 * reads it, never before authentication. Inflation stops at the edge's body cap, so a small
 * gzip bomb costs at most that much memory.
 */
import { gunzipSync } from 'node:zlib';
import { ServiceError } from './errors.js';
import { ServiceModel } from './model.js';
import { Protocol, WireRequest, WireResponse } from './protocol.js';

const inflatedRequests = new WeakMap<WireRequest, WireRequest>();

function isGzip(req: WireRequest): boolean {
  const encoding = req.headers['content-encoding'];
  return typeof encoding === 'string' && encoding.split(',').some((e) => e.trim().toLowerCase() === 'gzip');
}

/** The request with its body inflated when it is gzip (the same object for every call on one request). */
function inflated(req: WireRequest, maxBytes: number): WireRequest {
  if (!isGzip(req) || req.body.length === 0) return req;
  const known = inflatedRequests.get(req);
  if (known) return known;
  let body: Buffer;
  try {
    body = gunzipSync(req.body, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ServiceError('RequestEntityTooLarge', `Request body must be at most ${maxBytes} bytes once decompressed.`, 413);
    throw new ServiceError('SerializationException', 'The request body is not valid gzip.', 400);
  }
  const out = { ...req, body };
  inflatedRequests.set(req, out);
  return out;
}

/** `protocol`, reading gzip request bodies inflated to at most `maxBytes`. */
export function acceptingGzip(protocol: Protocol, maxBytes: number): Protocol {
  return {
    family: protocol.family,
    accepts: (req: WireRequest) => protocol.accepts(req),
    operationName: (req: WireRequest, model: ServiceModel) => protocol.operationName(inflated(req, maxBytes), model),
    parseInput: (req: WireRequest, model: ServiceModel, operation: string) => protocol.parseInput(inflated(req, maxBytes), model, operation),
    writeOutput: (model: ServiceModel, operation: string, output: unknown, requestId?: string): WireResponse => protocol.writeOutput(model, operation, output, requestId),
    writeError: (model: ServiceModel, error, requestId?: string): WireResponse => protocol.writeError(model, error, requestId),
  };
}
