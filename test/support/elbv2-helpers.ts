/** Helpers for the load balancer e2e tests: loopback target servers whose health and latency the test controls, and a plain HTTP client. */
import { createServer, IncomingHttpHeaders, request, Server } from 'node:http';
import { AddressInfo, createServer as netServer } from 'node:net';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RunningBerth, TEST_CREDENTIALS } from './berth-process.js';

export function elbv2(berth: RunningBerth): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

export interface TestTarget {
  name: string;
  port: number;
  /** Status the health check path answers. */
  healthStatus: number;
  /** Requests served, health checks excluded. */
  hits: number;
  lastHeaders?: IncomingHttpHeaders;
  close(): Promise<void>;
}

/** A target answering `<name>` on every path, /health with `healthStatus`, and /slow?ms=N after N ms. */
export async function startTarget(name: string): Promise<TestTarget> {
  const target: TestTarget = { name, port: 0, healthStatus: 200, hits: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(target.healthStatus).end('health');
      return;
    }
    target.hits++;
    target.lastHeaders = req.headers;
    const ms = /^\/slow\?ms=(\d+)/.exec(req.url ?? '')?.[1];
    const reply = () => res.writeHead(200, { 'content-type': 'text/plain', 'x-target': name }).end(name);
    if (ms) setTimeout(reply, Number(ms));
    else reply();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  target.port = (server.address() as AddressInfo).port;
  target.close = () => new Promise((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  return target;
}

/** A port nothing listens on right now (for a listener). */
export async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface Reply { status: number; headers: IncomingHttpHeaders; body: string }

/** One request on a fresh connection (no pooling, so round robin is visible per request). */
export function get(port: number, path = '/', headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The bodies (target names) of n sequential requests. */
export async function spread(port: number, n: number, path = '/', headers: Record<string, string> = {}): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const r = await get(port, path, headers);
    seen[r.body] = (seen[r.body] ?? 0) + 1;
  }
  return seen;
}
