/**
 * What a service gives the edge, and what a handler gets per request. Handlers import
 * this, never the gateway or the pipeline.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { CallScope } from '../iam/call-scope.js';
import { ServiceModel } from './model.js';
import { Protocol } from './protocol.js';

export interface RequestContext {
  requestId: string;
  region: string;
  accountId: string;
  accessKeyId: string;
  now: Date;
}

/**
 * A handler with its types erased, as the pipeline holds it: the parse step has checked the
 * input against the operation's model, so `callHandler` hands it on as the handler's own type.
 */
export type Handler = (input: never, ctx: RequestContext) => unknown | Promise<unknown>;

/** Calls a service's handler with an input its model has validated (or a test built). */
export function callHandler(handler: Handler, input: unknown, ctx: RequestContext): unknown | Promise<unknown> {
  return handler(input as never, ctx);
}

/** An operation's input and output, as the generated contracts (./generated/<service>.ts) declare them. */
export interface OperationContract { input: unknown; output: unknown }

/**
 * A service's handlers typed by its contracts: each takes the operation's input type and
 * returns its output type (stored documents may carry more: the serializer keeps only model
 * members, and strict mode fails on unknown ones).
 */
export type TypedHandlers<Ops extends { [K in keyof Ops]: OperationContract }> = {
  [K in keyof Ops]?: (input: Ops[K]['input'], ctx: RequestContext) => Ops[K]['output'] | Promise<Ops[K]['output']>;
};

export interface ServiceDefinition {
  /** SigV4 signing name, e.g. "ecs". */
  name: string;
  /** IAM action prefix when it differs from the signing name (CloudWatch signs as "monitoring"). */
  iamPrefix?: string;
  model: ServiceModel;
  /** The protocols the service speaks; the first is used when a request fits none. */
  protocols: Protocol[];
  /** By operation name; an operation without one answers 501. */
  handlers: Partial<Record<string, Handler>>;
  /**
   * What a call touches, for IAM: the resource ARNs its action is authorized on and the
   * service's condition keys (`ecs:cluster`…). Without it, or for an operation it does
   * not know, the resource is `*`.
   */
  authorization?: (operation: string, input: unknown, ctx: RequestContext) => CallScope | undefined;
}

/** Serves a path prefix outside the AWS API (e.g. the registry's /v2/). */
export type RawRoute = (req: IncomingMessage, res: ServerResponse) => void;
