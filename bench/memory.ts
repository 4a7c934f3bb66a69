/**
 * bench/memory: Berth's resident memory idle and with 200 running tasks (goals: ≤ 150 MB
 * idle, ≤ 300 MB with 200 tasks). The baseline is the same process's idle figure. Also its
 * CPU share over a quiet minute, idle and with the 200 tasks, when the ECS metrics collector
 * samples every task's containers four times a minute (issue 10: the collector's own cost).
 */
import { readFileSync } from 'node:fs';
import { CreateClusterCommand, DescribeTasksCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../test/support/busybox-image.js';
import { startBerthProcess } from '../test/support/berth-process.js';
import { rssMiB, untilRunning } from './bench-support.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 200);
const QUIET_MS = Number(process.env.BENCH_QUIET_SECONDS ?? 60) * 1000;

/** CPU seconds the process used so far (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The share of one core the process used over a quiet period. */
async function cpuShare(pid: number, ms: number): Promise<number> {
  const before = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, ms));
  return (cpuSeconds(pid) - before) / (ms / 1000);
}

async function main(): Promise<void> {
  const image = await ensureBusyboxImage();
  const berth = await startBerthProcess();
  const ecs = berth.ecs();
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const idle = rssMiB(berth.process.pid!);
    const idleCpu = await cpuShare(berth.process.pid!, QUIET_MS);
    await ecs.send(new CreateClusterCommand({ clusterName: 'mem' }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'idle', containerDefinitions: [{ name: 'c', image, memory: 8, command: ['sleep', '3600'] }] }));
    const arns: string[] = [];
    for (let i = 0; i < TASKS / 10; i++) {
      const out = await ecs.send(new RunTaskCommand({ cluster: 'mem', taskDefinition: 'idle', count: 10 }));
      arns.push(...out.tasks!.map((t) => t.taskArn!));
    }
    await untilRunning(ecs, 'mem', arns, 200, 300_000);
    // Exercise the read paths a dashboard would hit, then let the heap settle.
    for (let i = 0; i < 20; i++) {
      const page = await ecs.send(new ListTasksCommand({ cluster: 'mem' }));
      await ecs.send(new DescribeTasksCommand({ cluster: 'mem', tasks: page.taskArns }));
    }
    await new Promise((r) => setTimeout(r, 5000));
    const loaded = rssMiB(berth.process.pid!);
    const loadedCpu = await cpuShare(berth.process.pid!, QUIET_MS);
    console.log(`Berth RSS idle ${idle.toFixed(1)} MiB (goal ≤ 150)`);
    console.log(`Berth RSS with ${arns.length} running tasks ${loaded.toFixed(1)} MiB (goal ≤ 300); ratio to idle ${(loaded / idle).toFixed(2)}`);
    console.log(`Berth CPU over a quiet ${QUIET_MS / 1000} s: idle ${(idleCpu * 100).toFixed(2)}% of a core, with ${arns.length} running tasks (metrics collector sampling them) ${(loadedCpu * 100).toFixed(2)}%`);
  } finally {
    ecs.destroy();
    await berth.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
