/**
 * Running a fixed shell script on a Docker host itself, through nothing but its engine: a
 * short-lived container with NET_ADMIN in the host's network namespace, the host's root
 * filesystem at /host (so the script can `chroot /host` to use the host's own tools, e.g.
 * the iptables its dockerd uses). Berth already holds the engine, which is root on the
 * host; this adds no power, only a way to use it without an agent. The script is a constant
 * of the caller and its values go in as arguments ($1…), never into the script text.
 */
import { hexId } from '../platform/ids.js';
import { ContainerRuntime, RuntimeError } from './runtime.js';

export interface HostScript {
  /** Busybox sh source; fixed, never built from values. */
  script: string;
  args: string[];
  /** An image with /bin/busybox (the pause image). */
  image: string;
  /** Labels the helper container; not the task labels, so no reaper mistakes it for a task's. */
  labels: Record<string, string>;
  timeoutMs?: number;
}

const POLL_MS = 100;
const TIMEOUT_MS = 30_000;
const OUTPUT_LIMIT = 2000;

/** Runs the script and resolves with its output; rejects with the output's tail when it exits non-zero. */
export async function runOnHost(runtime: ContainerRuntime, job: HostScript): Promise<string> {
  const id = await runtime.createContainer({
    name: `berth-hostsh-${hexId().slice(0, 12)}`,
    image: job.image,
    labels: job.labels,
    entryPoint: ['/bin/busybox'],
    command: ['sh', '-c', job.script, 'sh', ...job.args],
    env: ['PATH=/bin'],
    networkMode: 'host',
    // Not privileged: only what iptables needs (a privileged container also fails where the
    // engine itself lacks a capability, as in many containers and CI sandboxes).
    capAdd: ['NET_ADMIN', 'NET_RAW'],
    mounts: [{ type: 'bind', source: '/', target: '/host' }],
  });
  try {
    await runtime.startContainer(id);
    const exitCode = await exited(runtime, id, job.timeoutMs ?? TIMEOUT_MS);
    const output = await outputOf(runtime, id);
    if (exitCode !== 0) throw new RuntimeError(`host script exited with ${exitCode}: ${output.slice(-OUTPUT_LIMIT)}`, 'Other');
    return output;
  } finally {
    await runtime.removeContainer(id, { force: true }).catch(() => undefined);
  }
}

async function exited(runtime: ContainerRuntime, id: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await runtime.inspectContainer(id);
    if (!state) throw new RuntimeError('host script container vanished', 'NotFound');
    if (!state.running && state.status !== 'created') return state.exitCode ?? -1;
    if (Date.now() > deadline) throw new RuntimeError(`host script still running after ${timeoutMs / 1000} s`, 'Timeout');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function outputOf(runtime: ContainerRuntime, id: string): Promise<string> {
  const lines: string[] = [];
  for await (const line of runtime.containerLogs(id, { follow: false })) lines.push(line.text);
  return lines.join('\n');
}
