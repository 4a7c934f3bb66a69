import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerDef, VolumeDef } from '../../services/ecs/domain/task-definition-rules.js';
import { TaskDefinitionDoc } from '../../services/ecs/domain/task-definitions.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { newTask } from '../../services/ecs/domain/task-factory.js';
import { containerSpec, dockerName, LABEL, SpecContext, stopTimeoutOf, taskIdOf } from './container-spec.js';

const MiB = 1024 * 1024;

function task(containers: ContainerDef[], over: Partial<TaskDefinitionDoc> = {}, launchType: 'EC2' | 'FARGATE' = 'EC2'): TaskDoc {
  const td: TaskDefinitionDoc = {
    family: 'shop', revision: 7, taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/shop:7', status: 'ACTIVE',
    compatibilities: ['EC2'], requiresAttributes: [], registeredAt: '2024-01-01T00:00:00.000Z', registeredBy: 'me', tags: [],
    containerDefinitions: containers, ...over,
  };
  return newTask({
    scope: { region: 'us-east-1', accountId: '111122223333' }, clusterName: 'dev', clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/dev',
    td, launchType, tags: [], now: new Date('2024-01-01T00:00:00Z'),
  });
}

function ctx(t: TaskDoc, pauseId?: string): SpecContext {
  return { ownerId: 'owner-1', publishIp: '127.0.0.1', dockerNames: Object.fromEntries(t.berth.containers.map((c) => [c.name!, dockerName(t, c.name!)])), pauseId };
}

/** The spec of the first container of a one-task fixture. */
function specOf(containers: ContainerDef[], over: Partial<TaskDefinitionDoc> = {}, pauseId?: string) {
  const t = task(containers, over);
  return { t, s: containerSpec(t, t.berth.containers[0], ctx(t, pauseId)) };
}

describe('containerSpec: networking', () => {
  it('bridge: port bindings on the publish IP; hostPort 0 or absent is dynamic', () => {
    const { s } = specOf([{ name: 'web', image: 'nginx', hostname: 'web1', portMappings: [
      { containerPort: 80, hostPort: 8080 }, { containerPort: 443, hostPort: 0 }, { containerPort: 53, protocol: 'udp' }, { containerPortRange: '9000-9010' },
    ] }]);
    assert.equal(s.networkMode, 'bridge');
    assert.equal(s.hostname, 'web1');
    assert.deepEqual(s.portBindings, [
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
      { containerPort: 443, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: undefined },
      { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: undefined },
    ]);
  });
  it('bridge: links resolve to the Docker names of the task containers, with the alias', () => {
    const { t, s } = specOf([{ name: 'web', image: 'nginx', links: ['db:database', 'cache'] }, { name: 'db', image: 'pg' }, { name: 'cache', image: 'redis' }]);
    assert.deepEqual(s.links, [`${dockerName(t, 'db')}:database`, `${dockerName(t, 'cache')}:cache`]);
    assert.match(dockerName(t, 'db'), new RegExp(`^ecs-shop-7-db-${taskIdOf(t).slice(0, 20)}$`));
  });
  it('bridge: extraHosts and dnsServers', () => {
    const { s } = specOf([{ name: 'web', image: 'x', extraHosts: [{ hostname: 'db.local', ipAddress: '10.0.0.5' }], dnsServers: ['1.1.1.1'] }]);
    assert.deepEqual(s.extraHosts, ['db.local:10.0.0.5']);
    assert.deepEqual(s.dns, ['1.1.1.1']);
  });
  it('host: no hostname and no port bindings', () => {
    const { s } = specOf([{ name: 'web', image: 'x', hostname: 'ignored', portMappings: [{ containerPort: 80, hostPort: 80 }] }], { networkMode: 'host' });
    assert.equal(s.networkMode, 'host');
    assert.equal(s.hostname, undefined);
    assert.equal(s.portBindings, undefined);
  });
  it('none, and disableNetworking in bridge mode', () => {
    for (const [containers, over] of [
      [[{ name: 'a', image: 'x' }], { networkMode: 'none' }],
      [[{ name: 'a', image: 'x', disableNetworking: true, portMappings: [{ containerPort: 80 }] }], {}],
    ] as [ContainerDef[], Partial<TaskDefinitionDoc>][]) {
      const { s } = specOf(containers, over);
      assert.equal(s.networkMode, 'none');
      assert.equal(s.portBindings, undefined);
    }
  });
  it('awsvpc: joins the pause container namespace, no ports, links or hostname', () => {
    const { s } = specOf([{ name: 'web', image: 'x', hostname: 'h', portMappings: [{ containerPort: 80, hostPort: 80 }] }], { networkMode: 'awsvpc' }, 'pause123');
    assert.equal(s.networkMode, 'container:pause123');
    assert.deepEqual([s.portBindings, s.links, s.hostname], [undefined, undefined, undefined]);
  });
});

describe('containerSpec: resources', () => {
  const cases: [string, ContainerDef, Partial<TaskDefinitionDoc>, { cpuShares: number; memoryBytes?: number; memoryReservationBytes?: number; nanoCpus?: number }][] = [
    ['no cpu → minimum 2 shares', { name: 'a', image: 'x', memory: 128 }, {}, { cpuShares: 2, memoryBytes: 128 * MiB }],
    ['cpu 1 → 2 shares', { name: 'a', image: 'x', cpu: 1, memory: 128 }, {}, { cpuShares: 2, memoryBytes: 128 * MiB }],
    ['cpu 512 → 512 shares', { name: 'a', image: 'x', cpu: 512, memoryReservation: 64 }, {}, { cpuShares: 512, memoryReservationBytes: 64 * MiB }],
    ['memory and memoryReservation in bytes', { name: 'a', image: 'x', memory: 512, memoryReservation: 256 }, {}, { cpuShares: 2, memoryBytes: 512 * MiB, memoryReservationBytes: 256 * MiB }],
    ['task cpu → nanoCpus; task memory is the limit when the container has none', { name: 'a', image: 'x' }, { cpu: '512', memory: '1024' },
      { cpuShares: 2, memoryBytes: 1024 * MiB, nanoCpus: 500_000_000 }],
    ['the container memory wins over the task memory', { name: 'a', image: 'x', memory: 256 }, { cpu: '2048', memory: '4096' },
      { cpuShares: 2, memoryBytes: 256 * MiB, nanoCpus: 2_000_000_000 }],
  ];
  for (const [name, def, over, expected] of cases) {
    it(name, () => {
      const { s } = specOf([def], over);
      assert.deepEqual({ cpuShares: s.cpuShares, memoryBytes: s.memoryBytes, memoryReservationBytes: s.memoryReservationBytes, nanoCpus: s.nanoCpus },
        { memoryBytes: undefined, memoryReservationBytes: undefined, nanoCpus: undefined, ...expected });
    });
  }
});

describe('containerSpec: process settings', () => {
  it('environment becomes K=V; a missing value is empty', () => {
    const { s } = specOf([{ name: 'a', image: 'x', environment: [{ name: 'A', value: '1' }, { name: 'EMPTY' }, { name: 'EQ', value: 'x=y' }] }]);
    assert.deepEqual(s.env, ['A=1', 'EMPTY=', 'EQ=x=y']);
  });
  it('command, entryPoint, workingDirectory, user, ulimits and linuxParameters pass through', () => {
    const { s } = specOf([{ name: 'a', image: 'x', command: ['run'], entryPoint: ['/bin/sh', '-c'], workingDirectory: '/srv', user: '1000:1000', readonlyRootFilesystem: true,
      ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }], linuxParameters: { initProcessEnabled: true, capabilities: { add: ['NET_ADMIN'], drop: ['MKNOD'] }, sharedMemorySize: 64 } }]);
    assert.deepEqual([s.command, s.entryPoint, s.workingDir, s.user, s.readonlyRootfs], [['run'], ['/bin/sh', '-c'], '/srv', '1000:1000', true]);
    assert.deepEqual(s.ulimits, [{ name: 'nofile', soft: 1024, hard: 4096 }]);
    assert.deepEqual([s.init, s.capAdd, s.capDrop, s.shmSizeBytes], [true, ['NET_ADMIN'], ['MKNOD'], 64 * MiB]);
  });
  it('healthCheck defaults: interval 30, timeout 5, retries 3, startPeriod 0', () => {
    const { s } = specOf([{ name: 'a', image: 'x', healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] } }]);
    assert.deepEqual(s.healthCheck, { test: ['CMD-SHELL', 'curl -f localhost'], intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 });
  });
  it('healthCheck explicit values', () => {
    const { s } = specOf([{ name: 'a', image: 'x', healthCheck: { command: ['CMD', 'true'], interval: 10, timeout: 2, retries: 5, startPeriod: 60 } }]);
    assert.deepEqual(s.healthCheck, { test: ['CMD', 'true'], intervalSeconds: 10, timeoutSeconds: 2, retries: 5, startPeriodSeconds: 60 });
    assert.equal(specOf([{ name: 'a', image: 'x' }]).s.healthCheck, undefined);
  });
  it('stopTimeout defaults to 30 seconds', () => {
    assert.equal(specOf([{ name: 'a', image: 'x' }]).s.stopTimeoutSeconds, 30);
    assert.equal(specOf([{ name: 'a', image: 'x', stopTimeout: 120 }]).s.stopTimeoutSeconds, 120);
    assert.equal(stopTimeoutOf({ name: 'a' }), 30);
    assert.equal(stopTimeoutOf({ name: 'a', stopTimeout: 2 }), 2);
  });
});

describe('containerSpec: volumes', () => {
  const volumes: VolumeDef[] = [
    { name: 'data', host: { sourcePath: '/srv/data' } },
    { name: 'scratch' },
    { name: 'cache', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } },
    { name: 'tv', dockerVolumeConfiguration: { scope: 'task' } },
  ];
  it('host sourcePath → bind; other volumes → task-scoped name; shared scope keeps its name', () => {
    const { t, s } = specOf([{ name: 'a', image: 'x', mountPoints: [
      { sourceVolume: 'data', containerPath: '/data', readOnly: true }, { sourceVolume: 'scratch', containerPath: '/scratch' },
      { sourceVolume: 'cache', containerPath: '/cache' }, { sourceVolume: 'tv', containerPath: '/tv', readOnly: false },
    ] }], { volumes });
    const id20 = taskIdOf(t).slice(0, 20);
    assert.deepEqual(s.mounts, [
      { type: 'bind', source: '/srv/data', target: '/data', readOnly: true },
      { type: 'volume', source: `ecs-shop-7-scratch-${id20}`, target: '/scratch', readOnly: false },
      { type: 'volume', source: 'cache', target: '/cache', readOnly: false },
      { type: 'volume', source: `ecs-shop-7-tv-${id20}`, target: '/tv', readOnly: false },
    ]);
  });
  it('tmpfs size is MiB → bytes', () => {
    const { s } = specOf([{ name: 'a', image: 'x', linuxParameters: { tmpfs: [{ containerPath: '/run', size: 64, mountOptions: ['noexec'] }] } }]);
    assert.deepEqual(s.mounts, [{ type: 'tmpfs', target: '/run', tmpfsSizeBytes: 64 * MiB, tmpfsOptions: ['noexec'] }]);
  });
  it('volumesFrom uses Docker names, :ro when read-only', () => {
    const { t, s } = specOf([{ name: 'a', image: 'x', volumesFrom: [{ sourceContainer: 'b', readOnly: true }, { sourceContainer: 'c' }] }, { name: 'b', image: 'x' }, { name: 'c', image: 'x' }]);
    assert.deepEqual(s.volumesFrom, [`${dockerName(t, 'b')}:ro`, dockerName(t, 'c')]);
  });
});

describe('containerSpec: name and labels', () => {
  it('labels carry owner, task, cluster, family, revision, container name and role', () => {
    const { t, s } = specOf([{ name: 'web', image: 'nginx' }]);
    assert.equal(s.name, dockerName(t, 'web'));
    assert.equal(s.image, 'nginx');
    assert.deepEqual(s.labels, {
      'berth.owner': 'owner-1', 'berth.role': 'container',
      'com.amazonaws.ecs.task-arn': t.taskArn, 'com.amazonaws.ecs.cluster': 'arn:aws:ecs:us-east-1:111122223333:cluster/dev',
      'com.amazonaws.ecs.task-definition-family': 'shop', 'com.amazonaws.ecs.task-definition-version': '7',
      'com.amazonaws.ecs.container-name': 'web',
    });
  });
  it('user dockerLabels are added but cannot override the ECS and Berth labels', () => {
    const { t, s } = specOf([{ name: 'web', image: 'nginx', dockerLabels: {
      app: 'shop', [LABEL.taskArn]: 'forged', [LABEL.cluster]: 'forged', [LABEL.family]: 'forged', [LABEL.revision]: '99', [LABEL.containerName]: 'forged',
      [LABEL.owner]: 'someone-else', [LABEL.role]: 'pause',
    } }]);
    assert.equal(s.labels.app, 'shop');
    assert.equal(s.labels[LABEL.taskArn], t.taskArn);
    assert.equal(s.labels[LABEL.cluster], t.clusterArn);
    assert.equal(s.labels[LABEL.family], 'shop');
    assert.equal(s.labels[LABEL.revision], '7');
    assert.equal(s.labels[LABEL.containerName], 'web');
    assert.equal(s.labels[LABEL.owner], 'owner-1');
    assert.equal(s.labels[LABEL.role], 'container');
  });
});
