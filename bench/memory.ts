/**
 * bench/memory: Berth's resident memory idle and with 200 running tasks (goals: ≤ 150 MB
 * idle, ≤ 300 MB with 200 tasks). The baseline is the same process's idle figure.
 */
import { CreateClusterCommand, DescribeTasksCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../test/support/busybox-image.js';
import { startBerthProcess } from '../test/support/berth-process.js';
import { rssMiB, untilRunning } from './bench-support.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 200);

async function main(): Promise<void> {
  const image = await ensureBusyboxImage();
  const berth = await startBerthProcess();
  const ecs = berth.ecs();
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const idle = rssMiB(berth.process.pid!);
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
    console.log(`Berth RSS idle ${idle.toFixed(1)} MiB (goal ≤ 150)`);
    console.log(`Berth RSS with ${arns.length} running tasks ${loaded.toFixed(1)} MiB (goal ≤ 300); ratio to idle ${(loaded / idle).toFixed(2)}`);
  } finally {
    ecs.destroy();
    await berth.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
