/**
 * What a service gives the edge, and what a handler gets per request. Handlers import
 * this, never the gateway or the pipeline.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceModel } from './model.js';
import { Protocol } from './protocol.js';

export interface RequestContext {
  requestId: string;
  region: string;
  accountId: string;
  accessKeyId: string;
  now: Date;
}

export type Handler = (input: any, ctx: RequestContext) => unknown | Promise<unknown>;

export interface ServiceDefinition {
  /** SigV4 signing name, e.g. "ecs". */
  name: string;
  /** IAM action prefix when it differs from the signing name (CloudWatch signs as "monitoring"). */
  iamPrefix?: string;
  model: ServiceModel;
  /** The protocols the service speaks; the first is used when a request fits none. */
  protocols: Protocol[];
  handlers: Record<string, Handler>;
}

/** Serves a path prefix outside the AWS API (e.g. the registry's /v2/). */
export type RawRoute = (req: IncomingMessage, res: ServerResponse) => void;
