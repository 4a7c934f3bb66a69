/**
 * One Protocol per AWS wire protocol. The gateway asks each registered service's
 * protocol to name the operation, then to parse the input and write the output or error.
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
  /** The family used for authentication error codes. */
  readonly family: 'json' | 'query' | 'rest-json' | 'rest-xml';
  /** The operation name the request asks for, or undefined when it names none. */
  operationName(req: WireRequest, model: ServiceModel): string | undefined;
  parseInput(req: WireRequest, model: ServiceModel, operation: string): unknown;
  writeOutput(model: ServiceModel, operation: string, output: unknown): WireResponse;
  writeError(model: ServiceModel, error: ServiceError): WireResponse;
}
