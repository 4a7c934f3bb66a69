import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkFargateSize, ContainerDef, fargateIncompatibility, fargateMemoryOptions, normaliseCpu, normaliseMemory, TaskDefInput, taskDefinitionProblem,
} from './task-definition-rules.js';

describe('normaliseCpu / normaliseMemory', () => {
  const cpu: [string | undefined, string | undefined][] = [
    [undefined, undefined], ['512', '512'], ['1024', '1024'], ['1 vCPU', '1024'], ['1 vcpu', '1024'], ['1vCPU', '1024'],
    ['2 vCPU', '2048'], ['0.25 vCPU', '256'], ['0.5 vCPU', '512'], ['16 vCPU', '16384'], ['  4 vCPU ', '4096'],
  ];
  for (const [input, expected] of cpu) it(`cpu ${JSON.stringify(input)} -> ${expected}`, () => assert.equal(normaliseCpu(input), expected));
  it('cpu strings it cannot parse pass through for the size check to reject', () => assert.equal(normaliseCpu('lots'), 'lots'));

  const memory: [string | undefined, string | undefined][] = [
    [undefined, undefined], ['512', '512'], ['1GB', '1024'], ['1 GB', '1024'], ['1 gb', '1024'], ['2GB', '2048'], ['0.5GB', '512'], ['30 GB', '30720'],
  ];
  for (const [input, expected] of memory) it(`memory ${JSON.stringify(input)} -> ${expected}`, () => assert.equal(normaliseMemory(input), expected));
  it('memory strings it cannot parse pass through', () => assert.equal(normaliseMemory('1 TiB'), '1 TiB'));
});

describe('Fargate task sizes (Linux)', () => {
  const steps = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
  const table: [number, number[]][] = [
    [256, [512, 1024, 2048]],
    [512, [1024, 2048, 3072, 4096]],
    [1024, steps(2048, 8192, 1024)],
    [2048, steps(4096, 16384, 1024)],
    [4096, steps(8192, 30720, 1024)],
    [8192, steps(16384, 61440, 4096)],
    [16384, steps(32768, 122880, 8192)],
  ];
  for (const [cpu, memories] of table) {
    it(`cpu ${cpu} allows exactly ${memories[0]}..${memories[memories.length - 1]} (${memories.length} values)`, () => {
      assert.deepEqual(fargateMemoryOptions(cpu), memories);
      for (const m of memories) assert.equal(checkFargateSize(String(cpu), String(m)), undefined, `${cpu}/${m}`);
    });
  }
  it('unknown cpu values have no options', () => {
    for (const cpu of [0, 128, 768, 3072, 32768]) assert.deepEqual(fargateMemoryOptions(cpu), []);
  });

  const invalid: [string, string][] = [
    ['256', '4096'], ['256', '256'], ['256', '3072'], ['512', '512'], ['512', '5120'], ['1024', '1024'], ['1024', '9216'],
    ['2048', '3072'], ['2048', '17408'], ['4096', '7168'], ['4096', '31744'], ['8192', '15360'], ['8192', '18432'], ['8192', '65536'],
    ['16384', '36864'], ['16384', '131072'], ['128', '512'], ['1024', '2500'],
  ];
  for (const [cpu, memory] of invalid) {
    it(`${cpu} CPU / ${memory} MiB is rejected`, () => {
      assert.equal(checkFargateSize(cpu, memory),
        `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`);
    });
  }
  it('task-level cpu and memory are required', () => {
    assert.equal(checkFargateSize(undefined, '512'), "Fargate requires that 'cpu' be defined at the task level.");
    assert.equal(checkFargateSize('256', undefined), "Fargate requires that 'memory' be defined at the task level.");
  });
});

const fargateTd = (over: Partial<TaskDefInput> = {}, container: Partial<ContainerDef> = {}): TaskDefInput => ({
  family: 'web', networkMode: 'awsvpc', cpu: '256', memory: '512', requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [{ name: 'app', image: 'nginx', portMappings: [{ containerPort: 80 }], ...container }],
  ...over,
});

describe('fargateIncompatibility', () => {
  it('a plain awsvpc definition is compatible', () => assert.equal(fargateIncompatibility(fargateTd()), undefined));
  for (const mode of ['bridge', 'host', 'none', undefined] as const) {
    it(`network mode ${mode ?? '(default bridge)'} is rejected`, () => {
      assert.equal(fargateIncompatibility(fargateTd({ networkMode: mode })), 'Fargate only supports network mode \u2018awsvpc\u2019.');
    });
  }
  it('an invalid size is rejected with the size message', () => {
    assert.match(fargateIncompatibility(fargateTd({ cpu: '256', memory: '4096' }))!, /^No Fargate configuration exists for given values: 256 CPU, 4096 memory/);
  });

  const forbidden: [string, Partial<ContainerDef>][] = [
    ['privileged', { privileged: true }], ['links', { links: ['db'] }], ['dnsServers', { dnsServers: ['1.1.1.1'] }],
    ['dnsSearchDomains', { dnsSearchDomains: ['corp'] }], ['extraHosts', { extraHosts: [{ hostname: 'h', ipAddress: '10.0.0.1' }] }],
    ['dockerSecurityOptions', { dockerSecurityOptions: ['no-new-privileges'] }], ['disableNetworking', { disableNetworking: true }],
    ['systemControls', { systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }] }],
  ];
  for (const [label, container] of forbidden) {
    it(`container parameter ${label} is rejected`, () => {
      assert.equal(fargateIncompatibility(fargateTd({}, container)), `Fargate does not support '${label}' (container 'app').`);
    });
  }
  it('false / empty values of forbidden parameters are fine', () => {
    assert.equal(fargateIncompatibility(fargateTd({}, { privileged: false, links: [], dnsServers: [], disableNetworking: false })), undefined);
  });

  const linux: [string, Partial<ContainerDef>['linuxParameters'], string | undefined][] = [
    ['devices', { devices: [{ hostPath: '/dev/fuse' }] }, "Fargate does not support 'linuxParameters.devices' (container 'app')."],
    ['sharedMemorySize', { sharedMemorySize: 64 }, "Fargate does not support 'linuxParameters.sharedMemorySize' (container 'app')."],
    ['tmpfs', { tmpfs: [{ containerPath: '/tmp', size: 64 }] }, "Fargate does not support 'linuxParameters.tmpfs' (container 'app')."],
    ['maxSwap', { maxSwap: 1024 }, "Fargate does not support swap settings (container 'app')."],
    ['capability NET_ADMIN', { capabilities: { add: ['NET_ADMIN'] } }, "Fargate only supports adding the SYS_PTRACE kernel capability (container 'app')."],
    ['SYS_PTRACE plus another', { capabilities: { add: ['SYS_PTRACE', 'SYS_ADMIN'] } }, "Fargate only supports adding the SYS_PTRACE kernel capability (container 'app')."],
    ['capability SYS_PTRACE', { capabilities: { add: ['SYS_PTRACE'] } }, undefined],
    ['dropping capabilities', { capabilities: { drop: ['ALL'] } }, undefined],
    ['initProcessEnabled', { initProcessEnabled: true }, undefined],
  ];
  for (const [name, linuxParameters, expected] of linux) {
    it(`linuxParameters ${name}`, () => assert.equal(fargateIncompatibility(fargateTd({}, { linuxParameters })), expected));
  }

  it('dockerVolumeConfiguration volumes are rejected, bind mounts are fine', () => {
    assert.match(fargateIncompatibility(fargateTd({ volumes: [{ name: 'v', dockerVolumeConfiguration: { scope: 'task' } }] }))!, /^Fargate does not support 'dockerVolumeConfiguration' \(volume 'v'\)/);
    assert.equal(fargateIncompatibility(fargateTd({ volumes: [{ name: 'v' }, { name: 'h', host: {} }] })), undefined);
  });
  const hostPaths: [string, TaskDefInput['volumes'], string | undefined][] = [
    ['host sourcePath /', [{ name: 'root', host: { sourcePath: '/' } }], 'Fargate compatible task definitions do not support sourcePath'],
    ['the Docker socket', [{ name: 'sock', host: { sourcePath: '/var/run/docker.sock' } }], 'Fargate compatible task definitions do not support sourcePath'],
    ['a relative sourcePath', [{ name: 'rel', host: { sourcePath: 'data' } }], 'Fargate compatible task definitions do not support sourcePath'],
    ['host {} (task storage)', [{ name: 'scratch', host: {} }], undefined],
    ['an empty sourcePath (task storage)', [{ name: 'scratch', host: { sourcePath: '' } }], undefined],
    ['a local-driver bind volume', [{ name: 'b', dockerVolumeConfiguration: { driver: 'local', driverOpts: { type: 'none', o: 'bind', device: '/' } } }],
      "Fargate does not support 'dockerVolumeConfiguration' (volume 'b'); use bind mounts or EFS."],
  ];
  for (const [name, volumes, expected] of hostPaths) {
    it(`volume with ${name}`, () => assert.equal(fargateIncompatibility(fargateTd({ volumes })), expected));
  }
  it('hostPort must equal containerPort', () => {
    assert.equal(fargateIncompatibility(fargateTd({}, { portMappings: [{ containerPort: 80, hostPort: 8080 }] })),
      'When networkMode=awsvpc, the host ports and container ports in port mappings must match.');
    assert.equal(fargateIncompatibility(fargateTd({}, { portMappings: [{ containerPort: 80, hostPort: 80 }] })), undefined);
  });
  it('pidMode other than task, ipcMode and placement constraints are rejected', () => {
    assert.match(fargateIncompatibility(fargateTd({ pidMode: 'host' }))!, /pidMode 'host'.*'task'/);
    assert.equal(fargateIncompatibility(fargateTd({ pidMode: 'task' })), undefined);
    for (const ipcMode of ['host', 'task', 'none'] as const) {
      assert.equal(fargateIncompatibility(fargateTd({ ipcMode })), 'Tasks using the Fargate launch type do not support ipcMode.');
    }
    assert.equal(fargateIncompatibility(fargateTd({ placementConstraints: [{ type: 'memberOf', expression: 'x' }] })), 'Fargate does not support placement constraints.');
  });
  it('GPU resource requirements are rejected (gpu is not valid on Fargate)', () => {
    assert.notEqual(fargateIncompatibility(fargateTd({}, { resourceRequirements: [{ type: 'GPU', value: '1' }] })), undefined);
  });
});

const ec2Td = (containers: ContainerDef[], over: Partial<TaskDefInput> = {}): TaskDefInput => ({ family: 'web', containerDefinitions: containers, ...over });
const c = (name: string, over: Partial<ContainerDef> = {}): ContainerDef => ({ name, image: 'busybox', memory: 128, ...over });

describe('taskDefinitionProblem', () => {
  it('a valid definition has no problem', () => {
    const td = ec2Td([
      c('db', { healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, timeout: 2, retries: 1, startPeriod: 0 } }),
      c('init', { essential: false }),
      c('web', { links: ['db:database'], portMappings: [{ containerPort: 80, hostPort: 0 }], mountPoints: [{ sourceVolume: 'data', containerPath: '/d' }],
        volumesFrom: [{ sourceContainer: 'init' }], dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }, { containerName: 'init', condition: 'SUCCESS' }] }),
    ], { volumes: [{ name: 'data' }] });
    assert.equal(taskDefinitionProblem(td), undefined);
  });

  const cases: [string, TaskDefInput, string | RegExp][] = [
    ['family with invalid characters', ec2Td([c('a')], { family: 'my app' }), /^Family contains invalid characters/],
    ['family longer than 255', ec2Td([c('a')], { family: 'f'.repeat(256) }), /^Family contains invalid characters/],
    ['no containers', ec2Td([]), 'Container list cannot be empty.'],
    ['secrets without an execution role', ec2Td([c('a', { secrets: [{ name: 'X', valueFrom: '/x' }] })]), "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'."],
    ['eleven containers', ec2Td(Array.from({ length: 11 }, (_, i) => c(`c${i}`))), 'Too many containers in the task definition. The maximum is 10.'],
    ['container without a name', ec2Td([{ image: 'x', memory: 128 }]), 'Container.name should not be null or empty.'],
    ['container name with invalid characters', ec2Td([c('a.b')]), 'Container.name contains invalid characters.'],
    ['container without an image', ec2Td([{ name: 'a', memory: 128 }]), 'Container.image should not be null or empty.'],
    ['duplicate container names', ec2Td([c('a'), c('a')]), "Duplicate container name 'a'."],
    ['no essential container', ec2Td([c('a', { essential: false }), c('b', { essential: false })]), 'A task definition must have at least one essential container.'],
    ['EC2 container without memory or memoryReservation', ec2Td([c('a', { memory: undefined })]),
      "Invalid setting for container 'a'. At least one of 'memory' or 'memoryReservation' must be specified."],
    ['memoryReservation above memory', ec2Td([c('a', { memory: 128, memoryReservation: 256 })]), /^Invalid setting for container 'a'\. 'memoryReservation' must be less than or equal to 'memory'/],
    ['memory below 6 MiB', ec2Td([c('a', { memory: 4 })]), /^Invalid setting for container 'a'\. The minimum memory is 6 MiB/],
    ['links in awsvpc mode', ec2Td([c('a', { links: ['b'] }), c('b')], { networkMode: 'awsvpc' }), 'Links are only supported for the bridge network mode.'],
    ['links in host mode', ec2Td([c('a', { links: ['b'] }), c('b')], { networkMode: 'host' }), 'Links are only supported for the bridge network mode.'],
    ['port mappings in none mode', ec2Td([c('a', { portMappings: [{ containerPort: 80 }] })], { networkMode: 'none' }), "Port mappings are not supported for network mode 'none'."],
    ['port mapping without containerPort', ec2Td([c('a', { portMappings: [{ hostPort: 80 }] })]), /A port mapping must specify containerPort/],
    ['awsvpc hostPort differs', ec2Td([c('a', { portMappings: [{ containerPort: 80, hostPort: 81 }] })], { networkMode: 'awsvpc' }),
      'When networkMode=awsvpc, the host ports and container ports in port mappings must match.'],
    ['host hostPort differs', ec2Td([c('a', { portMappings: [{ containerPort: 80, hostPort: 8080 }] })], { networkMode: 'host' }),
      'When networkMode=host, the host ports and container ports in port mappings must match.'],
    ['mount point on an unknown volume', ec2Td([c('a', { mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] })], { volumes: [{ name: 'data' }] }),
      "Invalid 'mountPoints' setting for container 'a'. Unknown volume 'nope'."],
    ['volumesFrom an unknown container', ec2Td([c('a', { volumesFrom: [{ sourceContainer: 'ghost' }] })]),
      "Invalid 'volumesFrom' setting for container 'a'. Unknown container 'ghost'."],
    ['dependsOn an unknown container', ec2Td([c('a', { dependsOn: [{ containerName: 'ghost', condition: 'START' }] })]),
      "Container 'a' depends on unknown container 'ghost'."],
    ['COMPLETE on an essential container', ec2Td([c('a', { dependsOn: [{ containerName: 'b', condition: 'COMPLETE' }] }), c('b')]),
      "Dependency condition COMPLETE cannot be used with essential container 'b'."],
    ['SUCCESS on an essential container', ec2Td([c('a', { dependsOn: [{ containerName: 'b', condition: 'SUCCESS' }] }), c('b', { essential: true })]),
      "Dependency condition SUCCESS cannot be used with essential container 'b'."],
    ['HEALTHY on a container without healthCheck', ec2Td([c('a', { dependsOn: [{ containerName: 'b', condition: 'HEALTHY' }] }), c('b')]),
      "Dependency condition HEALTHY requires container 'b' to have a health check."],
    ['healthCheck command without CMD', ec2Td([c('a', { healthCheck: { command: ['curl', 'localhost'] } })]), /The command must start with CMD or CMD-SHELL/],
    ['EFS volume', ec2Td([c('a')], { volumes: [{ name: 'efs', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }] }), /^Volume 'efs': Berth does not support EFS/],
    ['dependsOn cycle', ec2Td([c('a', { dependsOn: [{ containerName: 'b', condition: 'START' }] }), c('b', { dependsOn: [{ containerName: 'a', condition: 'START' }] })]),
      'Container dependency cycle detected in dependsOn, links or volumesFrom.'],
    ['dependsOn itself', ec2Td([c('a', { dependsOn: [{ containerName: 'a', condition: 'START' }] })]), 'Container dependency cycle detected in dependsOn, links or volumesFrom.'],
    ['links cycle', ec2Td([c('a', { links: ['b:bee'] }), c('b', { links: ['a'] })]), 'Container dependency cycle detected in dependsOn, links or volumesFrom.'],
    ['volumesFrom cycle', ec2Td([c('a', { volumesFrom: [{ sourceContainer: 'b' }] }), c('b', { volumesFrom: [{ sourceContainer: 'a' }] })]),
      'Container dependency cycle detected in dependsOn, links or volumesFrom.'],
    ['three-way mixed cycle', ec2Td([
      c('a', { dependsOn: [{ containerName: 'b', condition: 'START' }] }), c('b', { links: ['c'] }), c('c', { volumesFrom: [{ sourceContainer: 'a' }] }),
    ]), 'Container dependency cycle detected in dependsOn, links or volumesFrom.'],
  ];
  for (const [name, td, expected] of cases) {
    it(name, () => {
      const problem = taskDefinitionProblem(td);
      if (expected instanceof RegExp) assert.match(problem ?? '', expected);
      else assert.equal(problem, expected);
    });
  }

  it('family of 255 valid characters and ten containers are accepted', () => {
    assert.equal(taskDefinitionProblem(ec2Td(Array.from({ length: 10 }, (_, i) => c(`c${i}`)), { family: 'A_z-9'.repeat(51) })), undefined);
  });
  it('memory rules: task-level memory, memoryReservation alone, or FARGATE compatibility satisfy the container memory rule', () => {
    assert.equal(taskDefinitionProblem(ec2Td([c('a', { memory: undefined })], { memory: '512' })), undefined);
    assert.equal(taskDefinitionProblem(ec2Td([c('a', { memory: undefined, memoryReservation: 64 })])), undefined);
    assert.equal(taskDefinitionProblem(ec2Td([c('a', { memory: undefined })], { requiresCompatibilities: ['FARGATE'] })), undefined);
    assert.equal(taskDefinitionProblem(ec2Td([c('a', { memory: 256, memoryReservation: 256 })])), undefined);
  });
  it('hostPort equal to containerPort (or omitted) is fine in host and awsvpc modes', () => {
    for (const networkMode of ['host', 'awsvpc'] as const) {
      assert.equal(taskDefinitionProblem(ec2Td([c('a', { portMappings: [{ containerPort: 80, hostPort: 80 }, { containerPort: 81 }] })], { networkMode })), undefined);
    }
  });
  it('a diamond of dependencies is not a cycle', () => {
    const on = (...names: string[]): Partial<ContainerDef> => ({ dependsOn: names.map((containerName) => ({ containerName, condition: 'START' })) });
    assert.equal(taskDefinitionProblem(ec2Td([c('top', on('l', 'r')), c('l', on('base')), c('r', on('base')), c('base')])), undefined);
  });

  const ranges: [string, number, boolean][] = [
    ['interval', 4, false], ['interval', 5, true], ['interval', 300, true], ['interval', 301, false],
    ['timeout', 1, false], ['timeout', 2, true], ['timeout', 60, true], ['timeout', 61, false],
    ['retries', 0, false], ['retries', 1, true], ['retries', 10, true], ['retries', 11, false],
    ['startPeriod', -1, false], ['startPeriod', 0, true], ['startPeriod', 300, true], ['startPeriod', 301, false],
  ];
  for (const [field, value, ok] of ranges) {
    it(`healthCheck ${field} = ${value} is ${ok ? 'valid' : 'invalid'}`, () => {
      const problem = taskDefinitionProblem(ec2Td([c('a', { healthCheck: { command: ['CMD', 'true'], [field]: value } })]));
      if (ok) assert.equal(problem, undefined);
      else assert.match(problem ?? '', new RegExp(`^Invalid healthCheck for container 'a'\\. ${field} must be between`));
    });
  }
});
