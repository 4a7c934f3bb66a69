/**
 * Every container-definition field Berth honours reaches the real container: checked
 * with `docker inspect` and from inside the containers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { docker, eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';
import { runOne, waitForStatus } from '../support/ecs-helpers.js';

interface Inspect {
  Config: { Hostname: string; User: string; WorkingDir: string; Env: string[]; Cmd: string[]; Entrypoint: string[] | null; Labels: Record<string, string>; Tty: boolean; OpenStdin: boolean; Healthcheck?: { Test: string[]; Interval: number; Retries: number } };
  HostConfig: {
    NetworkMode: string; ExtraHosts: string[] | null; Dns: string[] | null; Ulimits: { Name: string; Soft: number; Hard: number }[] | null;
    ReadonlyRootfs: boolean; Privileged: boolean; Init: boolean | null; CapAdd: string[] | null; CapDrop: string[] | null; ShmSize: number;
    CpuShares: number; Memory: number; MemoryReservation: number; Links: string[] | null; VolumesFrom: string[] | null;
    Mounts?: { Type: string; Source?: string; Target: string; ReadOnly?: boolean }[]; Tmpfs?: Record<string, string>;
  };
  Mounts: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
}

async function inspect(id: string): Promise<Inspect> {
  return JSON.parse(await docker('inspect', id))[0];
}

describe('container definition fields reach Docker', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let image: string;
  let hostDir: string;
  // Shared-scope volumes outlive tasks by design, so the test names its own and removes it.
  const sharedVolume = `berth-test-shared-${process.pid}`;

  before(async () => {
    image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({}));
    hostDir = mkdtempSync(join(tmpdir(), 'berth-bind-'));
    chmodSync(hostDir, 0o755); // the container runs as nobody
    writeFileSync(join(hostDir, 'greeting'), 'from-the-host\n');
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
    await docker('volume', 'rm', '-f', sharedVolume).catch(() => undefined);
    rmSync(hostDir, { recursive: true, force: true });
  });

  it('maps bridge-mode fields, volumes, links and overrides', async () => {
    const arn = await runOne(ecs, 'default', {
      family: 'fields',
      volumes: [
        { name: 'hostdir', host: { sourcePath: hostDir } },
        { name: 'scratch' },
        { name: sharedVolume, dockerVolumeConfiguration: { scope: 'shared', autoprovision: true, driver: 'local', labels: { purpose: 'test' } } },
      ],
      containerDefinitions: [
        {
          name: 'db', image, memory: 16, cpu: 64, essential: false, stopTimeout: 1,
          command: ['sleep', '300'], mountPoints: [{ sourceVolume: 'scratch', containerPath: '/data' }],
        },
        {
          name: 'app', image, memory: 64, memoryReservation: 32, cpu: 128, stopTimeout: 1,
          entryPoint: ['sh', '-c'], command: ['original'], user: 'nobody', workingDirectory: '/tmp',
          hostname: 'apphost', environment: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
          extraHosts: [{ hostname: 'db.internal', ipAddress: '10.9.8.7' }], dnsServers: ['127.0.0.53'],
          dockerLabels: { team: 'blue', 'com.amazonaws.ecs.cluster': 'spoofed' },
          ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
          readonlyRootFilesystem: true, privileged: false, pseudoTerminal: true, interactive: true,
          linuxParameters: { initProcessEnabled: true, capabilities: { add: ['NET_ADMIN'], drop: ['MKNOD'] }, sharedMemorySize: 32, tmpfs: [{ containerPath: '/scratch', size: 16 }] },
          links: ['db:database'],
          volumesFrom: [{ sourceContainer: 'db', readOnly: true }],
          mountPoints: [{ sourceVolume: 'hostdir', containerPath: '/host', readOnly: true }, { sourceVolume: sharedVolume, containerPath: '/shared' }],
          healthCheck: { command: ['CMD-SHELL', 'true'], interval: 10, retries: 2 },
        },
      ],
    }, {
      overrides: { containerOverrides: [{ name: 'app', command: ['cat /host/greeting; echo "A=$A B=$B"; exec sleep 300'], environment: [{ name: 'B', value: 'overridden' }] }] },
    });
    const t = await waitForStatus(ecs, 'default', arn, 'RUNNING');
    const app = await inspect(t.containers!.find((c) => c.name === 'app')!.runtimeId!);
    assert.equal(app.Config.Hostname, 'apphost');
    assert.equal(app.Config.User, 'nobody');
    assert.equal(app.Config.WorkingDir, '/tmp');
    assert.deepEqual(app.Config.Entrypoint, ['sh', '-c']);
    assert.deepEqual(app.Config.Cmd, ['cat /host/greeting; echo "A=$A B=$B"; exec sleep 300']);
    assert.ok(app.Config.Env.includes('A=1') && app.Config.Env.includes('B=overridden'));
    assert.equal(app.Config.Labels.team, 'blue');
    assert.equal(app.Config.Labels['com.amazonaws.ecs.cluster'], t.clusterArn, 'ECS labels win over dockerLabels');
    assert.equal(app.Config.Tty, true);
    assert.equal(app.Config.OpenStdin, true);
    assert.deepEqual(app.Config.Healthcheck?.Test, ['CMD-SHELL', 'true']);
    assert.equal(app.Config.Healthcheck?.Interval, 10e9);
    assert.equal(app.HostConfig.NetworkMode, 'bridge');
    assert.deepEqual(app.HostConfig.ExtraHosts, ['db.internal:10.9.8.7']);
    assert.deepEqual(app.HostConfig.Dns, ['127.0.0.53']);
    assert.deepEqual(app.HostConfig.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 4096 }]);
    assert.equal(app.HostConfig.ReadonlyRootfs, true);
    assert.equal(app.HostConfig.Init, true);
    assert.deepEqual(app.HostConfig.CapAdd, ['NET_ADMIN']);
    assert.deepEqual(app.HostConfig.CapDrop, ['MKNOD']);
    assert.equal(app.HostConfig.ShmSize, 32 * 1024 * 1024);
    assert.equal(app.HostConfig.CpuShares, 128);
    assert.equal(app.HostConfig.Memory, 64 * 1024 * 1024);
    assert.equal(app.HostConfig.MemoryReservation, 32 * 1024 * 1024);
    assert.match(app.HostConfig.Links![0], /database$/);
    assert.match(app.HostConfig.VolumesFrom![0], /^ecs-fields-1-db-.*:ro$/);
    const byTarget = Object.fromEntries(app.Mounts.map((m) => [m.Destination, m]));
    assert.equal(byTarget['/host'].Source, hostDir);
    assert.equal(byTarget['/host'].RW, false);
    assert.equal(byTarget['/shared'].Name, sharedVolume);
    assert.equal(byTarget['/data'].Type, 'volume', 'volumesFrom brings db\'s task-scoped volume');
    assert.ok(app.HostConfig.Mounts?.some((m) => m.Type === 'tmpfs' && m.Target === '/scratch'));
    await eventually(async () => {
      const logs = await docker('logs', t.containers!.find((c) => c.name === 'app')!.runtimeId!);
      return logs.includes('from-the-host') && logs.includes('A=1 B=overridden');
    }, 'the overridden command to print', 10_000);
    const db = await inspect(t.containers!.find((c) => c.name === 'db')!.runtimeId!);
    assert.equal(db.HostConfig.CpuShares, 64);
    assert.equal(t.overrides?.containerOverrides?.length, 2);
  });

  it('runs host and none network modes', async () => {
    const hostArn = await runOne(ecs, 'default', { family: 'hostnet', networkMode: 'host', containerDefinitions: [{ name: 'h', image, memory: 16, command: ['sleep', '300'], stopTimeout: 1 }] });
    const noneArn = await runOne(ecs, 'default', { family: 'nonet', networkMode: 'none', containerDefinitions: [{ name: 'n', image, memory: 16, command: ['sleep', '300'], stopTimeout: 1 }] });
    const h = await waitForStatus(ecs, 'default', hostArn, 'RUNNING');
    const n = await waitForStatus(ecs, 'default', noneArn, 'RUNNING');
    assert.equal((await inspect(h.containers![0].runtimeId!)).HostConfig.NetworkMode, 'host');
    assert.equal((await inspect(n.containers![0].runtimeId!)).HostConfig.NetworkMode, 'none');
  });
});
