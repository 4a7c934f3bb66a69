/** The ALB bench's tools: Debian wrk and nginx (installed when missing), and the hand-configured HAProxy from perf-anchors. */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function has(bin: string): Promise<boolean> {
  return run('bash', ['-c', `command -v ${bin}`]).then(() => true, () => false);
}

/** wrk and nginx from Debian; RUNLEVEL=1 keeps the package from starting a system nginx. */
export async function ensureTools(): Promise<void> {
  if ((await has('wrk')) && (await has('nginx'))) return;
  console.log('installing Debian wrk and nginx-light for the bench …');
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'wrk', 'nginx-light'], { env: { ...process.env, RUNLEVEL: '1', DEBIAN_FRONTEND: 'noninteractive' } });
}

export interface Daemon { stop(): Promise<void> }

function stopByPidFile(pidFile: string): () => Promise<void> {
  return async () => {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
}

/** The perf-anchors backend: one nginx worker, a server block per port answering 200 "ok". */
export async function startNginx(dir: string, ports: number[]): Promise<Daemon> {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const servers = ports.map((p, i) => `  server { listen 127.0.0.1:${p} backlog=4096;
    location / { default_type text/plain; add_header X-Backend b${i}; return 200 "ok"; } }`).join('\n');
  writeFileSync(join(dir, 'nginx.conf'), `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 1000000; keepalive_timeout 75s;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${servers}
}
`);
  await run('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')]);
  return { stop: stopByPidFile(join(dir, 'nginx.pid')) };
}

/** perf-anchors section 2's HAProxy, verbatim but for the ports. */
export async function startHandHaproxy(dir: string, port: number, backends: number[]): Promise<Daemon> {
  const cfg = join(dir, 'hand-haproxy.cfg');
  writeFileSync(cfg, `global
  maxconn 8000
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse always
frontend fe
  bind 127.0.0.1:${port}
  default_backend be
backend be
  balance roundrobin
${backends.map((p, i) => `  server b${i + 1} 127.0.0.1:${p}`).join('\n')}
`);
  await run('haproxy', ['-D', '-f', cfg, '-p', join(dir, 'hand-haproxy.pid')]);
  return { stop: stopByPidFile(join(dir, 'hand-haproxy.pid')) };
}

export interface WrkResult { rps: number; p50: number; p99: number; failures: number }

function ms(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
}

/** Parses wrk --latency output: requests/s, p50/p99 in ms, non-2xx/3xx responses plus socket errors. */
export function parseWrk(out: string): WrkResult {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const p50 = ms(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const p99 = ms(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = sock ? sock.slice(1).reduce((a, x) => a + Number(x), 0) : 0;
  return { rps, p50, p99, failures: non2xx + errors };
}

/** One wrk run; `paceMs` makes every connection wait that long between requests (an open-ish loop for a target rate). */
export async function wrk(url: string, seconds: number, connections: number, dir: string, paceMs?: number): Promise<WrkResult> {
  const args = ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency'];
  if (paceMs) {
    const script = join(dir, `pace-${paceMs}.lua`);
    writeFileSync(script, `function delay() return ${paceMs} end\n`);
    args.push('-s', script);
  }
  const { stdout } = await run('wrk', [...args, url], { maxBuffer: 1 << 20 });
  return parseWrk(stdout);
}
