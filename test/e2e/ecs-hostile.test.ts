/**
 * What a hostile API caller must not get: host paths on Fargate, past the operator's
 * --allow-* settings (at registration and again at launch, after a restart with stricter
 * settings), negative desired counts, and resources of another account or region.
 * Every call here is refused before a container starts, except the one allowed mount.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterCommand, CreateServiceCommand, DescribeTaskDefinitionCommand, ECSClient, ListTasksCommand, PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand, RegisterTaskDefinitionCommandInput, RunTaskCommand, StartTaskCommand, UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { AWSVPC, waitForStatus } from '../support/ecs-helpers.js';

const IMAGE = 'berth-test/busybox:1';
const FOREIGN_ACCOUNT = '111111111111';

async function rejects(p: Promise<unknown>, name: string, message: string | RegExp): Promise<void> {
  const err: any = await p.then(() => undefined, (e) => e);
  assert.ok(err, `expected ${name}, but the call succeeded`);
  assert.equal(err.name, name, `${err.name}: ${err.message}`);
  if (typeof message === 'string') assert.equal(err.message, message);
  else assert.match(err.message, message);
}

const withVolume = (family: string, volume: NonNullable<RegisterTaskDefinitionCommandInput['volumes']>[number], over: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput => ({
  family, volumes: [volume],
  containerDefinitions: [{ name: 'app', image: IMAGE, memory: 32, mountPoints: [{ sourceVolume: volume.name, containerPath: '/host' }] }],
  ...over,
});
const plain = (family: string, container: object = {}): RegisterTaskDefinitionCommandInput =>
  ({ family, containerDefinitions: [{ name: 'app', image: IMAGE, memory: 32, ...container }] });

describe('hostile ECS callers', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-hostile-'));
  const hostDir = mkdtempSync(join(tmpdir(), 'berth-hostile-mounts-'));
  const allowed = join(hostDir, 'allowed');
  let berth: RunningBerth;
  let ecs: ECSClient;

  before(async () => {
    mkdirSync(join(allowed, 'sub'), { recursive: true });
    writeFileSync(join(allowed, 'sub', 'greeting'), 'allowed\n');
    berth = await startBerthProcess({ dataDir });
    ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({}));
    await ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'default', capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [] }));
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
    rmSync(hostDir, { recursive: true, force: true });
  });

  describe('with the default settings', () => {
    it('a Fargate task definition cannot bind a host path', async () => {
      await rejects(ecs.send(new RegisterTaskDefinitionCommand(withVolume('fg-root', { name: 'root', host: { sourcePath: '/' } }, {
        requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512',
      }))), 'ClientException', 'Fargate compatible task definitions do not support sourcePath');
    });

    it('an EC2 definition mounting the Docker socket registers for EC2 only and cannot run on Fargate', async () => {
      const out = await ecs.send(new RegisterTaskDefinitionCommand(withVolume('sock', { name: 'sock', host: { sourcePath: '/var/run/docker.sock' } }, {
        networkMode: 'awsvpc', cpu: '256', memory: '512',
      })));
      assert.deepEqual(out.taskDefinition?.compatibilities, ['EC2']);
      const fargate = 'Task definition does not support launch_type FARGATE.';
      await rejects(ecs.send(new RunTaskCommand({ taskDefinition: 'sock', launchType: 'FARGATE', networkConfiguration: AWSVPC })), 'InvalidParameterException', fargate);
      await rejects(ecs.send(new RunTaskCommand({
        taskDefinition: 'sock', capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }], networkConfiguration: AWSVPC,
      })), 'InvalidParameterException', fargate);
      await rejects(ecs.send(new CreateServiceCommand({
        serviceName: 'sock', taskDefinition: 'sock', desiredCount: 1, launchType: 'FARGATE', networkConfiguration: AWSVPC,
      })), 'InvalidParameterException', fargate);
    });

    it('desiredCount must not be negative', async () => {
      await ecs.send(new RegisterTaskDefinitionCommand(plain('plain')));
      await rejects(ecs.send(new CreateServiceCommand({ serviceName: 'neg', taskDefinition: 'plain', desiredCount: -1 })),
        'InvalidParameterException', 'desiredCount must be greater than or equal to 0.');
      await ecs.send(new CreateServiceCommand({ serviceName: 'neg', taskDefinition: 'plain', desiredCount: 0 }));
      await rejects(ecs.send(new UpdateServiceCommand({ service: 'neg', desiredCount: -1 })),
        'InvalidParameterException', 'desiredCount must be greater than or equal to 0.');
    });

    it('ARNs of another account or region name nothing here', async () => {
      const foreignTd = [
        `arn:aws:ecs:us-east-1:${FOREIGN_ACCOUNT}:task-definition/plain:1`,
        'arn:aws:ecs:eu-west-1:000000000000:task-definition/plain:1',
      ];
      for (const taskDefinition of foreignTd) {
        await rejects(ecs.send(new RunTaskCommand({ taskDefinition })), 'ClientException', 'Unable to describe task definition.');
        await rejects(ecs.send(new StartTaskCommand({ taskDefinition, containerInstances: ['any'] })), 'ClientException', 'Unable to describe task definition.');
        await rejects(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition })), 'ClientException', 'Unable to describe task definition.');
        await rejects(ecs.send(new CreateServiceCommand({ serviceName: 'foreign', taskDefinition, desiredCount: 0 })), 'ClientException', 'Unable to describe task definition.');
        await rejects(ecs.send(new UpdateServiceCommand({ service: 'neg', taskDefinition })), 'ClientException', 'Unable to describe task definition.');
      }
      await rejects(ecs.send(new RunTaskCommand({ cluster: `arn:aws:ecs:us-east-1:${FOREIGN_ACCOUNT}:cluster/default`, taskDefinition: 'plain' })),
        'ClusterNotFoundException', 'Cluster not found.');
      await rejects(ecs.send(new UpdateServiceCommand({ service: `arn:aws:ecs:us-east-1:${FOREIGN_ACCOUNT}:service/default/neg`, desiredCount: 0 })),
        'ServiceNotFoundException', 'Service not found.');
    });

    it('host mounts and privileged containers are allowed on EC2 (registered here, run after the restart below)', async () => {
      await ecs.send(new RegisterTaskDefinitionCommand(withVolume('rootfs', { name: 'root', host: { sourcePath: '/' } })));
      await ecs.send(new RegisterTaskDefinitionCommand(plain('priv', { privileged: true })));
      await ecs.send(new CreateServiceCommand({ serviceName: 'rootfs', taskDefinition: 'rootfs', desiredCount: 0 }));
    });
  });

  describe('after a restart with --allow-host-mounts <dir> --allow-privileged false', () => {
    before(async () => {
      ecs.destroy();
      await berth.stop();
      berth = await startBerthProcess({ dataDir, args: ['--allow-host-mounts', allowed, '--allow-privileged', 'false'] });
      ecs = berth.ecs();
    });

    it('definitions registered earlier are refused at launch, naming the setting', async () => {
      await rejects(ecs.send(new RunTaskCommand({ taskDefinition: 'rootfs' })), 'ClientException',
        `Host bind mounts outside ${allowed} are disabled by the Berth operator (--allow-host-mounts): volume 'root' uses host.sourcePath '/'.`);
      await rejects(ecs.send(new RunTaskCommand({ taskDefinition: 'priv' })), 'ClientException',
        "Privileged containers are disabled by the Berth operator (--allow-privileged): container 'app'.");
      await rejects(ecs.send(new CreateServiceCommand({ serviceName: 'priv', taskDefinition: 'priv', desiredCount: 1 })), 'ClientException', /--allow-privileged/);
    });

    it('the service scheduler does not launch them either', async () => {
      await ecs.send(new UpdateServiceCommand({ service: 'rootfs', desiredCount: 1 }));
      await eventually(async () => /service reconcile failed.*--allow-host-mounts/.test(berth.output()), 'the scheduler to refuse the launch');
      const tasks = await ecs.send(new ListTasksCommand({ serviceName: 'rootfs' }));
      assert.deepEqual(tasks.taskArns, []);
      await rejects(ecs.send(new UpdateServiceCommand({ service: 'rootfs', taskDefinition: 'rootfs' })), 'ClientException', /--allow-host-mounts/);
      await ecs.send(new UpdateServiceCommand({ service: 'rootfs', desiredCount: 0 }));
    });

    it('new definitions outside the allowed prefix are refused at registration', async () => {
      const outside = [
        { name: 'root', host: { sourcePath: '/' } },
        { name: 'up', host: { sourcePath: `${allowed}/../../../etc` } },
        { name: 'sibling', host: { sourcePath: `${allowed}2` } },
        { name: 'bind', dockerVolumeConfiguration: { scope: 'task' as const, driver: 'local', driverOpts: { type: 'none', o: 'bind', device: '/' } } },
      ];
      for (const volume of outside) {
        await rejects(ecs.send(new RegisterTaskDefinitionCommand(withVolume('outside', volume))), 'ClientException', /^Host bind mounts outside .* \(--allow-host-mounts\)/);
      }
      await rejects(ecs.send(new RegisterTaskDefinitionCommand(plain('priv2', { privileged: true }))), 'ClientException', /--allow-privileged/);
    });

    it('a mount under the allowed prefix runs', async () => {
      const image = await ensureBusyboxImage(IMAGE);
      await ecs.send(new RegisterTaskDefinitionCommand({
        family: 'inside', volumes: [{ name: 'data', host: { sourcePath: `${allowed}/sub/` } }],
        containerDefinitions: [{
          name: 'app', image, memory: 32, command: ['sh', '-c', 'test "$(cat /host/greeting)" = allowed'],
          mountPoints: [{ sourceVolume: 'data', containerPath: '/host', readOnly: true }],
        }],
      }));
      const out = await ecs.send(new RunTaskCommand({ taskDefinition: 'inside' }));
      const stopped = await waitForStatus(ecs, 'default', out.tasks![0].taskArn!, 'STOPPED');
      assert.equal(stopped.containers?.[0].exitCode, 0, stopped.stoppedReason);
    });
  });
});
