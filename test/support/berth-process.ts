/**
 * Starts a real Berth (the compiled main.js) as a child process on a free port with a
 * temporary data dir, exactly as `npm start` runs it, and cleans up every container,
 * network and volume it labelled.
 */
import { ChildProcess, spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ECSClient } from '@aws-sdk/client-ecs';

const run = promisify(execFile);
const MAIN = resolve(__dirname, '../../src/main.js');

export const TEST_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7BERTHTS', secretAccessKey: 'berth-test-secret-key-000000000000000000' };

export interface RunningBerth {
  endpoint: string;
  dataDir: string;
  ownerId: string;
  process: ChildProcess;
  output: () => string;
  ecs(region?: string): ECSClient;
  /** Environment for the aws CLI. */
  cliEnv(): NodeJS.ProcessEnv;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops and removes the data dir and everything labelled with this Berth's owner id. */
  destroy(): Promise<void>;
}

export async function startBerthProcess(opts: { dataDir?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<RunningBerth> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--data-dir', dataDir, ...(opts.args ?? [])], {
    env: { ...process.env, BERTH_ROOT_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, BERTH_ROOT_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const endpoint = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Berth did not start within 60 s:\n${out}`));
    }, 60_000);
    const check = () => {
      const m = /Berth is running at (https?:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Berth exited with ${code}:\n${out}`));
    });
  });
  const ownerId = readFileSync(join(dataDir, 'owner-id'), 'utf8').trim();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const berth: RunningBerth = {
    endpoint, dataDir, ownerId, process: child, output: () => out,
    ecs: (region = 'us-east-1') => new ECSClient({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
    cliEnv: () => ({
      ...process.env,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    }),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
    async destroy() {
      await berth.stop();
      await removeLabelled(ownerId);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return berth;
}

export async function removeLabelled(ownerId: string): Promise<void> {
  const filter = `label=berth.owner=${ownerId}`;
  const ids = (await run('docker', ['ps', '-aq', '--filter', filter])).stdout.split('\n').filter(Boolean);
  if (ids.length) await run('docker', ['rm', '-f', '-v', ...ids]);
  const vols = (await run('docker', ['volume', 'ls', '-q', '--filter', filter])).stdout.split('\n').filter(Boolean);
  if (vols.length) await run('docker', ['volume', 'rm', '-f', ...vols]).catch(() => undefined);
  const nets = (await run('docker', ['network', 'ls', '-q', '--filter', filter])).stdout.split('\n').filter(Boolean);
  if (nets.length) await run('docker', ['network', 'rm', ...nets]).catch(() => undefined);
}

/** Polls until fn returns a truthy value or the deadline passes. */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

export async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args)).stdout.trim();
}
