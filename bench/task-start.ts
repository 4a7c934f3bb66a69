/**
 * bench/task-start: RunTask → RUNNING latency of a one-container busybox task through
 * Berth, against raw `docker run -d` of the same image in the same run (interleaved),
 * then 100 tasks as 10 RunTask calls of 10 against 100 raw runs at the same concurrency,
 * then the 1,000-task point (./task-scale.ts; BENCH_SCALE_TASKS=0 skips it).
 * Prints the figures and the ratios (goals ≤ 1.3, and ≥ 0.8 for the start rate at scale).
 */
import { CreateClusterCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../test/support/busybox-image.js';
import { startBerthProcess } from '../test/support/berth-process.js';
import { median, percentile, rawDockerRun, removeByLabel, runConcurrently, untilRunning } from './bench-support.js';
import { scalePoint } from './task-scale.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const BURST_CONCURRENCY = 8;
const RAW_LABEL = 'berth.bench=raw';

async function main(): Promise<void> {
  const image = await ensureBusyboxImage();
  const berth = await startBerthProcess({ args: ['--task-concurrency', String(BURST_CONCURRENCY)] });
  const ecs = berth.ecs();
  try {
    await ecs.send(new CreateClusterCommand({ clusterName: 'bench' }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'one', containerDefinitions: [{ name: 'c', image, memory: 8, command: ['sleep', '600'] }] }));
    // Warm both paths once (image cache, SDK connection, JIT).
    await rawDockerRun(image, RAW_LABEL);
    await untilRunning(ecs, 'bench', [(await ecs.send(new RunTaskCommand({ cluster: 'bench', taskDefinition: 'one' }))).tasks![0].taskArn!], 2);

    const raw: number[] = [];
    const berthMs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      raw.push((await rawDockerRun(image, RAW_LABEL)).ms);
      const t0 = performance.now();
      const arn = (await ecs.send(new RunTaskCommand({ cluster: 'bench', taskDefinition: 'one' }))).tasks![0].taskArn!;
      await untilRunning(ecs, 'bench', [arn], 2);
      berthMs.push(performance.now() - t0);
    }
    const rawMedian = median(raw);
    const berthMedian = median(berthMs);
    console.log(`single task, ${ROUNDS} interleaved rounds:`);
    console.log(`  raw docker run -d   median ${rawMedian.toFixed(1)} ms  p90 ${percentile(raw, 90).toFixed(1)} ms`);
    console.log(`  Berth RunTask→RUNNING median ${berthMedian.toFixed(1)} ms  p90 ${percentile(berthMs, 90).toFixed(1)} ms`);
    console.log(`  ratio ${(berthMedian / rawMedian).toFixed(2)} (goal ≤ 1.3)`);
    await removeByLabel(RAW_LABEL);

    const rawStart = performance.now();
    await runConcurrently(100, BURST_CONCURRENCY, () => rawDockerRun(image, RAW_LABEL));
    const rawBurst = performance.now() - rawStart;
    await removeByLabel(RAW_LABEL);

    const burstStart = performance.now();
    const calls = await Promise.all(Array.from({ length: 10 }, () => ecs.send(new RunTaskCommand({ cluster: 'bench', taskDefinition: 'one', count: 10 }))));
    const arns = calls.flatMap((c) => c.tasks!.map((t) => t.taskArn!));
    if (arns.length !== 100) throw new Error(`expected 100 tasks, got ${arns.length}: ${JSON.stringify(calls.flatMap((c) => c.failures))}`);
    await untilRunning(ecs, 'bench', arns, 20);
    const berthBurst = performance.now() - burstStart;
    console.log(`100 tasks (10 RunTask × 10) vs 100 raw runs at concurrency ${BURST_CONCURRENCY}:`);
    console.log(`  raw ${(rawBurst / 1000).toFixed(2)} s   Berth ${(berthBurst / 1000).toFixed(2)} s   ratio ${(berthBurst / rawBurst).toFixed(2)} (goal ≤ 1.3)`);
    if (Number(process.env.BENCH_SCALE_TASKS ?? 1000) > 0) await scalePoint(berth, ecs, image, BURST_CONCURRENCY);
  } finally {
    ecs.destroy();
    await removeByLabel(RAW_LABEL);
    await berth.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
