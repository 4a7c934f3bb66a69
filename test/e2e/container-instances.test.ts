/**
 * The local engine's container instance through @aws-sdk/client-ecs and the aws CLI:
 * custom attributes, DRAINING and back, deregistration with and without force (a real
 * task's container is stopped).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CreateClusterCommand, DeleteAttributesCommand, DeregisterContainerInstanceCommand, DescribeContainerInstancesCommand, ECSClient,
  ListAttributesCommand, ListContainerInstancesCommand, PutAttributesCommand, RunTaskCommand, UpdateContainerInstancesStateCommand,
  waitUntilTasksRunning,
} from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { docker, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { runOne, waitForStatus } from '../support/ecs-helpers.js';

const run = promisify(execFile);

describe('container instances of the local engine', () => {
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

  async function clusterWithInstance(name: string): Promise<string> {
    await ecs.send(new CreateClusterCommand({ clusterName: name }));
    const { containerInstanceArns } = await ecs.send(new ListContainerInstancesCommand({ cluster: name }));
    assert.equal(containerInstanceArns?.length, 1);
    return containerInstanceArns![0];
  }

  it('puts, lists and deletes custom attributes (and the aws CLI lists them)', async () => {
    const instance = await clusterWithInstance('attrs');
    const put = await ecs.send(new PutAttributesCommand({ cluster: 'attrs', attributes: [{ name: 'stack', value: 'production', targetId: instance }] }));
    assert.deepEqual(put.attributes, [{ name: 'stack', value: 'production', targetId: instance }]);
    const listed = await ecs.send(new ListAttributesCommand({ cluster: 'attrs', targetType: 'container-instance', attributeName: 'stack', attributeValue: 'production' }));
    assert.deepEqual(listed.attributes, [{ name: 'stack', value: 'production', targetId: instance }]);

    const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', berth.endpoint, '--output', 'json', 'ecs', 'list-attributes',
      '--cluster', 'attrs', '--target-type', 'container-instance', '--attribute-name', 'stack'], { env: berth.cliEnv() });
    assert.deepEqual(JSON.parse(stdout).attributes, [{ name: 'stack', value: 'production', targetId: instance }]);

    const deleted = await ecs.send(new DeleteAttributesCommand({ cluster: 'attrs', attributes: [{ name: 'stack', targetId: instance }] }));
    assert.deepEqual(deleted.attributes, [{ name: 'stack', value: 'production', targetId: instance }]);
    const after = await ecs.send(new ListAttributesCommand({ cluster: 'attrs', targetType: 'container-instance', attributeName: 'stack' }));
    assert.deepEqual(after.attributes, []);
    await assert.rejects(ecs.send(new PutAttributesCommand({ cluster: 'attrs', attributes: [{ name: 'ecs.os-type', value: 'windows', targetId: instance }] })),
      { name: 'InvalidParameterException' });
  });

  it('drains the instance, refusing new tasks, then takes them again when ACTIVE', async () => {
    const instance = await clusterWithInstance('drain');
    const def = { family: 'drain-sleep', containerDefinitions: [{ name: 'sleep', image, memory: 32, command: ['sleep', '300'], stopTimeout: 2 }] };
    const drained = await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'drain', containerInstances: [instance], status: 'DRAINING' }));
    assert.deepEqual(drained.failures, []);
    assert.equal(drained.containerInstances?.[0].status, 'DRAINING');
    await assert.rejects(runOne(ecs, 'drain', def), { name: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' });

    const active = await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'drain', containerInstances: [instance], status: 'ACTIVE' }));
    assert.equal(active.containerInstances?.[0].status, 'ACTIVE');
    assert.equal(active.containerInstances?.[0].version, drained.containerInstances![0].version! + 1);
    const task = await runOne(ecs, 'drain', def);
    await waitUntilTasksRunning({ client: ecs, maxWaitTime: 60, minDelay: 1 }, { cluster: 'drain', tasks: [task] });
    await ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'drain', containerInstance: instance, force: true }));
  });

  it('deregisters only with force while a task runs, and then stops the task\'s container', async () => {
    const instance = await clusterWithInstance('dereg');
    const task = await runOne(ecs, 'dereg', { family: 'dereg-sleep', containerDefinitions: [{ name: 'sleep', image, memory: 32, command: ['sleep', '300'], stopTimeout: 2 }] });
    await waitUntilTasksRunning({ client: ecs, maxWaitTime: 60, minDelay: 1 }, { cluster: 'dereg', tasks: [task] });

    await assert.rejects(ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'dereg', containerInstance: instance })),
      { name: 'InvalidParameterException', message: 'Found running tasks on the instance.' });
    const { containerInstance } = await ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'dereg', containerInstance: instance, force: true }));
    assert.equal(containerInstance?.status, 'INACTIVE');
    assert.equal(containerInstance?.runningTasksCount, 0);

    const stopped = await waitForStatus(ecs, 'dereg', task, 'STOPPED');
    assert.equal(stopped.stoppedReason, 'Container instance deregistration forced by user');
    const running = await docker('ps', '-q', '--filter', `label=berth.owner=${berth.ownerId}`, '--filter', `label=com.amazonaws.ecs.task-arn=${task}`);
    assert.equal(running, '', 'the task\'s container is gone');

    const described = await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'dereg', containerInstances: [instance] }));
    assert.equal(described.containerInstances?.[0].status, 'INACTIVE');
    assert.deepEqual((await ecs.send(new ListContainerInstancesCommand({ cluster: 'dereg' }))).containerInstanceArns, []);
    await assert.rejects(ecs.send(new RunTaskCommand({ cluster: 'dereg', taskDefinition: 'dereg-sleep' })), { name: 'InvalidParameterException' });
  });

  it('deregisters an idle instance without force', async () => {
    const instance = await clusterWithInstance('idle');
    const { containerInstance } = await ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'idle', containerInstance: instance }));
    assert.equal(containerInstance?.status, 'INACTIVE');
  });
});
