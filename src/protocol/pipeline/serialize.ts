/**
 * The last step: the output in the request's protocol, or the error. Errors are AWS's when
 * a step threw a ServiceError; anything else is an internal error, logged with the request
 * id and answered as InternalFailure 500.
 */
import { ServiceError } from '../errors.js';
import { EVENT_STREAM_CONTENT_TYPE, EventStreamOutput, runEventStream } from '../event-stream-output.js';
import { WireResponse } from '../protocol.js';
import { Env, Exchange, Reply } from './exchange.js';

export function serialize(x: Exchange): WireResponse {
  return x.protocol!.writeOutput(x.service!.model, x.operation!, x.output, x.requestId);
}

/** A streaming output: the head now, the events as the handler sends them (../event-stream-output.ts). */
export function serializeStream(x: Exchange, env: Env, output: EventStreamOutput): Reply {
  const target = { model: x.service!.model, operation: x.operation!, requestId: x.requestId, log: env.log };
  return { response: { status: 200, headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE }, body: '' }, stream: (res) => runEventStream(res, output, target) };
}

export function serializeError(x: Exchange, env: Env | undefined, err: unknown): WireResponse {
  if (!(err instanceof ServiceError)) {
    env?.log.error('internal error', { requestId: x.requestId, service: x.service?.name, operation: x.operation, err });
  }
  const error = err instanceof ServiceError ? err : new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
  if (!x.service || !x.protocol) return jsonError(error);
  return x.protocol.writeError(x.service.model, error, x.requestId);
}

/** For requests that reached no service: answered as the JSON services answer. */
function jsonError(e: ServiceError): WireResponse {
  return { status: e.status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': e.code }, body: JSON.stringify({ __type: e.code, message: e.message }) };
}
