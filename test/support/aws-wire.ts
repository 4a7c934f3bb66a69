/**
 * AWS API requests built by hand from a model (JSON 1.0/1.1 or awsQuery), signed with
 * @smithy/signature-v4 in any way a suite needs (header or presigned, any date, scope or
 * key, or not at all) and sent over a keep-alive agent; replies are read as an SDK reads
 * them. The SDK clients cannot send what these suites send: bodies that break the model,
 * wrong scopes, expired or skewed dates.
 */
import { createHash, createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';
import type { ServiceModel } from '../../src/protocol/model.js';
import { ServedModel } from './served-models.js';
import { toQueryPairs } from './query-form.js';

export interface Keys { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

export interface Wire {
  method: string;
  /** Path and query string as sent. */
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface WireReply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** node:crypto behind the Checksum interface: the pure-JS sha256 costs more than the requests at fuzzing rates. */
class NodeSha256 implements Checksum {
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** The request an SDK sends for `operation` with `input` (a raw body string is sent as it is). */
export function operationWire(svc: ServedModel, operation: string, input: unknown): Wire {
  const { metadata } = svc.model;
  if (svc.family === 'json') {
    const body = typeof input === 'string' ? input : JSON.stringify(input ?? {});
    const headers = { 'content-type': `application/x-amz-json-${metadata.jsonVersion ?? '1.0'}`, 'x-amz-target': `${metadata.targetPrefix}.${operation}` };
    return { method: 'POST', path: '/', headers, body };
  }
  const body = typeof input === 'string' ? input : queryBody(svc.model, operation, input);
  return { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body };
}

export function queryBody(model: ServiceModel, operation: string, input: unknown): string {
  const shape = model.operations[operation].input;
  const pairs: [string, string][] = [['Action', operation], ['Version', model.metadata.apiVersion], ...toQueryPairs(model, shape, input)];
  return new URLSearchParams(pairs).toString();
}

export interface SignOptions {
  credentials: Keys;
  region: string;
  /** The credential scope's service. */
  service: string;
  /** The x-amz-date; now by default. */
  date?: Date;
  /** Presign (query-string auth) with this X-Amz-Expires instead of signing headers. */
  presignExpiresIn?: number;
}

export async function sign(endpoint: URL, wire: Wire, o: SignOptions): Promise<Wire> {
  const signer = new SignatureV4({ credentials: o.credentials, region: o.region, service: o.service, sha256: NodeSha256 });
  const [path, query] = splitPath(wire.path);
  const req = new HttpRequest({
    method: wire.method, protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path, query,
    headers: { host: endpoint.host, ...wire.headers }, body: wire.body,
  });
  const signed = o.presignExpiresIn !== undefined
    ? await signer.presign(req, { expiresIn: o.presignExpiresIn, signingDate: o.date })
    : await signer.sign(req, { signingDate: o.date });
  const qs = new URLSearchParams(Object.entries(signed.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : v == null ? [] : [[k, v]]))).toString();
  return { ...wire, path: qs ? `${path}?${qs}` : path, headers: signed.headers };
}

function splitPath(path: string): [string, Record<string, string>] {
  const q = path.indexOf('?');
  if (q < 0) return [path, {}];
  return [path.slice(0, q), Object.fromEntries(new URLSearchParams(path.slice(q + 1)))];
}

/** A keep-alive agent so thousands of requests reuse a few connections. */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets });
}

/** Sends the request; a refused or reset connection is status 0 with the error as body. */
export function send(endpoint: URL, wire: Wire, agent?: Agent, timeoutMs = 30_000): Promise<WireReply> {
  const headers = { ...wire.headers, 'content-length': String(Buffer.byteLength(wire.body)) };
  return new Promise((resolve) => {
    const req = request({ host: endpoint.hostname, port: endpoint.port, method: wire.method, path: wire.path, headers, agent: agent ?? false, timeout: timeoutMs }, (res) => {
      // An event stream (StartLiveTail) answers for hours; its head is the answer, and closing it ends the session.
      if (String(res.headers['content-type'] ?? '').startsWith('application/vnd.amazon.eventstream')) {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, headers: {}, body: String(e) }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ status: 0, headers: {}, body: String(e) }));
    req.end(wire.body);
  });
}

export interface AwsError { code: string; message: string }

/**
 * The error code and message as the SDKs read them: JSON `__type` (or the x-amzn-errortype
 * header) with any namespace prefix and `:` suffix dropped; awsQuery `<Error><Code>`.
 */
export function awsError(reply: WireReply): AwsError | undefined {
  const text = reply.body.trim();
  if (text.startsWith('{')) {
    try {
      const doc = JSON.parse(text) as Record<string, unknown>;
      const raw = String(doc.__type ?? doc.code ?? reply.headers['x-amzn-errortype'] ?? '');
      const code = raw.split(':')[0].split('#').pop() ?? '';
      return code ? { code, message: String(doc.message ?? doc.Message ?? '') } : undefined;
    } catch {
      return undefined;
    }
  }
  const code = /<ErrorResponse\b[^>]*>\s*<Error>[\s\S]*?<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  if (code === undefined) return undefined;
  return { code, message: unescapeXml(/<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '') };
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#x?[0-9a-fA-F]+);/g, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[e]) return named[e];
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
