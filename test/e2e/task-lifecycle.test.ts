/**
 * Task life-cycle rules on real containers: essential exits, dependsOn ordering,
 * health checks, awsvpc namespaces, Fargate limits, pull failures and containers
 * killed behind Berth's back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { docker, eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { AWSVPC, runOne, waitForStatus } from '../support/ecs-helpers.js';

describe('task life cycle on real containers', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let image: string;
  const cluster = 'life';

  before(async () => {
    image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
  });

  it('stops the task when an essential container exits', async () => {
    const arn = await runOne(ecs, cluster, { family: 'exit3', containerDefinitions: [{ name: 'main', image, memory: 16, command: ['sh', '-c', 'sleep 1; exit 3'] }] });
    const t = await waitForStatus(ecs, cluster, arn, 'STOPPED');
    assert.equal(t.stopCode, 'EssentialContainerExited');
    assert.equal(t.stoppedReason, 'Essential container in task exited');
    assert.equal(t.containers![0].exitCode, 3);
    assert.ok(t.startedAt && t.stoppedAt && t.executionStoppedAt);
  });

  it('starts a container only after its SUCCESS dependency and shares volumes', async () => {
    const arn = await runOne(ecs, cluster, {
      family: 'ordered',
      volumes: [{ name: 'shared' }],
      containerDefinitions: [
        { name: 'init', image, memory: 16, essential: false, command: ['sh', '-c', 'sleep 1; echo ready > /shared/flag'], mountPoints: [{ sourceVolume: 'shared', containerPath: '/shared' }] },
        { name: 'app', image, memory: 16, command: ['sh', '-c', 'cat /shared/flag && exec sleep 300'], dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }], mountPoints: [{ sourceVolume: 'shared', containerPath: '/shared' }], stopTimeout: 2 },
      ],
    });
    const t = await waitForStatus(ecs, cluster, arn, 'RUNNING');
    const init = t.containers!.find((c) => c.name === 'init')!;
    assert.equal(init.lastStatus, 'STOPPED');
    assert.equal(init.exitCode, 0);
    const app = t.containers!.find((c) => c.name === 'app')!;
    assert.equal(app.lastStatus, 'RUNNING');
    assert.equal((await docker('logs', app.runtimeId!)).trim(), 'ready');
  });

  it('fails to start when a SUCCESS dependency exits non-zero', async () => {
    const arn = await runOne(ecs, cluster, {
      family: 'badinit',
      containerDefinitions: [
        { name: 'init', image, memory: 16, essential: false, command: ['sh', '-c', 'exit 1'] },
        { name: 'app', image, memory: 16, command: ['sleep', '300'], dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] },
      ],
    });
    const t = await waitForStatus(ecs, cluster, arn, 'STOPPED');
    assert.equal(t.stopCode, 'TaskFailedToStart');
    assert.match(t.stoppedReason!, /did not exit successfully/);
    assert.equal(t.containers!.find((c) => c.name === 'app')!.runtimeId !== undefined, true);
    assert.equal(t.containers!.find((c) => c.name === 'app')!.exitCode, undefined);
  });

  it('reports container and task health from the health check, and waits on HEALTHY', async () => {
    const arn = await runOne(ecs, cluster, {
      family: 'healthy',
      containerDefinitions: [
        { name: 'db', image, memory: 16, command: ['sleep', '300'], stopTimeout: 2, healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, timeout: 2, retries: 1 } },
        { name: 'api', image, memory: 16, command: ['sleep', '300'], stopTimeout: 2, dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] },
      ],
    });
    const t = await waitForStatus(ecs, cluster, arn, 'RUNNING', 60_000);
    assert.equal(t.containers!.find((c) => c.name === 'db')!.healthStatus, 'HEALTHY');
    assert.equal(t.containers!.find((c) => c.name === 'api')!.healthStatus, 'UNKNOWN');
    assert.equal(t.healthStatus, 'UNKNOWN', 'api is essential and has no health check');
  });

  it('gives an awsvpc task its own address where its containers share localhost', async () => {
    const arn = await runOne(ecs, cluster, {
      family: 'vpc',
      networkMode: 'awsvpc',
      containerDefinitions: [
        { name: 'web', image, memory: 16, stopTimeout: 2, portMappings: [{ containerPort: 8080 }], command: ['sh', '-c', 'mkdir -p /www && echo vpc-ok > /www/index.html && exec httpd -f -p 8080 -h /www'] },
        { name: 'probe', image, memory: 16, stopTimeout: 2, command: ['sh', '-c', 'sleep 1; wget -qO- http://localhost:8080/ && exec sleep 300'] },
      ],
    }, { networkConfiguration: AWSVPC });
    const t = await waitForStatus(ecs, cluster, arn, 'RUNNING');
    const eni = t.attachments!.find((a) => a.type === 'ElasticNetworkInterface')!;
    assert.equal(eni.status, 'ATTACHED');
    const detail = (name: string) => eni.details!.find((d) => d.name === name)?.value;
    const ip = detail('privateIPv4Address')!;
    assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
    assert.match(detail('macAddress')!, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    assert.equal(detail('subnetId'), 'subnet-0123456789abcdef0');
    assert.deepEqual(t.containers!.map((c) => c.networkInterfaces![0].privateIpv4Address), [ip, ip]);
    assert.equal((await (await fetch(`http://${ip}:8080/`)).text()).trim(), 'vpc-ok');
    const probe = t.containers!.find((c) => c.name === 'probe')!;
    await eventually(async () => (await docker('logs', probe.runtimeId!)).includes('vpc-ok'), 'probe to reach localhost:8080', 10_000);
  });

  it('enforces the Fargate task memory: a container over it is OOM-killed', async () => {
    const arn = await runOne(ecs, cluster, {
      family: 'hungry',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'hog', image, command: ['busybox', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=700M', 'count=1'] }],
    }, { launchType: 'FARGATE', networkConfiguration: AWSVPC });
    const t = await waitForStatus(ecs, cluster, arn, 'STOPPED');
    assert.equal(t.launchType, 'FARGATE');
    assert.equal(t.platformVersion, '1.4.0');
    assert.equal(t.stopCode, 'EssentialContainerExited');
    assert.equal(t.containers![0].exitCode, 137);
    assert.equal(t.containers![0].reason, 'OutOfMemoryError: Container killed due to memory usage');
  });

  it('bounds the total of a Fargate task\'s containers by the task memory', async () => {
    // Each container alone fits in 512 MiB; together they do not, so one is OOM-killed.
    const hog = (name: string) => ({ name, image, command: ['busybox', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=300M', 'count=400'] });
    const arn = await runOne(ecs, cluster, {
      family: 'pair', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
      containerDefinitions: [hog('a'), hog('b')],
    }, { launchType: 'FARGATE', networkConfiguration: AWSVPC });
    const t = await waitForStatus(ecs, cluster, arn, 'STOPPED', 90_000);
    const reasons = t.containers!.map((c) => c.reason);
    assert.ok(reasons.includes('OutOfMemoryError: Container killed due to memory usage'), JSON.stringify(t.containers));
  });

  it('stops with CannotPullContainerError when the image cannot be pulled', async () => {
    const arn = await runOne(ecs, cluster, { family: 'nopull', containerDefinitions: [{ name: 'x', image: '127.0.0.1:1/nothing/here:1', memory: 16 }] });
    const t = await waitForStatus(ecs, cluster, arn, 'STOPPED');
    assert.equal(t.stopCode, 'TaskFailedToStart');
    assert.match(t.stoppedReason!, /^CannotPullContainerError: /);
    assert.equal(t.startedAt, undefined);
  });

  it('notices a container killed behind its back', async () => {
    const arn = await runOne(ecs, cluster, { family: 'victim', containerDefinitions: [{ name: 'v', image, memory: 16, command: ['sleep', '300'] }] });
    const t = await waitForStatus(ecs, cluster, arn, 'RUNNING');
    const started = Date.now();
    await docker('kill', t.containers![0].runtimeId!);
    const stopped = await waitForStatus(ecs, cluster, arn, 'STOPPED', 10_000);
    assert.ok(Date.now() - started < 5_000, 'the die event should stop the task within a few seconds');
    assert.equal(stopped.stoppedReason, 'Essential container in task exited');
    assert.equal(stopped.containers![0].exitCode, 137);
  });
});
