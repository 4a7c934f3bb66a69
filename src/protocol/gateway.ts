/**
 * The edge: one HTTP port for every AWS service. Each request goes through
 * route (which service) → authenticate (SigV4) → operation → parse → handler → write.
 * Handlers throw ServiceError for AWS errors; anything else becomes InternalFailure 500.
 */
import { createHash, randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '../platform/log.js';
import { ServiceError } from './errors.js';
import { ServiceModel } from './model.js';
import { Protocol, WireRequest, WireResponse } from './protocol.js';
import { signingScope, verifySigV4 } from './sigv4.js';
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
  model: ServiceModel;
  /** The protocols the service speaks; the first is used when a request fits none. */
  protocols: Protocol[];
  handlers: Record<string, Handler>;
}

export interface Credentials {
  secretFor(accessKeyId: string): string | undefined;
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
}

// API bodies are small JSON/form documents; ECS task definitions are capped at 64 KiB.
const MAX_BODY_BYTES = 10 * 1024 * 1024;

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
    readBody(req)
      .then((body) => this.handle(req, body))
      .then(({ response, requestId }) => send(res, response, requestId))
      .catch((err) => {
        this.opts.log.error('request failed before routing', { err });
        if (!res.headersSent) send(res, { status: 413, headers: {}, body: '' }, randomUUID());
      });
  };

  async handle(req: IncomingMessage, body: Buffer): Promise<{ response: WireResponse; requestId: string }> {
    const requestId = randomUUID();
    const [path, query = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const wire: WireRequest = { method: req.method ?? 'GET', path, query, headers: req.headers, headersDistinct: req.headersDistinct, body };
    const service = this.route(wire);
    if (!service) {
      return { requestId, response: jsonError('UnknownOperationException', 'The requested service or operation is not recognized.', 400) };
    }
    const response = await this.handleService(service, wire, requestId);
    return { requestId, response };
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

  private async handleService(service: ServiceDefinition, req: WireRequest, requestId: string): Promise<WireResponse> {
    const { model } = service;
    const protocol = service.protocols.find((p) => p.accepts(req)) ?? service.protocols[0];
    const now = this.now();
    const auth = verifySigV4(
      { method: req.method, path: req.path, query: req.query, headers: req.headersDistinct, payloadHash: createHash('sha256').update(req.body).digest('hex') },
      (id) => this.opts.credentials.secretFor(id),
      now,
    );
    if (!auth.ok) {
      const e = sigv4WireError(auth.failure, protocol.family);
      return protocol.writeError(model, new ServiceError(e.code, e.message, e.status), requestId);
    }
    const operation = protocol.operationName(req, model);
    if (!operation || !model.operations[operation]) {
      return protocol.writeError(model, new ServiceError('UnknownOperationException', '', 400), requestId);
    }
    const ctx: RequestContext = { requestId, region: auth.identity.region, accountId: this.opts.accountId, accessKeyId: auth.identity.accessKeyId, now };
    try {
      const handler = service.handlers[operation];
      if (!handler) {
        return protocol.writeError(model, new ServiceError('NotImplemented', `Berth does not implement ${model.metadata.serviceId} operation ${operation} yet.`, 501), requestId);
      }
      const input = protocol.parseInput(req, model, operation);
      const output = await handler(input, ctx);
      return protocol.writeOutput(model, operation, output, requestId);
    } catch (err) {
      if (err instanceof ServiceError) return protocol.writeError(model, err, requestId);
      this.opts.log.error('internal error', { requestId, service: service.name, operation, err });
      return protocol.writeError(model, new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500), requestId);
    }
  }
}

function jsonError(code: string, message: string, status: number): WireResponse {
  return { status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code }, body: JSON.stringify({ __type: code, message }) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
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
