/**
 * bench/registry: push and pull of a 200 MB image (4 random 50 MB layers, an OCI layout)
 * with `skopeo copy`, to Berth and to Debian's docker-registry (the reference registry,
 * installed with apt if missing), interleaved in the same run. Each round builds fresh
 * random layers (skopeo remembers blobs it pushed and would mount them instead) and
 * pushes them to a new repository. Prints MB/s of both and the
 * ratio (goal Berth ≥ 0.8×). Bounded: BENCH_ROUNDS rounds (default 3) or BENCH_DEADLINE_S.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { startBerthProcess } from '../test/support/berth-process.js';
import { ecrClient, registryPassword } from '../test/support/registry-client.js';
import { median, run } from './bench-support.js';
import { buildOciLayout } from './oci-layout.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_S ?? 600) * 1000;
const LAYERS = 4;
const LAYER_BYTES = 50 * 1024 * 1024;
const IMAGE_MB = (LAYERS * LAYER_BYTES) / (1024 * 1024);
const REGISTRY_BIN = '/usr/bin/docker-registry';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function ensureReferenceRegistry(): Promise<void> {
  if (existsSync(REGISTRY_BIN)) return;
  console.log('installing Debian docker-registry…');
  await run('apt-get', ['install', '-y', 'docker-registry'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function startReferenceRegistry(work: string): Promise<{ host: string; proc: ChildProcess }> {
  const port = await freePort();
  const config = join(work, 'registry.yml');
  writeFileSync(config, `version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: ${join(work, 'registry-data')}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
`);
  const proc = spawn(REGISTRY_BIN, ['serve', config], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://${host}/v2/`).then((r) => r.ok, () => false)) return { host, proc };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('docker-registry did not start');
}

async function timed(args: string[]): Promise<number> {
  const t0 = performance.now();
  await run('skopeo', ['copy', '--quiet', ...args], { maxBuffer: 1 << 24 });
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const started = Date.now();
  await ensureReferenceRegistry();
  const work = mkdtempSync(join(tmpdir(), 'berth-bench-registry-'));
  const berth = await startBerthProcess();
  const reference = await startReferenceRegistry(work);
  const ecr = ecrClient(berth);
  try {
    const berthHost = `localhost:${new URL(berth.endpoint).port}`;
    const creds = `AWS:${await registryPassword(berth)}`;
    const times = { berthPush: [] as number[], refPush: [] as number[], berthPull: [] as number[], refPull: [] as number[] };
    for (let i = 0; i < ROUNDS && Date.now() - started < DEADLINE_MS; i++) {
      const repo = `bench/round-${i}`;
      const layout = join(work, `layout-${i}`);
      await buildOciLayout(layout, LAYERS, LAYER_BYTES);
      await ecr.send(new CreateRepositoryCommand({ repositoryName: repo }));
      const pullDir = (who: string) => `dir:${join(work, `pull-${who}-${i}`)}`;
      const steps = [
        async () => times.berthPush.push(await timed(['--dest-tls-verify=false', '--dest-creds', creds, `oci:${layout}:bench`, `docker://${berthHost}/${repo}:v1`])),
        async () => times.refPush.push(await timed(['--dest-tls-verify=false', `oci:${layout}:bench`, `docker://${reference.host}/${repo}:v1`])),
        async () => times.berthPull.push(await timed(['--src-tls-verify=false', '--src-creds', creds, `docker://${berthHost}/${repo}:v1`, pullDir('berth')])),
        async () => times.refPull.push(await timed(['--src-tls-verify=false', `docker://${reference.host}/${repo}:v1`, pullDir('ref')])),
      ];
      // Alternate who goes first so neither always meets a colder page cache.
      const order = i % 2 === 0 ? [0, 1, 2, 3] : [1, 0, 3, 2];
      for (const s of order) await steps[s]();
      for (const dir of [`pull-berth-${i}`, `pull-ref-${i}`, `layout-${i}`]) rmSync(join(work, dir), { recursive: true, force: true });
      console.log(`round ${i + 1}: push Berth ${times.berthPush[i].toFixed(2)} s / reference ${times.refPush[i].toFixed(2)} s; pull Berth ${times.berthPull[i].toFixed(2)} s / reference ${times.refPull[i].toFixed(2)} s`);
    }
    const mbps = (xs: number[]) => IMAGE_MB / median(xs);
    for (const op of ['push', 'pull'] as const) {
      const b = mbps(op === 'push' ? times.berthPush : times.berthPull);
      const r = mbps(op === 'push' ? times.refPush : times.refPull);
      console.log(`${op} ${IMAGE_MB} MB (median of ${times.berthPush.length}): Berth ${b.toFixed(1)} MB/s, docker-registry ${r.toFixed(1)} MB/s, ratio ${(b / r).toFixed(2)} (goal ≥ 0.8)`);
    }
  } finally {
    ecr.destroy();
    reference.proc.kill();
    await berth.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
