/**
 * bench/remote-task-start: RunTask → RUNNING of a one-container busybox task on a remote
 * Docker host (a namespaced dockerd reached over TCP with TLS, test/support/docker-hosts.ts)
 * against the same on the local engine, interleaved in one run, for a bridge task and an
 * awsvpc task (on the host's own awsvpc network). Tasks are steered with memberOf
 * constraints on the instance type. Prints the medians and ratios, and the first task on
 * the host, which includes setting the host up (pause image, network, route, rules).
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

async function timedRun(ecs: ECSClient, instanceType: string, taskDefinition = 'one'): Promise<{ ms: number; arn: string }> {
  const t0 = performance.now();
  const r = await ecs.send(new RunTaskCommand({
    cluster: 'bench', taskDefinition,
    networkConfiguration: taskDefinition === 'vpc' ? { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } } : undefined,
    placementConstraints: [{ type: 'memberOf', expression: `attribute:ecs.instance-type == ${instanceType}` }],
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
    const container = { name: 'c', image, memory: 8, command: ['sleep', '600'] };
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'one', containerDefinitions: [container] }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'vpc', networkMode: 'awsvpc', containerDefinitions: [container] }));
    const arns: string[] = [];
    // Warm both paths once (SDK connection, JIT, the remote host's setup and first container).
    arns.push((await timedRun(ecs, 'berth.local')).arn);
    const first = await timedRun(ecs, 'berth.remote');
    arns.push(first.arn);
    for (const type of ['berth.local', 'berth.remote']) arns.push((await timedRun(ecs, type, 'vpc')).arn);
    const times: Record<string, number[]> = { 'bridge local': [], 'bridge remote': [], 'awsvpc local': [], 'awsvpc remote': [] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const family of ['one', 'vpc']) {
        for (const where of ['local', 'remote']) {
          const run = await timedRun(ecs, `berth.${where}`, family);
          times[`${family === 'one' ? 'bridge' : 'awsvpc'} ${where}`].push(run.ms);
          arns.push(run.arn);
        }
      }
    }
    console.log(`RunTask→RUNNING, ${ROUNDS} interleaved rounds (remote: a host over TLS):`);
    for (const [name, ms] of Object.entries(times)) console.log(`  ${name.padEnd(14)} median ${median(ms).toFixed(1)} ms  p90 ${percentile(ms, 90).toFixed(1)} ms`);
    console.log(`  ratio remote/local: bridge ${(median(times['bridge remote']) / median(times['bridge local'])).toFixed(2)}, awsvpc ${(median(times['awsvpc remote']) / median(times['awsvpc local'])).toFixed(2)}`);
    console.log(`  first task on the host, with its setup: ${first.ms.toFixed(1)} ms`);
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
