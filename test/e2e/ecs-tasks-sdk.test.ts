/**
 * The foundation's promise through @aws-sdk/client-ecs: a cluster, a task definition,
 * a task that really runs as a container and answers HTTP on its dynamic port, then stops.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, DescribeContainerInstancesCommand, DescribeTasksCommand,
  ECSClient, ListContainerInstancesCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand,
  waitUntilTasksRunning, waitUntilTasksStopped, ListTagsForResourceCommand, TagResourceCommand,
} from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { docker, RunningBerth, startBerthProcess } from '../support/berth-process.js';

const WEB_COMMAND = ['sh', '-c', 'mkdir -p /www && echo hello-from-berth > /www/index.html && exec httpd -f -p 8080 -h /www'];

describe('ECS tasks through the SDK', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let image: string;

  before(async () => {
    image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
  });

  it('runs a web task on a dynamic host port and stops it', async () => {
    const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: 'web', tags: [{ key: 'team', value: 'a' }] }));
    assert.equal(cluster?.status, 'ACTIVE');
    assert.deepEqual(cluster?.settings, [{ name: 'containerInsights', value: 'disabled' }]);
    const { taskDefinition } = await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [{ name: 'web', image, memory: 64, command: WEB_COMMAND, portMappings: [{ containerPort: 8080 }], stopTimeout: 2 }],
    }));
    assert.equal(taskDefinition?.revision, 1);
    assert.deepEqual(taskDefinition?.compatibilities, ['EC2']);
    assert.equal(taskDefinition?.containerDefinitions?.[0].essential, true);

    const run = await ecs.send(new RunTaskCommand({ cluster: 'web', taskDefinition: 'web', startedBy: 'e2e', tags: [{ key: 'k', value: 'v' }] }));
    assert.deepEqual(run.failures, []);
    const taskArn = run.tasks![0].taskArn!;
    assert.match(taskArn, /^arn:aws:ecs:us-east-1:000000000000:task\/web\/[0-9a-f]{32}$/);
    assert.equal(run.tasks![0].desiredStatus, 'RUNNING');
    assert.equal(run.tasks![0].launchType, 'EC2');

    await waitUntilTasksRunning({ client: ecs, maxWaitTime: 60, minDelay: 1 }, { cluster: 'web', tasks: [taskArn] });
    const described = await ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: [taskArn], include: ['TAGS'] }));
    const task = described.tasks![0];
    assert.equal(task.lastStatus, 'RUNNING');
    assert.deepEqual(task.tags, [{ key: 'k', value: 'v' }]);
    assert.ok(task.startedAt instanceof Date && task.createdAt instanceof Date);
    assert.ok(task.containerInstanceArn?.includes(':container-instance/web/'));
    const binding = task.containers![0].networkBindings![0];
    assert.equal(binding.bindIP, '127.0.0.1');
    assert.equal(binding.containerPort, 8080);
    assert.ok(binding.hostPort! > 0);
    const body = await (await fetch(`http://127.0.0.1:${binding.hostPort}/`)).text();
    assert.equal(body.trim(), 'hello-from-berth');
    assert.match(await docker('ps', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`, '--format', '{{.Status}}'), /^Up/);

    const listed = await ecs.send(new ListTasksCommand({ cluster: 'web', startedBy: 'e2e' }));
    assert.deepEqual(listed.taskArns, [taskArn]);
    const clusters = await ecs.send(new DescribeClustersCommand({ clusters: ['web'] }));
    assert.equal(clusters.clusters![0].runningTasksCount, 1);
    await assert.rejects(ecs.send(new DeleteClusterCommand({ cluster: 'web' })), { name: 'ClusterContainsTasksException' });

    const stopped = await ecs.send(new StopTaskCommand({ cluster: 'web', task: taskArn, reason: 'done testing' }));
    assert.equal(stopped.task?.desiredStatus, 'STOPPED');
    assert.equal(stopped.task?.stopCode, 'UserInitiated');
    await waitUntilTasksStopped({ client: ecs, maxWaitTime: 60, minDelay: 1 }, { cluster: 'web', tasks: [taskArn] });
    const final = (await ecs.send(new DescribeTasksCommand({ cluster: 'web', tasks: [taskArn] }))).tasks![0];
    assert.equal(final.lastStatus, 'STOPPED');
    assert.equal(final.stoppedReason, 'done testing');
    assert.equal(final.containers![0].lastStatus, 'STOPPED');
    assert.equal(typeof final.containers![0].exitCode, 'number');
    assert.ok(final.stoppedAt instanceof Date);
    assert.equal(await docker('ps', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`), '');
    assert.deepEqual((await ecs.send(new ListTasksCommand({ cluster: 'web' }))).taskArns, []);
    assert.deepEqual((await ecs.send(new ListTasksCommand({ cluster: 'web', desiredStatus: 'STOPPED' }))).taskArns, [taskArn]);
  });

  it('shows the local engine as a container instance and reports resource failures', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'res' }));
    const { containerInstanceArns } = await ecs.send(new ListContainerInstancesCommand({ cluster: 'res' }));
    assert.equal(containerInstanceArns?.length, 1);
    const inst = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'res', containerInstances: containerInstanceArns }))).containerInstances![0];
    const cpu = inst.registeredResources!.find((r) => r.name === 'CPU')!;
    assert.equal(cpu.integerValue! % 1024, 0);
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'huge', containerDefinitions: [{ name: 'x', image, memory: 10_000_000 }] }));
    const run = await ecs.send(new RunTaskCommand({ cluster: 'res', taskDefinition: 'huge' }));
    assert.deepEqual(run.tasks, []);
    assert.equal(run.failures![0].reason, 'RESOURCE:MEMORY');
    assert.equal(run.failures![0].arn, inst.containerInstanceArn);
  });

  it('tags clusters and reports missing ones in failures', async () => {
    const arn = 'arn:aws:ecs:us-east-1:000000000000:cluster/web';
    await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'test' }] }));
    const { tags } = await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    assert.deepEqual(tags, [{ key: 'team', value: 'a' }, { key: 'env', value: 'test' }]);
    const d = await ecs.send(new DescribeClustersCommand({ clusters: ['nope'] }));
    assert.deepEqual(d.failures, [{ arn: 'arn:aws:ecs:us-east-1:000000000000:cluster/nope', reason: 'MISSING' }]);
  });
});
