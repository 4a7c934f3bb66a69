/**
 * ECS tasks running images pushed to Berth: named by the registry host and in AWS form
 * (`<account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>`); a missing tag stops the task
 * with CannotPullContainerError.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateClusterCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { docker, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { runOne, waitForStatus } from '../support/ecs-helpers.js';
import { ecrClient, registryPassword } from '../support/registry-client.js';

const run = promisify(execFile);
const CLUSTER = 'ecr';

describe('ECS tasks with images from Berth\'s registry', () => {
  let berth: RunningBerth;
  let host: string;
  const source = `berth-test/ecr-ecs-${Math.random().toString(36).slice(2, 8)}:1`;

  before(async () => {
    berth = await startBerthProcess();
    host = `localhost:${new URL(berth.endpoint).port}`;
    await ensureBusyboxImage(source);
    await ecrClient(berth).send(new CreateRepositoryCommand({ repositoryName: 'ecs/app' }));
    const password = await registryPassword(berth);
    await run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', `AWS:${password}`, `docker-daemon:${source}`, `docker://${host}/ecs/app:v1`]);
    await berth.ecs().send(new CreateClusterCommand({ clusterName: CLUSTER }));
  });

  after(async () => {
    await berth?.destroy();
    for (const ref of [source, `${host}/ecs/app:v1`]) await run('docker', ['rmi', '-f', ref]).catch(() => undefined);
  });

  async function runImage(family: string, image: string): Promise<string> {
    return runOne(berth.ecs(), CLUSTER, { family, containerDefinitions: [{ name: 'app', image, memory: 64, command: ['sleep', '60'] }] });
  }

  for (const form of ['registry host', 'AWS form'] as const) {
    it(`runs an image named in ${form}`, async () => {
      const image = form === 'AWS form' ? '000000000000.dkr.ecr.us-east-1.amazonaws.com/ecs/app:v1' : `${host}/ecs/app:v1`;
      await run('docker', ['rmi', '-f', `${host}/ecs/app:v1`]).catch(() => undefined);
      const arn = await runImage(form === 'AWS form' ? 'aws-form' : 'host-form', image);
      const task = await waitForStatus(berth.ecs(), CLUSTER, arn, 'RUNNING');
      assert.equal(task.containers![0].image, image, 'the API shows the image as the definition names it');
      const id = (await docker('ps', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${arn}`)).split('\n')[0];
      assert.equal(await docker('inspect', '--format', '{{.Config.Image}}', id), `${host}/ecs/app:v1`);
      await berth.ecs().send(new StopTaskCommand({ cluster: CLUSTER, task: arn }));
      await waitForStatus(berth.ecs(), CLUSTER, arn, 'STOPPED');
    });
  }

  it('stops a task whose tag does not exist with CannotPullContainerError', async () => {
    const image = '000000000000.dkr.ecr.us-east-1.amazonaws.com/ecs/app:missing';
    const arn = await runImage('missing', image);
    const task = await waitForStatus(berth.ecs(), CLUSTER, arn, 'STOPPED');
    assert.equal(task.stopCode, 'TaskFailedToStart');
    assert.equal(task.stoppedReason, `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: ${image}: not found`);
  });

  describe('pulls with the task execution role', () => {
    const image = '000000000000.dkr.ecr.us-east-1.amazonaws.com/ecs/app:v1';
    const runAs = (family: string, role: string) => runOne(berth.ecs(), CLUSTER, {
      family, executionRoleArn: `arn:aws:iam::000000000000:role/${role}`,
      containerDefinitions: [{ name: 'app', image, memory: 64, command: ['sleep', '60'] }],
    });

    before(async () => {
      const iam = new IAMClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      for (const name of ['exec-managed', 'exec-bare', 'exec-token-only']) await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'exec-managed', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }));
      await iam.send(new PutRolePolicyCommand({
        RoleName: 'exec-token-only', PolicyName: 'token',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }] }),
      }));
    });

    it('runs with AmazonECSTaskExecutionRolePolicy', async () => {
      await run('docker', ['rmi', '-f', `${host}/ecs/app:v1`]).catch(() => undefined);
      const arn = await runAs('exec-managed', 'exec-managed');
      await waitForStatus(berth.ecs(), CLUSTER, arn, 'RUNNING');
      await berth.ecs().send(new StopTaskCommand({ cluster: CLUSTER, task: arn }));
    });

    it('stops the task when the role may not get registry auth', async () => {
      const task = await waitForStatus(berth.ecs(), CLUSTER, await runAs('exec-bare', 'exec-bare'), 'STOPPED');
      assert.match(task.stoppedReason!, /^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: .*AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role\/exec-bare\/[0-9a-f]{32} is not authorized to perform: ecr:GetAuthorizationToken on resource: \*/);
    });

    it('stops the task with CannotPullContainerError when the role may not pull the image', async () => {
      await run('docker', ['rmi', '-f', `${host}/ecs/app:v1`]).catch(() => undefined);
      const task = await waitForStatus(berth.ecs(), CLUSTER, await runAs('exec-token-only', 'exec-token-only'), 'STOPPED');
      assert.match(task.stoppedReason!, /^CannotPullContainerError: .*assumed-role\/exec-token-only\/[0-9a-f]{32} is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:000000000000:repository\/ecs\/app/);
    });
  });
});
