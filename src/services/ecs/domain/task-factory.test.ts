import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../../protocol/errors.js';
import { Scope } from './names.js';
import { ContainerDef } from './task-definition-rules.js';
import { TaskDefinitionDoc } from './task-definitions.js';
import { applyOverrides, NewTaskInput, newTask, validateAwsVpc } from './task-factory.js';

const scope: Scope = { region: 'eu-west-1', accountId: '123456789012' };
const NOW = new Date('2024-05-01T12:00:00.000Z');

function taskDefinition(over: Partial<TaskDefinitionDoc> = {}): TaskDefinitionDoc {
  return {
    family: 'web', revision: 3, taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3',
    status: 'ACTIVE', compatibilities: ['EC2'], requiresAttributes: [], registeredAt: NOW.toISOString(), registeredBy: 'me', tags: [],
    containerDefinitions: [
      { name: 'app', image: 'nginx', cpu: 128, memory: 256, command: ['nginx'], environment: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { name: 'side', image: 'busybox', memoryReservation: 64 },
    ],
    ...over,
  };
}

const input = (over: Partial<NewTaskInput> = {}): NewTaskInput => ({
  scope, clusterName: 'prod', clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod', td: taskDefinition(), launchType: 'EC2', tags: [], now: NOW, ...over,
});

describe('applyOverrides', () => {
  const containers = taskDefinition().containerDefinitions;

  it('no overrides leaves the containers as they are', () => {
    assert.deepEqual(applyOverrides(containers, undefined), containers);
    assert.deepEqual(applyOverrides(containers, { containerOverrides: [] }), containers);
  });
  it('command is replaced, environment merged by name, cpu/memory/memoryReservation overridden', () => {
    const [app, side] = applyOverrides(containers, {
      containerOverrides: [{ name: 'app', command: ['sh', '-c', 'echo hi'], environment: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }], cpu: 512, memory: 1024, memoryReservation: 512 }],
    });
    assert.deepEqual(app.command, ['sh', '-c', 'echo hi']);
    assert.deepEqual(app.environment, [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]);
    assert.equal(app.cpu, 512);
    assert.equal(app.memory, 1024);
    assert.equal(app.memoryReservation, 512);
    assert.equal(app.image, 'nginx');
    assert.deepEqual(side, containers[1]);
  });
  it('an override without command/cpu/memory keeps the definition values', () => {
    const [app] = applyOverrides(containers, { containerOverrides: [{ name: 'app', environment: [{ name: 'X', value: 'y' }] }] });
    assert.deepEqual(app.command, ['nginx']);
    assert.equal(app.cpu, 128);
    assert.equal(app.memory, 256);
    assert.deepEqual(app.environment, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'X', value: 'y' }]);
  });
  it('environment override on a container without environment', () => {
    const [, side] = applyOverrides(containers, { containerOverrides: [{ name: 'side', environment: [{ name: 'K', value: 'v' }] }] });
    assert.deepEqual(side.environment, [{ name: 'K', value: 'v' }]);
  });
  it('does not modify the task definition', () => {
    const before = structuredClone(containers);
    applyOverrides(containers, { containerOverrides: [{ name: 'app', command: ['x'], environment: [{ name: 'A', value: 'changed' }] }] });
    assert.deepEqual(containers, before);
  });
  it('an override for an unknown container is rejected with the AWS message', () => {
    assert.throws(() => applyOverrides(containers, { containerOverrides: [{ name: 'ghost', command: ['x'] }] }),
      { code: 'InvalidParameterException', message: 'Override for container named ghost is not a container in the TaskDefinition.' });
  });
});

describe('validateAwsVpc', () => {
  const ok = { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123abcd'] };
  const bad = (message: string) => ({ code: 'InvalidParameterException', message });
  const errors: [string, Parameters<typeof validateAwsVpc>[0], boolean, object][] = [
    ['missing configuration', undefined, false, bad("Network Configuration must be provided when networkMode 'awsvpc' is specified.")],
    ['no subnets', { subnets: [] }, true, bad('subnets can not be empty.')],
    ['17 subnets', { subnets: Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(8, '0')}`) }, true, bad('At most 16 subnets can be specified.')],
    ['malformed subnet id', { subnets: ['subnet-xyz'] }, true, bad("Error retrieving subnet information for [subnet-xyz]: The subnet ID 'subnet-xyz' is malformed")],
    ['six security groups', { ...ok, securityGroups: Array.from({ length: 6 }, (_, i) => `sg-${String(i).padStart(8, '0')}`) }, true, bad('At most 5 security groups can be specified.')],
    ['malformed security group id', { ...ok, securityGroups: ['group-1'] }, true, bad("Error retrieving security group information for [group-1]: The security group ID 'group-1' is malformed")],
    ['public IP on EC2', { ...ok, assignPublicIp: 'ENABLED' }, false, bad('Assign public IP is not supported for this launch type.')],
  ];
  for (const [name, cfg, fargate, expected] of errors) it(`rejects: ${name}`, () => assert.throws(() => validateAwsVpc(cfg, fargate), expected));

  it('accepts 8- and 17-digit ids, 16 subnets and 5 groups, and defaults assignPublicIp to DISABLED', () => {
    const subnets = [...Array.from({ length: 15 }, (_, i) => `subnet-${String(i).padStart(8, '0')}`), 'subnet-0123456789abcdef0'];
    const securityGroups = Array.from({ length: 5 }, (_, i) => `sg-${String(i).padStart(17, 'a')}`);
    assert.deepEqual(validateAwsVpc({ subnets, securityGroups }, false), { subnets, securityGroups, assignPublicIp: 'DISABLED' });
  });
  it('security groups may be omitted', () => assert.deepEqual(validateAwsVpc({ subnets: ok.subnets }, false).securityGroups, []));
  it('public IP is accepted on Fargate', () => {
    assert.deepEqual(validateAwsVpc({ ...ok, assignPublicIp: 'ENABLED' }, true), { ...ok, assignPublicIp: 'ENABLED' });
  });
});

describe('newTask', () => {
  it('task ARN is arn:aws:ecs:<region>:<account>:task/<cluster>/<32 hex>', () => {
    const t = newTask(input());
    assert.match(t.taskArn, /^arn:aws:ecs:eu-west-1:123456789012:task\/prod\/[0-9a-f]{32}$/);
    assert.notEqual(newTask(input()).taskArn, t.taskArn);
  });
  it('the partition follows the region', () => {
    assert.match(newTask(input({ scope: { region: 'cn-north-1', accountId: '123456789012' } })).taskArn, /^arn:aws-cn:ecs:cn-north-1:/);
  });
  it('container ARNs are …:container/<cluster>/<taskId>/<uuid> and unique', () => {
    const t = newTask(input());
    const taskId = t.taskArn.split('/').pop();
    assert.equal(t.containers.length, 2);
    for (const c of t.containers) {
      assert.match(c.containerArn, new RegExp(`^arn:aws:ecs:eu-west-1:123456789012:container/prod/${taskId}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
      assert.equal(c.taskArn, t.taskArn);
      assert.equal(c.lastStatus, 'PENDING');
      assert.equal(c.healthStatus, 'UNKNOWN');
    }
    assert.notEqual(t.containers[0].containerArn, t.containers[1].containerArn);
  });
  it('container documents carry name, image and their cpu/memory as strings', () => {
    const [app, side] = newTask(input()).containers;
    assert.deepEqual([app.name, app.image, app.cpu, app.memory, app.memoryReservation], ['app', 'nginx', '128', '256', undefined]);
    assert.deepEqual([side.name, side.cpu, side.memory, side.memoryReservation], ['side', '0', undefined, '64']);
  });
  const status: [string, TaskDefinitionDoc['networkMode'], string][] = [['awsvpc', 'awsvpc', 'PROVISIONING'], ['bridge', 'bridge', 'PENDING'], ['host', 'host', 'PENDING'], ['none', 'none', 'PENDING'], ['default', undefined, 'PENDING']];
  for (const [name, networkMode, expected] of status) {
    it(`lastStatus starts ${expected} for network mode ${name}`, () => {
      const t = newTask(input({ td: taskDefinition({ networkMode }) }));
      assert.equal(t.lastStatus, expected);
      assert.equal(t.desiredStatus, 'RUNNING');
      assert.equal(t.berth.networkMode, networkMode ?? 'bridge');
    });
  }
  it('group defaults to family:<family>; an explicit group is kept', () => {
    assert.equal(newTask(input()).group, 'family:web');
    assert.equal(newTask(input({ group: 'service:api' })).group, 'service:api');
  });
  it('Fargate: LATEST and an omitted platform version resolve to 1.4.0, platformFamily Linux, 20 GiB ephemeral storage', () => {
    for (const platformVersion of [undefined, 'LATEST']) {
      const t = newTask(input({ launchType: 'FARGATE', platformVersion }));
      assert.equal(t.platformVersion, '1.4.0');
      assert.equal(t.platformFamily, 'Linux');
      assert.deepEqual(t.ephemeralStorage, { sizeInGiB: 20 });
      assert.deepEqual(t.fargateEphemeralStorage, { sizeInGiB: 20 });
      assert.equal(t.berth.fargate, true);
    }
    assert.equal(newTask(input({ launchType: 'FARGATE', platformVersion: '1.3.0' })).platformVersion, '1.3.0');
  });
  it('Fargate ephemeral storage override', () => {
    const t = newTask(input({ launchType: 'FARGATE', overrides: { ephemeralStorage: { sizeInGiB: 50 } } }));
    assert.deepEqual([t.ephemeralStorage, t.fargateEphemeralStorage], [{ sizeInGiB: 50 }, { sizeInGiB: 50 }]);
  });
  it('EC2: no platform version, family or ephemeral storage', () => {
    const t = newTask(input());
    assert.deepEqual([t.platformVersion, t.platformFamily, t.ephemeralStorage, t.fargateEphemeralStorage, t.berth.fargate], [undefined, undefined, undefined, undefined, false]);
  });
  it('task-level cpu/memory: definition values, replaced by overrides, numeric in the spec', () => {
    const td = taskDefinition({ cpu: '256', memory: '512' });
    const plain = newTask(input({ td }));
    assert.deepEqual([plain.cpu, plain.memory, plain.berth.cpu, plain.berth.memory], ['256', '512', 256, 512]);
    const over = newTask(input({ td, overrides: { cpu: '1024', memory: '2048' } }));
    assert.deepEqual([over.cpu, over.memory, over.berth.cpu, over.berth.memory], ['1024', '2048', 1024, 2048]);
    const none = newTask(input());
    assert.deepEqual([none.berth.cpu, none.berth.memory], [undefined, undefined], 'no task-level limits to enforce');
  });
  it('without task-level cpu/memory AWS reports the containers\' sums (memory, else memoryReservation), after overrides', () => {
    const t = newTask(input());
    assert.deepEqual([t.cpu, t.memory], ['128', '320']);
    const over = newTask(input({ overrides: { containerOverrides: [{ name: 'side', cpu: 64, memory: 100 }] } }));
    assert.deepEqual([over.cpu, over.memory], ['192', '356']);
  });
  it('awsvpc: the ENI attachment is PRECREATED in the first subnet from the start; other modes have none', () => {
    const awsvpc = { subnets: ['subnet-0123456789abcdef0', 'subnet-11111111'], securityGroups: [], assignPublicIp: 'DISABLED' as const };
    const t = newTask(input({ td: taskDefinition({ networkMode: 'awsvpc' }), awsvpc }));
    assert.equal(t.attachments.length, 1);
    const [eni] = t.attachments;
    assert.match(eni.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual({ ...eni, id: undefined }, { id: undefined, type: 'ElasticNetworkInterface', status: 'PRECREATED', details: [{ name: 'subnetId', value: 'subnet-0123456789abcdef0' }] });
    assert.deepEqual(newTask(input()).attachments, []);
  });
  it('the spec holds the definition with container overrides applied', () => {
    const t = newTask(input({ overrides: { containerOverrides: [{ name: 'app', command: ['true'] }] } }));
    const app = t.berth.containers.find((c: ContainerDef) => c.name === 'app')!;
    assert.deepEqual(app.command, ['true']);
    assert.deepEqual(t.overrides.containerOverrides, [{ name: 'app', command: ['true'] }, { name: 'side' }], 'AWS lists every container, overridden or not');
    assert.deepEqual([t.berth.family, t.berth.revision], ['web', 3]);
  });
  it('an unknown override container fails the whole task', () => {
    assert.throws(() => newTask(input({ overrides: { containerOverrides: [{ name: 'nope' }] } })), (e: unknown) => e instanceof ServiceError && e.code === 'InvalidParameterException');
  });
  it('records createdAt, tags, startedBy and initial counters', () => {
    const t = newTask(input({ startedBy: 'ci', tags: [{ key: 'k', value: 'v' }], enableExecuteCommand: true }));
    assert.equal(t.createdAt, NOW.toISOString());
    assert.deepEqual(t.tags, [{ key: 'k', value: 'v' }]);
    assert.equal(t.startedBy, 'ci');
    assert.equal(t.version, 1);
    assert.equal(t.healthStatus, 'UNKNOWN');
    assert.equal(t.enableExecuteCommand, true);
    assert.equal(t.taskDefinitionArn, 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3');
    assert.equal(newTask(input()).enableExecuteCommand, false);
  });
});
