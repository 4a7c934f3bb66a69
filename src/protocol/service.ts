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

export type Handler = (input: any, ctx: RequestContext) => unknown | Promise<unknown>;

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

/**
 * Handlers whose inputs are typed by the contracts while their outputs are still the
 * stored documents: the serializer keeps what the model knows, and strict output mode
 * fails on anything else. A service moves to TypedHandlers once its records use the
 * contract types.
 */
export type InputTypedHandlers<Ops extends { [K in keyof Ops]: OperationContract }> = {
  [K in keyof Ops]?: (input: Ops[K]['input'], ctx: RequestContext) => unknown;
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
