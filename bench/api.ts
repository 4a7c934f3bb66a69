/**
 * Cheap ECS calls under load, against the number of tasks in the store: a load generator
 * (autocannon, 32 connections) replays one signed request per operation against Berth's
 * edge + ECS API and, in the same run, against a bare node:http server answering a
 * DescribeClusters-sized body. Each server runs in its own process (bench/api-target.ts).
 * Goal (issue 8): every operation ≥ 0.3× the bare server, p99 < 5 ms, flat from 0 to
 * 10,000 tasks. Also each server's CPU time per request (from /proc), which the load
 * generator sharing the machine's two cores disturbs less than the request rate.
 * Run: npx tsc -p . && node dist/bench/api.js [taskCounts, default 0,1000,10000] [seconds per run, default 5]
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_CREDENTIALS } from '../test/support/berth-process.js';

const CONNECTIONS = 32;
const TARGET = join(__dirname, 'api-target.js');

interface Target { child: ChildProcess; port: number; taskArns: string[] }

function startTarget(args: string[]): Promise<Target> {
  const child = spawn(process.execPath, [TARGET, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`api-target exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, ...JSON.parse(line) }));
  });
}

async function signed(port: number, operation: string, body: unknown) {
  const headers = { host: `127.0.0.1:${port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}` };
  const signer = new SignatureV4({ credentials: TEST_CREDENTIALS, region: 'us-east-1', service: 'ecs', sha256: Sha256 });
  const req = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', headers, body: JSON.stringify(body) }));
  return { headers: req.headers, body: JSON.stringify(body) };
}

/** User + system CPU time of a process, in µs (the kernel counts in 100 Hz ticks). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function load(target: Target, request: { headers: Record<string, string>; body: string }, seconds: number) {
  const before = cpuMicros(target.child.pid!);
  const r = await autocannon({ url: `http://127.0.0.1:${target.port}/`, method: 'POST', connections: CONNECTIONS, duration: seconds, headers: request.headers, body: request.body });
  if (r.non2xx > 0) throw new Error(`${r.non2xx} non-2xx responses`);
  return { rps: r.requests.average, p99: r.latency.p99, cpu: (cpuMicros(target.child.pid!) - before) / r.requests.total };
}

async function main(): Promise<void> {
  const counts = (process.argv[2] ?? '0,1000,10000').split(',').map(Number);
  const seconds = Number(process.argv[3] ?? 5);
  const bare = await startTarget(['bare']);
  console.log(`| tasks | operation | Berth req/s | bare req/s | ratio | Berth p99 ms | Berth CPU µs/req | bare CPU µs/req | CPU ratio |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  try {
    for (const count of counts) {
      const t0 = performance.now();
      const berth = await startTarget(['berth', String(count)]);
      console.error(`filled ${count} tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      try {
        const ops: Array<[string, string, unknown]> = [
          ['DescribeClusters', 'DescribeClusters', { clusters: ['bench'] }],
          ['ListTasks (family, 10)', 'ListTasks', { cluster: 'bench', family: 'bench', maxResults: 10 }],
          ['DescribeTasks (10)', 'DescribeTasks', { cluster: 'bench', tasks: berth.taskArns.length ? berth.taskArns : ['none'] }],
          ['DescribeServices', 'DescribeServices', { cluster: 'bench', services: ['web'] }],
        ];
        for (const [name, op, body] of ops) {
          const b = await load(berth, await signed(berth.port, op, body), seconds);
          const base = await load(bare, await signed(bare.port, op, body), seconds);
          const row = [count, name, b.rps.toFixed(0), base.rps.toFixed(0), (b.rps / base.rps).toFixed(2), b.p99, b.cpu.toFixed(0), base.cpu.toFixed(0), (base.cpu / b.cpu).toFixed(2)];
          console.log(`| ${row.join(' | ')} |`);
        }
      } finally {
        berth.child.kill('SIGTERM');
      }
    }
  } finally {
    bare.child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
