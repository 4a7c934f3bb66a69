/**
 * The walk-through with the official aws CLI, v1 and v2 when both are installed:
 * create-cluster, register-task-definition from a JSON file, run-task, wait, describe,
 * stop-task, wait, list-tasks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { docker, RunningBerth, startBerthProcess } from '../support/berth-process.js';

const run = promisify(execFile);

/** Each installed aws CLI: Debian's v2 at /usr/bin/aws, and a v1 elsewhere on PATH if any. */
async function awsClis(): Promise<{ path: string; version: string }[]> {
  const candidates = new Set<string>(['/usr/bin/aws']);
  try {
    candidates.add((await run('bash', ['-c', 'command -v aws'])).stdout.trim());
  } catch {
    // no aws on PATH
  }
  const found: { path: string; version: string }[] = [];
  for (const path of candidates) {
    if (!path || !existsSync(path)) continue;
    const { stdout, stderr } = await run(path, ['--version']);
    const version = /aws-cli\/(\d+)/.exec(stdout + stderr)?.[1] ?? '?';
    if (!found.some((f) => f.version === version)) found.push({ path, version });
  }
  return found;
}

describe('ECS tasks through the aws CLI', () => {
  let berth: RunningBerth;
  let image: string;
  let clis: { path: string; version: string }[] = [];

  before(async () => {
    image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    clis = await awsClis();
  });
  after(async () => berth?.destroy());

  it('finds at least one aws CLI', () => {
    assert.ok(clis.length > 0, 'no aws CLI installed; the setup script installs Debian awscli');
  });

  it('walks the task life cycle with every installed CLI', async () => {
    for (const cli of clis) {
      const aws = async (...args: string[]) => {
        const { stdout } = await run(cli.path, ['--endpoint-url', berth.endpoint, '--output', 'json', ...args], { env: berth.cliEnv() });
        return stdout.trim() ? JSON.parse(stdout) : {};
      };
      const cluster = `cli-v${cli.version}`;
      const created = await aws('ecs', 'create-cluster', '--cluster-name', cluster);
      assert.equal(created.cluster.clusterName, cluster);
      const file = join(berth.dataDir, `taskdef-${cli.version}.json`);
      writeFileSync(file, JSON.stringify({
        family: `sleeper-${cli.version}`,
        containerDefinitions: [{ name: 'app', image, memory: 32, command: ['sleep', '600'], essential: true, stopTimeout: 2 }],
      }));
      const reg = await aws('ecs', 'register-task-definition', '--cli-input-json', `file://${file}`);
      assert.equal(reg.taskDefinition.status, 'ACTIVE');
      const ran = await aws('ecs', 'run-task', '--cluster', cluster, '--task-definition', `sleeper-${cli.version}`, '--count', '2');
      assert.equal(ran.tasks.length, 2, JSON.stringify(ran));
      const arns: string[] = ran.tasks.map((t: { taskArn: string }) => t.taskArn);
      await aws('ecs', 'wait', 'tasks-running', '--cluster', cluster, '--tasks', ...arns);
      const described = await aws('ecs', 'describe-tasks', '--cluster', cluster, '--tasks', ...arns);
      assert.deepEqual(described.tasks.map((t: { lastStatus: string }) => t.lastStatus), ['RUNNING', 'RUNNING']);
      // v2 prints timestamps as ISO 8601; v1 prints the epoch seconds as received.
      assert.equal(typeof described.tasks[0].createdAt, cli.version === '1' ? 'number' : 'string');
      const running = await docker('ps', '-q', '--filter', `label=com.amazonaws.ecs.cluster=${created.cluster.clusterArn}`);
      assert.equal(running.split('\n').filter(Boolean).length, 2);
      const listed = await aws('ecs', 'list-tasks', '--cluster', cluster);
      assert.deepEqual([...listed.taskArns].sort(), [...arns].sort());
      for (const arn of arns) await aws('ecs', 'stop-task', '--cluster', cluster, '--task', arn);
      await aws('ecs', 'wait', 'tasks-stopped', '--cluster', cluster, '--tasks', ...arns);
      const after = await aws('ecs', 'describe-tasks', '--cluster', cluster, '--tasks', ...arns);
      for (const t of after.tasks) {
        assert.equal(t.lastStatus, 'STOPPED');
        assert.equal(t.stoppedReason, 'Task stopped by user');
        assert.equal(t.containers[0].exitCode, 137, 'sleep as PID 1 ignores SIGTERM, so the stop ends with SIGKILL');
      }
      assert.deepEqual((await aws('ecs', 'list-tasks', '--cluster', cluster)).taskArns, []);
    }
  });

  it('answers errors the way the CLI expects', async () => {
    const cli = clis[0];
    await assert.rejects(
      run(cli.path, ['--endpoint-url', berth.endpoint, 'ecs', 'describe-tasks', '--cluster', 'missing', '--tasks', 'x'], { env: berth.cliEnv() }),
      (e: { stderr: string }) => /ClusterNotFoundException/.test(e.stderr) && /Cluster not found/.test(e.stderr),
    );
    const badKey = { ...berth.cliEnv(), AWS_SECRET_ACCESS_KEY: 'wrong' };
    await assert.rejects(
      run(cli.path, ['--endpoint-url', berth.endpoint, 'ecs', 'list-clusters'], { env: badKey }),
      (e: { stderr: string }) => /InvalidSignatureException/.test(e.stderr),
    );
  });
});
