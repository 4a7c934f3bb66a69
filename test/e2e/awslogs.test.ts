/**
 * The awslogs log driver end to end: a task's containers (busybox, built locally) write to
 * the streams ECS names, multi-line events are assembled, a missing group fails the task as
 * the agent reports it, awslogs-create-group creates it; a Berth killed while a task writes
 * resumes without losing or repeating a line; `aws logs tail --follow` (aws CLI v2, which
 * polls FilterLogEvents) shows a running task's output as it is written.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ContainerDefinition, CreateClusterCommand, ECSClient, StopTaskCommand } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { describeTask, runOne, waitForStatus } from '../support/ecs-helpers.js';

const REGION = 'us-east-1';
const AWS_V2 = '/usr/bin/aws';

const awslogs = (options: Record<string, string>) => ({ logDriver: 'awslogs' as const, options: { 'awslogs-region': REGION, ...options } });
const taskIdOf = (arn: string) => arn.split('/').pop()!;

describe('the awslogs log driver', () => {
  const berths: RunningBerth[] = [];
  let image: string;
  const clients = (berth: RunningBerth) => ({
    ecs: berth.ecs(REGION),
    logs: new CloudWatchLogsClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
  });
  const start = async (dataDir?: string) => {
    const berth = await startBerthProcess({ dataDir });
    berths.push(berth);
    return berth;
  };
  const messages = async (logs: CloudWatchLogsClient, group: string, stream: string) =>
    (await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }))).events!.map((e) => e.message!);
  const run = (ecs: ECSClient, family: string, containers: ContainerDefinition[]) =>
    runOne(ecs, 'logs', { family, containerDefinitions: containers.map((c) => ({ image, memory: 16, stopTimeout: 2, ...c })) });

  before(async () => {
    image = await ensureBusyboxImage();
  });
  after(async () => {
    for (const b of berths.reverse()) await b.destroy();
  });

  it('ships stdout and stderr to <prefix>/<container>/<task id>, multi-line events to the container id; a missing group fails the task', async () => {
    const { ecs, logs } = clients(await start());
    await ecs.send(new CreateClusterCommand({ clusterName: 'logs' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }));
    const arn = await run(ecs, 'talker', [
      { name: 'app', command: ['sh', '-c', 'echo hello out; echo hello err >&2; sleep 600'], logConfiguration: awslogs({ 'awslogs-group': '/ecs/app', 'awslogs-stream-prefix': 'ecs' }) },
      {
        name: 'trace', essential: false, command: ['sh', '-c', 'echo "INFO start"; echo "ERROR boom"; echo "  at frame 1"; echo "  at frame 2"; echo "INFO done"'],
        logConfiguration: awslogs({ 'awslogs-group': '/ecs/app', 'awslogs-multiline-pattern': '^(INFO|ERROR)' }),
      },
    ]);
    await waitForStatus(ecs, 'logs', arn, 'RUNNING');
    const stream = `ecs/app/${taskIdOf(arn)}`;
    const out = await eventually(async () => ((await messages(logs, '/ecs/app', stream).catch(() => [])).length === 2 ? messages(logs, '/ecs/app', stream) : undefined), 'the app stream');
    assert.deepEqual([...out].sort(), ['hello err', 'hello out']);
    const traceId = (await describeTask(ecs, 'logs', arn)).containers!.find((c) => c.name === 'trace')!.runtimeId!;
    const trace = await eventually(async () => {
      const got = await messages(logs, '/ecs/app', traceId).catch(() => []);
      return got.length === 3 ? got : undefined;
    }, 'the multi-line events');
    assert.deepEqual(trace, ['INFO start\n', 'ERROR boom\n  at frame 1\n  at frame 2\n', 'INFO done\n']);
    await ecs.send(new StopTaskCommand({ cluster: 'logs', task: arn }));

    const orphan = await run(ecs, 'orphan', [{ name: 'app', command: ['sleep', '600'], logConfiguration: awslogs({ 'awslogs-group': '/ecs/none' }) }]);
    const stopped = await waitForStatus(ecs, 'logs', orphan, 'STOPPED');
    const reason = 'CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.';
    assert.deepEqual([stopped.stopCode, stopped.stoppedReason, stopped.containers![0].reason], ['TaskFailedToStart', reason, reason]);

    const created = await run(ecs, 'creator', [{ name: 'app', command: ['sleep', '600'], logConfiguration: awslogs({ 'awslogs-group': '/ecs/created', 'awslogs-create-group': 'true' }) }]);
    await waitForStatus(ecs, 'logs', created, 'RUNNING');
    assert.deepEqual((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/created' }))).logGroups!.map((g) => g.logGroupName), ['/ecs/created']);
    await ecs.send(new StopTaskCommand({ cluster: 'logs', task: created }));
  });

  it('loses and repeats no line when Berth is killed while a task writes', async () => {
    const first = await start();
    const a = clients(first);
    await a.ecs.send(new CreateClusterCommand({ clusterName: 'logs' }));
    await a.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/crash' }));
    const script = 'i=0; while test $i -lt 40; do echo "line $i"; i=$((i+1)); sleep 0.2; done';
    const arn = await run(a.ecs, 'counter', [{ name: 'app', command: ['sh', '-c', script], logConfiguration: awslogs({ 'awslogs-group': '/ecs/crash', 'awslogs-stream-prefix': 'ecs' }) }]);
    const stream = `ecs/app/${taskIdOf(arn)}`;
    await eventually(async () => (await messages(a.logs, '/ecs/crash', stream).catch(() => [])).length >= 5, 'the first lines', 30_000, 100);
    await first.stop('SIGKILL');
    a.ecs.destroy();
    a.logs.destroy();
    await new Promise((r) => setTimeout(r, 1500)); // the task keeps writing while no Berth runs
    const b = clients(await start(first.dataDir));
    await waitForStatus(b.ecs, 'logs', arn, 'STOPPED', 60_000);
    const expected = Array.from({ length: 40 }, (_v, i) => `line ${i}`);
    const shipped = await eventually(async () => {
      const got = await messages(b.logs, '/ecs/crash', stream);
      return got.length >= 40 ? got : undefined;
    }, 'all 40 lines', 30_000, 200);
    assert.deepEqual(shipped, expected);
  });

  it('aws logs tail --follow shows a running task\'s output live', { skip: existsSync(AWS_V2) ? false : `${AWS_V2} (Debian's awscli, v2) is not installed` }, async () => {
    const berth = await start();
    const { ecs, logs } = clients(berth);
    await ecs.send(new CreateClusterCommand({ clusterName: 'logs' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/live' }));
    const arn = await run(ecs, 'ticker', [{ name: 'app', command: ['sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 1; done'], logConfiguration: awslogs({ 'awslogs-group': '/ecs/live', 'awslogs-stream-prefix': 'ecs' }) }]);
    await waitForStatus(ecs, 'logs', arn, 'RUNNING');
    const tail = spawn(AWS_V2, ['--endpoint-url', berth.endpoint, '--region', REGION, 'logs', 'tail', '/ecs/live', '--follow', '--format', 'short'], { env: berth.cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    tail.stdout.on('data', (d) => (out += d));
    tail.stderr.on('data', (d) => (out += d));
    const ticks = () => [...out.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
    try {
      await eventually(async () => ticks().length > 0, 'tail to print a tick', 30_000, 100).catch(() => assert.fail(`no tick from aws logs tail:\n${out}`));
      const firstSeen = ticks()[0];
      // Printed while tail runs: it polls every 5 s, so a few polls show ticks written after it started.
      await eventually(async () => Math.max(...ticks()) >= firstSeen + 6, 'ticks written after tail started', 30_000, 200).catch(() => assert.fail(`tail stopped following:\n${out}`));
    } finally {
      tail.kill('SIGTERM');
    }
    const seen = ticks();
    assert.deepEqual(seen, seen.map((_v, i) => seen[0] + i), 'each tick once, in order');
    await ecs.send(new StopTaskCommand({ cluster: 'logs', task: arn }));
  });
});
