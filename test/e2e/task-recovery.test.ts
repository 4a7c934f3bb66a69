/**
 * Berth owns its containers by label: after a SIGKILL in the middle of starting tasks it
 * adopts what runs and finishes the rest, with no orphan and no duplicate; stopped tasks
 * expire after the retention; without the local instance EC2 tasks fail as on AWS.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateClusterCommand, DescribeTasksCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { docker, eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { waitForStatus } from '../support/ecs-helpers.js';

describe('recovery and retention', () => {
  const started: RunningBerth[] = [];
  after(async () => {
    for (const b of started.reverse()) await b.destroy();
  });

  it('adopts and finishes tasks after being killed mid-start, leaving no orphan or duplicate', async () => {
    const image = await ensureBusyboxImage();
    const first = await startBerthProcess();
    started.push(first);
    const ecs = first.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'crash' }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'nap', containerDefinitions: [{ name: 'n', image, memory: 8, command: ['sleep', '600'], stopTimeout: 2 }] }));
    const run = await ecs.send(new RunTaskCommand({ cluster: 'crash', taskDefinition: 'nap', count: 10 }));
    assert.equal(run.tasks!.length, 10);
    // Let a few containers get created, then kill Berth in the middle of the work.
    await eventually(async () => (await docker('ps', '-aq', '--filter', `label=berth.owner=${first.ownerId}`)).split('\n').filter(Boolean).length >= 2, 'some containers', 20_000, 10);
    await first.stop('SIGKILL');
    ecs.destroy();

    const second = await startBerthProcess({ dataDir: first.dataDir });
    started.push(second);
    assert.equal(second.ownerId, first.ownerId);
    const ecs2 = second.ecs();
    const arns = (await ecs2.send(new ListTasksCommand({ cluster: 'crash' }))).taskArns!;
    assert.deepEqual([...arns].sort(), run.tasks!.map((t) => t.taskArn!).sort());
    for (const arn of arns) await waitForStatus(ecs2, 'crash', arn, 'RUNNING');
    const containers = (await docker('ps', '-a', '--filter', `label=berth.owner=${first.ownerId}`, '--format', '{{.Label "com.amazonaws.ecs.task-arn"}}')).split('\n').filter(Boolean);
    assert.equal(containers.length, 10, 'one container per task, no orphan, no duplicate');
    assert.deepEqual([...new Set(containers)].sort(), [...arns].sort());
    const described = await ecs2.send(new DescribeTasksCommand({ cluster: 'crash', tasks: arns }));
    for (const t of described.tasks!) {
      const running = await docker('inspect', '-f', '{{.State.Running}}', t.containers![0].runtimeId!);
      assert.equal(running, 'true');
    }
    ecs2.destroy();
  });

  it('expires stopped tasks after the retention and removes their containers', async () => {
    const image = await ensureBusyboxImage();
    const berth = await startBerthProcess({ args: ['--stopped-task-retention', '2'] });
    started.push(berth);
    const ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({}));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'brief', containerDefinitions: [{ name: 'b', image, memory: 8, command: ['sleep', '600'], stopTimeout: 1 }] }));
    const arn = (await ecs.send(new RunTaskCommand({ taskDefinition: 'brief' }))).tasks![0].taskArn!;
    await waitForStatus(ecs, 'default', arn, 'RUNNING');
    await ecs.send(new StopTaskCommand({ task: arn }));
    await waitForStatus(ecs, 'default', arn, 'STOPPED');
    await eventually(async () => (await ecs.send(new DescribeTasksCommand({ tasks: [arn] }))).failures?.[0]?.reason === 'MISSING', 'the task to expire', 15_000, 200);
    assert.equal(await docker('ps', '-aq', '--filter', `label=com.amazonaws.ecs.task-arn=${arn}`), '');
    ecs.destroy();
  });

  it('fails EC2 tasks as AWS does when no container instance is registered', async () => {
    const berth = await startBerthProcess({ args: ['--local-instance', 'false'] });
    started.push(berth);
    const ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'empty' }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'x', containerDefinitions: [{ name: 'x', image: 'berth-test/busybox:1', memory: 8 }] }));
    await assert.rejects(ecs.send(new RunTaskCommand({ cluster: 'empty', taskDefinition: 'x' })), {
      name: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.',
    });
    ecs.destroy();
  });
});
