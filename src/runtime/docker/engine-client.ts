/**
 * Minimal Docker Engine API client over node:http (unix socket or plain tcp).
 * Deliberately tiny: JSON requests, raw streams, and error mapping to RuntimeError.
 */
import http from 'node:http';
import { RuntimeError } from '../runtime.js';

export const API_PREFIX = '/v1.41';

export interface EngineClientOptions {
  /** Unix socket path; wins over `dockerHost`. */
  socketPath?: string;
  /** "unix:///path" or "tcp://host:port"; defaults to $DOCKER_HOST, then /var/run/docker.sock. */
  dockerHost?: string;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** A non-JSON body (e.g. a tar archive), sent with this content type. */
  raw?: { data: Buffer; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type Endpoint = { socketPath: string } | { host: string; port: number };

export function resolveEndpoint(opts: EngineClientOptions = {}, env = process.env): Endpoint {
  if (opts.socketPath) return { socketPath: opts.socketPath };
  const dockerHost = opts.dockerHost ?? env.DOCKER_HOST;
  if (!dockerHost) return { socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('tcp://')) {
    const url = new URL(`http://${dockerHost.slice('tcp://'.length)}`);
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  throw new RuntimeError(`unsupported DOCKER_HOST ${dockerHost}`, 'Unavailable');
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
  if (err.name === 'AbortError') return new RuntimeError('request aborted', 'Other');
  const unavailable = ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EACCES', 'EHOSTUNREACH'];
  const kind = unavailable.includes(err.code ?? '') ? 'Unavailable' : 'Other';
  return new RuntimeError(`docker engine: ${err.message}`, kind);
}

export class EngineClient {
  private readonly endpoint: Endpoint;
  private readonly agent = new http.Agent({ keepAlive: true });

  constructor(opts: EngineClientOptions = {}) {
    this.endpoint = resolveEndpoint(opts);
  }

  /** JSON request; resolves with the parsed body (undefined when empty, e.g. 204/304). */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.stream(method, path, opts);
    const text = await readBody(res);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Opens a request and resolves with the response once its status is known to be a success. */
  stream(method: string, path: string, opts: RequestOptions = {}): Promise<http.IncomingMessage> {
    const payload = opts.raw?.data ?? (opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body)));
    // An explicit length avoids chunked encoding for body-less POSTs.
    const headers: Record<string, string> = { ...opts.headers, 'Content-Length': String(payload?.length ?? 0) };
    if (payload) headers['Content-Type'] = opts.raw?.contentType ?? 'application/json';
    return new Promise((resolve, reject) => {
      const req = http.request({
        ...this.endpoint,
        agent: this.agent,
        method,
        path: buildPath(path, opts.query),
        headers,
        signal: opts.signal,
      });
      req.on('error', (err) => reject(transportError(err)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status < 400) return resolve(res);
        readBody(res).then((text) => reject(httpError(status, text)), (err) => reject(transportError(err)));
      });
      req.end(payload);
    });
  }

  /** Drops pooled sockets; in-flight requests fail. */
  destroy(): void {
    this.agent.destroy();
  }
}

export function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => { text += chunk; });
    res.on('end', () => resolve(text));
    res.on('error', reject);
  });
}
