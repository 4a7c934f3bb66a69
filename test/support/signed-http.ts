/**
 * Raw signed requests for tests and benchmarks that need bodies no SDK would build
 * (10 MiB awsQuery forms, million-deep JSON) or a credential scope of their choosing.
 */
import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_CREDENTIALS } from './berth-process.js';

export interface RawReply { status: number; body: string; ms: number }

export interface RawRequest {
  /** Signing name in the credential scope; undefined sends the request unsigned. */
  service?: string;
  region?: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

export const ecsJson = (operation: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}` });
export const queryForm = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

export async function sendRaw(endpoint: string, r: RawRequest): Promise<RawReply> {
  const url = new URL(endpoint);
  let headers: Record<string, string> = { host: url.host, ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) };
  if (r.service) {
    const signer = new SignatureV4({ credentials: TEST_CREDENTIALS, region: r.region ?? 'us-east-1', service: r.service, sha256: Sha256 });
    const signed = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers, body: r.body }));
    headers = signed.headers;
  }
  const started = performance.now();
  return new Promise((resolve) => {
    let answered = false;
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers, agent: false }, (res) => {
      answered = true;
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }));
    });
    // The server may answer and close before a large body is sent: the reply, if any, is what counts.
    req.on('error', (e) => {
      if (!answered) resolve({ status: 0, body: String(e), ms: performance.now() - started });
    });
    req.end(r.body);
  });
}

/** The latencies of back-to-back cheap calls (ListClusters) while `busy` runs. */
export async function latencyDuring(endpoint: string, busy: Promise<unknown>): Promise<number[]> {
  let done = false;
  void busy.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) latencies.push((await sendRaw(endpoint, { service: 'ecs', headers: ecsJson('ListClusters'), body: '{}' })).ms);
  return latencies;
}
