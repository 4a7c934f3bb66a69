/**
 * The edge: one HTTP port for every AWS service. Raw routes (the registry's /v2/) and the
 * health check are served directly; every AWS API request runs the pipeline in
 * ./pipeline/pipeline.ts (route → authenticate headers → read body → authenticate →
 * resolve operation → parse and validate → authorize → handle → serialize).
 */
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Authorizer, rootOnlyAuthorizer } from '../iam/authorizer.js';
import { Logger } from '../platform/log.js';
import { Credentials } from '../iam/credentials.js';
import { Env, Exchange } from './pipeline/exchange.js';
import { runPipeline } from './pipeline/pipeline.js';
import { WireResponse } from './protocol.js';
import { RawRoute, ServiceDefinition } from './service.js';

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

const EMPTY = Buffer.alloc(0);

export class Gateway {
  private readonly env: Env;

  constructor(private readonly opts: GatewayOptions) {
    this.env = {
      byTarget: new Map(opts.services.filter((s) => s.model.metadata.targetPrefix).map((s) => [s.model.metadata.targetPrefix!, s])),
      bySigningName: new Map(opts.services.map((s) => [s.name, s])),
      credentials: opts.credentials,
      authorizer: opts.authorizer ?? rootOnlyAuthorizer,
      accountId: opts.accountId,
      log: opts.log,
      now: opts.now ?? (() => new Date()),
    };
  }

  /** The node:http request listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    for (const [prefix, route] of Object.entries(this.opts.rawRoutes ?? {})) {
      if (url.startsWith(prefix)) return route(req, res);
    }
    const requestId = randomUUID();
    if (url === '/_berth/health') return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"running"}' }, requestId);
    const [path, query = ''] = url.split(/\?(.*)/s);
    const x: Exchange = { requestId, incoming: req, wire: { method: req.method ?? 'GET', path, query, headers: req.headers, headersDistinct: req.headersDistinct, body: EMPTY } };
    runPipeline(x, this.env).then(
      ({ response, close, stream }) => {
        if (stream) return openStream(res, response, requestId, stream);
        send(res, close ? { ...response, headers: { ...response.headers, connection: 'close' } } : response, requestId);
        if (close) res.once('finish', () => req.destroy());
      },
      (err) => {
        this.env.log.warn('request failed outside the pipeline', { requestId, error: String(err) });
        if (!res.headersSent) send(res, { status: 400, headers: { connection: 'close' }, body: '' }, requestId);
      },
    );
  };
}

/** A streaming answer: the head without a length (so chunked), then the stream writes as events happen. */
function openStream(res: ServerResponse, head: WireResponse, requestId: string, stream: (res: ServerResponse) => void): void {
  res.writeHead(head.status, { ...head.headers, 'x-amzn-requestid': requestId });
  stream(res);
}

function send(res: ServerResponse, response: WireResponse, requestId: string): void {
  const { body } = response;
  // A string body is left a string: node then writes head and body in one send, not a writev of two.
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  res.writeHead(response.status, { ...response.headers, 'x-amzn-requestid': requestId, 'content-length': String(length) });
  res.end(body);
}
