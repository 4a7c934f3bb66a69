/**
 * One request as it moves through the pipeline: each step reads what earlier steps found
 * and adds its own. `Env` is what every step may use and is the same for all requests.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Authorizer } from '../../iam/authorizer.js';
import { Credentials } from '../../iam/credentials.js';
import { Logger } from '../../platform/log.js';
import { Protocol, WireRequest, WireResponse } from '../protocol.js';
import { RequestContext, ServiceDefinition } from '../service.js';
import { SigV4Failure, SigV4Headers, SigV4Identity } from '../sigv4.js';

export interface Env {
  byTarget: Map<string, ServiceDefinition>;
  bySigningName: Map<string, ServiceDefinition>;
  credentials: Credentials;
  authorizer: Authorizer;
  accountId: string;
  log: Logger;
  now: () => Date;
}

export interface Exchange {
  requestId: string;
  incoming: IncomingMessage;
  wire: WireRequest;
  service?: ServiceDefinition;
  protocol?: Protocol;
  /** The header-only SigV4 check's failure: the body is then drained, not stored. */
  headerFailure?: SigV4Failure;
  /** What the header-only check found: the signature is checked against it after the body. */
  sigv4?: SigV4Headers;
  identity?: SigV4Identity;
  operation?: string;
  ctx?: RequestContext;
  input?: unknown;
  output?: unknown;
}

/** A step's early answer: the pipeline stops and sends it. */
export interface Reply {
  response: WireResponse;
  /** Close the connection after the reply (a body left unread). */
  close?: boolean;
  /** A streaming output: `response` is only the head, then this writes the body as it goes. */
  stream?: (res: ServerResponse) => void;
}

export type Step = (x: Exchange, env: Env) => Reply | void | Promise<Reply | void>;
