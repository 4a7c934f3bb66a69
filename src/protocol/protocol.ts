/**
 * One Protocol per AWS wire protocol. The protocol is chosen per request: the gateway
 * takes the first of the service's protocols that accepts the request, asks it to name
 * the operation, then to parse the input and write the output or error.
 */
import { IncomingHttpHeaders } from 'node:http';
import { ServiceModel } from './model.js';
import { ServiceError } from './errors.js';

export interface WireRequest {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  /** Repeated headers kept apart, as SigV4 canonicalisation needs them. */
  headersDistinct: Record<string, string[] | undefined>;
  body: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface Protocol {
  /** The family whose authentication error codes apply (rpc-v2-cbor answers like json). */
  readonly family: 'json' | 'query' | 'rest-json' | 'rest-xml';
  /** Whether the request is framed in this protocol (services may accept several, e.g. CloudWatch). */
  accepts(req: WireRequest): boolean;
  /** The operation name the request asks for, or undefined when it names none. */
  operationName(req: WireRequest, model: ServiceModel): string | undefined;
  parseInput(req: WireRequest, model: ServiceModel, operation: string): unknown;
  /** requestId: protocols that carry it in the body (awsQuery's ResponseMetadata) write it there. */
  writeOutput(model: ServiceModel, operation: string, output: unknown, requestId?: string): WireResponse;
  writeError(model: ServiceModel, error: ServiceError, requestId?: string): WireResponse;
}
