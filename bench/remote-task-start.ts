/**
 * bench/remote-task-start: RunTask → RUNNING of a one-container busybox task on a remote
 * Docker host (a namespaced dockerd reached over TCP with TLS, test/support/docker-hosts.ts)
 * against the same on the local engine, interleaved in one run. Tasks are steered with
 * memberOf constraints on the instance type. Prints both medians and the ratio.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CreateClusterCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../test/support/busybox-image.js';
import { startBerthProcess } from '../test/support/berth-process.js';
import { startDockerHosts, stopAllDockerHosts } from '../test/support/docker-hosts.js';
import { median, percentile, untilRunning } from './bench-support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CLI = join(__dirname, '../src/cli/berth.js');

async function timedRun(ecs: ECSClient, instanceType: string): Promise<{ ms: number; arn: string }> {
  const t0 = performance.now();
  const r = await ecs.send(new RunTaskCommand({
    cluster: 'bench', taskDefinition: 'one', placementConstraints: [{ type: 'memberOf', expression: `attribute:ecs.instance-type == ${instanceType}` }],
  }));
  if (!r.tasks?.length) throw new Error(`not placed: ${JSON.stringify(r.failures)}`);
  const arn = r.tasks[0].taskArn!;
  await untilRunning(ecs, 'bench', [arn], 2);
  return { ms: performance.now() - t0, arn };
}

async function main(): Promise<void> {
  const image = await ensureBusyboxImage();
  const [host] = await startDockerHosts([{ name: 'bench', tls: true }], { image });
  const berth = await startBerthProcess();
  const ecs = berth.ecs();
  try {
    await ecs.send(new CreateClusterCommand({ clusterName: 'bench' }));
    const added = spawnSync(process.execPath, [CLI, 'instances', 'add', '--cluster', 'bench', '--docker-host', host.tcp!.url, '--tls-cert-dir', host.tcp!.certDir,
      '--instance-type', 'berth.remote', '--data-dir', berth.dataDir], { encoding: 'utf8' });
    if (added.status !== 0) throw new Error(added.stderr);
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'one', containerDefinitions: [{ name: 'c', image, memory: 8, command: ['sleep', '600'] }] }));
    const arns: string[] = [];
    // Warm both paths once (SDK connection, JIT, the remote engine's first container).
    for (const type of ['berth.local', 'berth.remote']) arns.push((await timedRun(ecs, type)).arn);
    const local: number[] = [];
    const remote: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const l = await timedRun(ecs, 'berth.local');
      const r = await timedRun(ecs, 'berth.remote');
      local.push(l.ms);
      remote.push(r.ms);
      arns.push(l.arn, r.arn);
    }
    console.log(`RunTask→RUNNING, ${ROUNDS} interleaved rounds:`);
    console.log(`  local engine        median ${median(local).toFixed(1)} ms  p90 ${percentile(local, 90).toFixed(1)} ms`);
    console.log(`  remote host (TLS)   median ${median(remote).toFixed(1)} ms  p90 ${percentile(remote, 90).toFixed(1)} ms`);
    console.log(`  ratio remote/local ${(median(remote) / median(local)).toFixed(2)}`);
    for (const arn of arns) await ecs.send(new StopTaskCommand({ cluster: 'bench', task: arn }));
  } finally {
    ecs.destroy();
    await berth.destroy();
    await stopAllDockerHosts();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
