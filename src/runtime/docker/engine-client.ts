/**
 * Minimal Docker Engine API client over node:http: a unix socket, tcp (plain or TLS with a
 * client certificate) or ssh (engine-endpoint.ts parses, engine-transport.ts connects).
 * Deliberately tiny: JSON requests, raw streams, error mapping to RuntimeError, and a
 * time limit and cancellation per call (the limits themselves are chosen by the caller).
 */
import type http from 'node:http';
import { finished, pipeline, Readable, Transform } from 'node:stream';
import { RuntimeError } from '../runtime.js';
import { resolveEndpoint, type EngineClientOptions } from './engine-endpoint.js';
import { createTransport, DIAL_FAILED, type Transport } from './engine-transport.js';

export { resolveEndpoint, type EngineClientOptions } from './engine-endpoint.js';

export const API_PREFIX = '/v1.41';

export interface RequestOptions {
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** A non-JSON body (e.g. a tar archive), sent with this content type. */
  raw?: { data: Buffer; contentType: string };
  headers?: Record<string, string>;
  /** Names the call in errors, e.g. "create container"; defaults to the method and path. */
  call?: string;
  /** Limit on the whole call, response body included; none when undefined (the events stream). */
  timeoutMs?: number;
  /** The limit restarts with every response chunk: for progress streams, whose total time depends on the work. */
  idle?: boolean;
  /** The caller's cancellation: the call rejects with kind Other. */
  signal?: AbortSignal;
}

function buildPath(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (Array.isArray(v)) v.forEach((item) => params.append(k, item));
    else if (v !== undefined) params.set(k, String(v));
  }
  const qs = params.toString();
  return `${API_PREFIX}${path}${qs ? `?${qs}` : ''}`;
}

/** Maps an HTTP status and Docker's {"message": ...} body to a RuntimeError. */
export function httpError(statusCode: number, body: string): RuntimeError {
  let message = body.trim();
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? message;
  } catch {
    // Not JSON: keep the raw text.
  }
  const kind = statusCode === 404 ? 'NotFound' : statusCode === 409 ? 'Conflict' : 'Other';
  return new RuntimeError(message || `HTTP ${statusCode}`, kind, statusCode);
}

function transportError(err: NodeJS.ErrnoException): RuntimeError {
  if (err instanceof RuntimeError) return err; // the guard's own timeout or abort
  const unavailable = ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EACCES', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', DIAL_FAILED];
  const kind = unavailable.includes(err.code ?? '') ? 'Unavailable' : 'Other';
  return new RuntimeError(`docker engine: ${err.message}`, kind);
}

export class EngineClient {
  private readonly transport: Transport;

  constructor(opts: EngineClientOptions = {}) {
    this.transport = createTransport(resolveEndpoint(opts), opts.ssh);
  }

  /** JSON request; resolves with the parsed body (undefined when empty, e.g. 204/304). */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.stream(method, path, opts);
    const text = await readBody(res);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Opens a request and resolves with the response body once its status is known to be a
   * success. The call's limit covers reading that body too.
   */
  stream(method: string, path: string, opts: RequestOptions = {}): Promise<Readable> {
    const payload = opts.raw?.data ?? (opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body)));
    // An explicit length avoids chunked encoding for body-less POSTs.
    const headers: Record<string, string> = { ...opts.headers, 'Content-Length': String(payload?.length ?? 0) };
    if (payload) headers['Content-Type'] = opts.raw?.contentType ?? 'application/json';
    const guard = new CallGuard(opts.call ?? `${method} ${path}`, opts);
    return new Promise((resolve, reject) => {
      if (guard.failure) return reject(guard.failure); // cancelled before it was sent
      const req = this.transport.request({ method, path: buildPath(path, opts.query), headers });
      guard.attach(req);
      req.on('error', (err) => {
        guard.settle();
        reject(transportError(err));
      });
      req.on('response', (res) => {
        const body = guard.watch(res);
        const status = res.statusCode ?? 0;
        if (status < 400) return resolve(body);
        readBody(body).then((text) => reject(httpError(status, text)), (err) => reject(transportError(err)));
      });
      req.end(payload);
    });
  }

  /** Drops pooled sockets; in-flight requests fail. */
  destroy(): void {
    this.transport.agent.destroy();
  }
}

export function readBody(res: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => { text += chunk; });
    res.on('end', () => resolve(text));
    res.on('error', reject);
  });
}

const seconds = (ms: number) => `${ms / 1000} s`;

/**
 * Bounds one call. When its limit passes, or the caller's signal fires, the request and
 * the response are destroyed with a RuntimeError naming the call, so whatever the caller
 * awaits (the response, or reading its body) rejects with that error and the socket is freed.
 */
class CallGuard {
  failure?: RuntimeError;
  private timer?: NodeJS.Timeout;
  private settled = false;
  private readonly streams: { destroy(err: Error): void }[] = [];
  private readonly onAbort = () => this.fail(new RuntimeError(`docker engine: ${this.call} aborted`, 'Other'));

  constructor(private readonly call: string, private readonly opts: Pick<RequestOptions, 'timeoutMs' | 'idle' | 'signal'>) {
    if (opts.signal?.aborted) {
      this.onAbort();
      return;
    }
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.arm();
  }

  attach(stream: { destroy(err: Error): void }): void {
    this.streams.push(stream);
  }

  /** The body as the caller reads it; the guard settles once it has been read to the end. */
  watch(res: http.IncomingMessage): Readable {
    this.attach(res);
    const body = this.opts.idle ? this.progress(res) : res;
    finished(body, () => this.settle());
    return body;
  }

  /** Restarts the limit as chunks pass to the reader (a 'data' listener on res would drain it). */
  private progress(res: http.IncomingMessage): Readable {
    const body = new Transform({ transform: (chunk, _enc, next) => { this.arm(); next(null, chunk); } });
    this.attach(body);
    pipeline(res, body, () => {}); // a failure surfaces on `body`, where the reader sees it
    return body;
  }

  settle(): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
  }

  private arm(): void {
    if (this.settled || this.opts.timeoutMs === undefined) return;
    clearTimeout(this.timer);
    const ms = this.opts.timeoutMs;
    const message = this.opts.idle ? `made no progress for ${seconds(ms)}` : `timed out after ${seconds(ms)}`;
    this.timer = setTimeout(() => this.fail(new RuntimeError(`docker engine: ${this.call} ${message}`, 'Timeout')), ms);
  }

  private fail(err: RuntimeError): void {
    if (this.settled) return;
    this.failure = err;
    this.settle();
    for (const stream of this.streams) stream.destroy(err);
  }
}
