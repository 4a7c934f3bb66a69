/**
 * A small bounded HTTP load generator for e2e tests: `concurrency` loops send GETs with
 * keep-alive until stopped or `maxRequests` is reached, recording statuses, errors and bodies.
 */
import { Agent, request } from 'node:http';

export interface LoadResult {
  sent: number;
  ok: number;
  failures: { status?: number; error?: string; body?: string }[];
  bodies: Map<string, number>;
}

export function startLoad(url: string, opts: { concurrency: number; maxRequests: number; pauseMs?: number }): { stop(): Promise<LoadResult> } {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const result: LoadResult = { sent: 0, ok: 0, failures: [], bodies: new Map() };
  let running = true;
  const one = () => new Promise<void>((resolve) => {
    const req = request(url, { agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        const key = body.trim().split(/\s+/)[0] ?? '';
        if (res.statusCode === 200) {
          result.ok += 1;
          result.bodies.set(key, (result.bodies.get(key) ?? 0) + 1);
        } else {
          result.failures.push({ status: res.statusCode, body: body.slice(0, 200) });
        }
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => {
      result.failures.push({ error: e.message });
      resolve();
    });
    req.end();
  });
  const loops = Array.from({ length: opts.concurrency }, async () => {
    while (running && result.sent < opts.maxRequests) {
      result.sent += 1;
      await one();
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return result;
    },
  };
}
