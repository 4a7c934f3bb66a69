/**
 * The 1,000-task point of bench/task-start: 1,000 one-container tasks (network mode none)
 * against 1,000 raw `docker run -d --network none` at the same concurrency, in the same
 * run. The figure is the start rate over the last 200 (tasks/s when 800 to 1,000 already
 * run), where per-task costs that grow with the task count would show; goal ≥ 0.8× raw.
 * Also Berth's RSS at 1,000 tasks (goal ≤ 200 MB) and DescribeClusters latency there.
 */
import { DescribeClustersCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { RunningBerth } from '../test/support/berth-process.js';
import { median, removeByLabel, rssMiB, run, runConcurrently } from './bench-support.js';

const TASKS = Number(process.env.BENCH_SCALE_TASKS ?? 1000);
const TAIL = TASKS / 5;
const RAW_LABEL = 'berth.bench=raw-scale';

/** Seconds from the start until the (n)th item finished, for each n. */
const tailRate = (doneAt: number[]) => {
  const sorted = [...doneAt].sort((a, b) => a - b);
  return TAIL / ((sorted[TASKS - 1] - sorted[TASKS - TAIL - 1]) / 1000);
};

async function rawRun(image: string, concurrency: number): Promise<number> {
  const t0 = performance.now();
  const doneAt = await runConcurrently(TASKS, concurrency, async () => {
    await run('docker', ['run', '-d', '--network', 'none', '--memory-reservation', '6m', '--label', RAW_LABEL, image, 'sleep', '3600']);
    return performance.now() - t0;
  });
  await removeByLabel(RAW_LABEL);
  return tailRate(doneAt);
}

/** When each task was first seen RUNNING (polled every 500 ms, so rates are ±0.5 s over the tail). */
async function berthRun(ecs: ECSClient, concurrency: number): Promise<number> {
  const t0 = performance.now();
  const seen = new Map<string, number>();
  let launched = 0;
  const launching = runConcurrently(TASKS / 10, concurrency, async () => {
    const out = await ecs.send(new RunTaskCommand({ cluster: 'bench', taskDefinition: 'none', count: 10 }));
    launched += out.tasks?.length ?? 0;
  });
  while (seen.size < TASKS) {
    if (performance.now() - t0 > 30 * 60_000) throw new Error(`only ${seen.size} of ${TASKS} tasks RUNNING after 30 min`);
    await new Promise((r) => setTimeout(r, 500));
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListTasksCommand({ cluster: 'bench', family: 'none', maxResults: 100, nextToken }));
      const fresh = (page.taskArns ?? []).filter((a) => !seen.has(a));
      if (fresh.length) {
        const out = await ecs.send(new DescribeTasksCommand({ cluster: 'bench', tasks: fresh }));
        for (const t of out.tasks ?? []) if (t.lastStatus === 'RUNNING') seen.set(t.taskArn!, performance.now() - t0);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  await launching;
  if (launched !== TASKS) throw new Error(`launched ${launched} tasks, expected ${TASKS}`);
  return tailRate([...seen.values()]);
}

export async function scalePoint(berth: RunningBerth, ecs: ECSClient, image: string, concurrency: number): Promise<void> {
  // A soft reservation, not a hard limit: under a 6 MiB limit (Docker's minimum) runc's
  // init is now and then OOM-killed before the process starts, as its copy of itself is
  // charged to the container ("cannot start a stopped process", dozens per 1,000 starts).
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'none', networkMode: 'none', containerDefinitions: [{ name: 'c', image, memoryReservation: 6, command: ['sleep', '3600'] }] }));
  const raw = await rawRun(image, concurrency);
  const berthRate = await berthRun(ecs, concurrency);
  const latencies: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await ecs.send(new DescribeClustersCommand({ clusters: ['bench'] }));
    latencies.push(performance.now() - t);
  }
  console.log(`${TASKS} tasks (network none) vs ${TASKS} raw runs at concurrency ${concurrency}, rate over the last ${TAIL}:`);
  console.log(`  raw ${raw.toFixed(2)}/s   Berth ${berthRate.toFixed(2)}/s   ratio ${(berthRate / raw).toFixed(2)} (goal ≥ 0.8)`);
  console.log(`  Berth RSS at ${TASKS} tasks: ${rssMiB(berth.process.pid!).toFixed(0)} MiB (goal ≤ 200 MB); DescribeClusters median ${median(latencies).toFixed(1)} ms`);
}
