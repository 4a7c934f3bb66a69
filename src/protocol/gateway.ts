/**
 * The edge: one HTTP port for every AWS service. Each request goes through
 * route (which service) → SigV4 headers check → read body (drained, not stored, when the
 * headers fail) → authenticate (SigV4) → operation → parse → authorize (IAM action) →
 * handler → write.
 * Handlers throw ServiceError for AWS errors; anything else becomes InternalFailure 500.
 */
import { createHash, randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '../platform/log.js';
import { ServiceError } from './errors.js';
import { ServiceModel } from './model.js';
import { Protocol, WireRequest, WireResponse } from './protocol.js';
import { SigV4Failure, signingScope, verifySigV4 } from './sigv4.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { authorizeCall } from './authorize.js';
import { Authorizer, rootOnlyAuthorizer } from '../iam/authorizer.js';
import { Principal, rootPrincipal } from '../iam/principal.js';
import { sigv4WireError } from './sigv4-errors.js';

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

export interface Credentials {
  secretFor(accessKeyId: string): string | undefined;
  /** Who a verified key belongs to; without it, every key is the account root. */
  principalFor?(accessKeyId: string, accountId: string): Principal;
}

/** Serves a path prefix outside the AWS API (e.g. the registry's /v2/). */
export type RawRoute = (req: IncomingMessage, res: ServerResponse) => void;

export interface GatewayOptions {
  services: ServiceDefinition[];
  credentials: Credentials;
  accountId: string;
  log: Logger;
  now?: () => Date;
  rawRoutes?: Record<string, RawRoute>;
  /** Decides every call after its input is parsed; default: the account root only. */
  authorizer?: Authorizer;
}

// The largest AWS API bodies Berth takes are ECR layer parts; everything else is far smaller.
const MAX_BODY_BYTES = 10 * 1024 * 1024;
// Until the signature's headers check out (known key, fresh date, right scope) a body is not
// stored, only drained so that the client can read the error reply on a live connection.

/** A request as far as it can be judged before its body is read. */
interface Routed {
  requestId: string;
  wire: WireRequest;
  service?: ServiceDefinition;
  protocol?: Protocol;
  /** The failure of the header-only SigV4 check, if any. */
  authFailure?: SigV4Failure;
}

export class Gateway {
  private readonly byTarget = new Map<string, ServiceDefinition>();
  private readonly bySigningName = new Map<string, ServiceDefinition>();
  private readonly now: () => Date;

  constructor(private readonly opts: GatewayOptions) {
    for (const s of opts.services) {
      if (s.model.metadata.targetPrefix) this.byTarget.set(s.model.metadata.targetPrefix, s);
      this.bySigningName.set(s.name, s);
    }
    this.now = opts.now ?? (() => new Date());
  }

  /** The node:http request listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    for (const [prefix, route] of Object.entries(this.opts.rawRoutes ?? {})) {
      if (url.startsWith(prefix)) return route(req, res);
    }
    if (url === '/_berth/health') return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"running"}' }, randomUUID());
    const routed = this.routeHead(req);
    const refused = !routed.service || routed.authFailure !== undefined;
    readBody(req, MAX_BODY_BYTES, !refused)
      .then((body) => this.respond({ ...routed, wire: { ...routed.wire, body } }))
      .then((response) => send(res, response, routed.requestId))
      .catch((err) => {
        if (err instanceof BodyTooLargeError) {
          this.opts.log.debug('request body over the limit; connection closed', { requestId: routed.requestId, limit: err.limit });
          // The early reply is the one the client can act on: its auth error, or 413 when it was authentic.
          const response = routed.authFailure || !routed.service ? this.earlyError(routed) : tooLarge(routed);
          send(res, { ...response, headers: { ...response.headers, connection: 'close' } }, routed.requestId);
          res.once('finish', () => req.destroy());
          return;
        }
        this.opts.log.warn('request failed before routing', { requestId: routed.requestId, error: String(err) });
        if (!res.headersSent) send(res, { status: 400, headers: { connection: 'close' }, body: '' }, routed.requestId);
      });
  };

  /** Route, protocol and the header-only signature check: all that needs no body. */
  private routeHead(req: IncomingMessage): Routed {
    const requestId = randomUUID();
    const [path, query = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const wire: WireRequest = { method: req.method ?? 'GET', path, query, headers: req.headers, headersDistinct: req.headersDistinct, body: EMPTY };
    const service = this.route(wire);
    if (!service) return { requestId, wire };
    const protocol = service.protocols.find((p) => p.accepts(wire)) ?? service.protocols[0];
    const auth = this.verify(service, wire, true);
    return { requestId, wire, service, protocol, authFailure: auth.ok ? undefined : auth.failure };
  }

  private async respond(r: Routed): Promise<WireResponse> {
    if (!r.service || !r.protocol || r.authFailure) return this.earlyError(r);
    // The query protocol may also find its framing in the body (a form content type).
    const protocol = r.service.protocols.find((p) => p.accepts(r.wire)) ?? r.protocol;
    return this.handleService(r.service, protocol, r.wire, r.requestId);
  }

  private earlyError(r: Routed): WireResponse {
    if (!r.service || !r.protocol) return jsonError('UnknownOperationException', 'The requested service or operation is not recognized.', 400);
    const e = sigv4WireError(r.authFailure!, r.protocol.family);
    return r.protocol.writeError(r.service.model, new ServiceError(e.code, e.message, e.status), r.requestId);
  }

  private route(req: WireRequest): ServiceDefinition | undefined {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const svc = this.byTarget.get(target.slice(0, target.lastIndexOf('.')));
      if (svc) return svc;
    }
    const scope = signingScope({ ...req, payloadHash: '' });
    return scope ? this.bySigningName.get(scope.service) : undefined;
  }

  private verify(service: ServiceDefinition, req: WireRequest, headersOnly: boolean) {
    const payloadHash = headersOnly ? '' : createHash('sha256').update(req.body).digest('hex');
    return verifySigV4(
      { method: req.method, path: req.path, query: req.query, headers: req.headersDistinct, payloadHash },
      (id) => this.opts.credentials.secretFor(id),
      this.now(),
      { service: service.name, headersOnly },
    );
  }

  private async handleService(service: ServiceDefinition, protocol: Protocol, req: WireRequest, requestId: string): Promise<WireResponse> {
    const { model } = service;
    const now = this.now();
    const auth = this.verify(service, req, false);
    if (!auth.ok) {
      const e = sigv4WireError(auth.failure, protocol.family);
      return protocol.writeError(model, new ServiceError(e.code, e.message, e.status), requestId);
    }
    let operation: string | undefined;
    try {
      operation = protocol.operationName(req, model);
      if (!operation || !model.operations[operation]) {
        return protocol.writeError(model, new ServiceError('UnknownOperationException', '', 400), requestId);
      }
      const ctx: RequestContext = { requestId, region: auth.identity.region, accountId: this.opts.accountId, accessKeyId: auth.identity.accessKeyId, now };
      const handler = service.handlers[operation];
      if (!handler) {
        return protocol.writeError(model, new ServiceError('NotImplemented', `Berth does not implement ${model.metadata.serviceId} operation ${operation} yet.`, 501), requestId);
      }
      const input = protocol.parseInput(req, model, operation);
      const principal = this.opts.credentials.principalFor?.(ctx.accessKeyId, ctx.accountId) ?? rootPrincipal(ctx.accessKeyId, ctx.accountId);
      authorizeCall(this.opts.authorizer ?? rootOnlyAuthorizer, this.opts.log, {
        requestId, iamPrefix: service.iamPrefix ?? service.name, operation, principal, region: ctx.region, family: protocol.family,
      });
      const output = await handler(input, ctx);
      return protocol.writeOutput(model, operation, output, requestId);
    } catch (err) {
      if (err instanceof ServiceError) return protocol.writeError(model, err, requestId);
      this.opts.log.error('internal error', { requestId, service: service.name, operation, err });
      return protocol.writeError(model, new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500), requestId);
    }
  }
}

const EMPTY = Buffer.alloc(0);
function tooLarge(r: Routed): WireResponse {
  return r.protocol!.writeError(r.service!.model, new ServiceError('RequestEntityTooLarge', `Request body must be at most ${MAX_BODY_BYTES} bytes.`, 413), r.requestId);
}

function jsonError(code: string, message: string, status: number): WireResponse {
  return { status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code }, body: JSON.stringify({ __type: code, message }) };
}

function send(res: ServerResponse, response: WireResponse, requestId: string): void {
  const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, {
    ...response.headers,
    'x-amzn-requestid': requestId,
    'content-length': String(body.length),
  });
  res.end(body);
}
