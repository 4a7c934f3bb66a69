/** Shared pieces of the benchmarks: statistics, raw docker runs, Berth task polling, RSS. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs';

export const run = promisify(execFile);

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Wall time of one `docker run -d` with the given labels, in ms; returns the container id too. */
export async function rawDockerRun(image: string, label: string): Promise<{ ms: number; id: string }> {
  const t0 = performance.now();
  const { stdout } = await run('docker', ['run', '-d', '--label', label, image, 'sleep', '600']);
  return { ms: performance.now() - t0, id: stdout.trim() };
}

export async function removeByLabel(label: string): Promise<void> {
  const ids = (await run('docker', ['ps', '-aq', '--filter', `label=${label}`])).stdout.split('\n').filter(Boolean);
  for (let i = 0; i < ids.length; i += 50) await run('docker', ['rm', '-f', ...ids.slice(i, i + 50)]);
}

/** Polls DescribeTasks (every `intervalMs`) until every task is RUNNING; returns the time that took. */
export async function untilRunning(ecs: ECSClient, cluster: string, arns: string[], intervalMs: number, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  const pending = new Set(arns);
  while (pending.size > 0) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`${pending.size} tasks not RUNNING after ${timeoutMs} ms`);
    const batch = [...pending].slice(0, 100);
    const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: batch }));
    for (const t of out.tasks ?? []) {
      if (t.lastStatus === 'RUNNING') pending.delete(t.taskArn!);
      if (t.lastStatus === 'STOPPED') throw new Error(`task stopped: ${t.stoppedReason}`);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, intervalMs));
  }
  return performance.now() - t0;
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
  return kb / 1024;
}

export async function runConcurrently<T>(count: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await job(i);
    }
  }));
  return results;
}
