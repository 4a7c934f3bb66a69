import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_RESERVED_PORTS, Capacity, Demand, placementFailure, remaining, taskDemand } from './placement.js';
import { ContainerDef } from './task-definition-rules.js';
import { TaskSpec } from './task-doc.js';

const spec = (networkMode: TaskSpec['networkMode'], containers: ContainerDef[], size: { cpu?: number; memory?: number } = {}): TaskSpec => ({
  family: 'f', revision: 1, networkMode, containers, volumes: [], fargate: false, ...size,
});

describe('taskDemand', () => {
  const cases: [string, TaskSpec, Demand][] = [
    ['task-level cpu and memory win over container values',
      spec('bridge', [{ name: 'a', cpu: 100, memory: 200 }, { name: 'b', cpu: 100, memory: 200 }], { cpu: 512, memory: 1024 }),
      { cpu: 512, memory: 1024, tcpPorts: [], udpPorts: [] }],
    ['otherwise the sum of containers, memoryReservation before memory',
      spec('bridge', [{ name: 'a', cpu: 100, memory: 256 }, { name: 'b', cpu: 50, memory: 512, memoryReservation: 128 }, { name: 'c' }]),
      { cpu: 150, memory: 384, tcpPorts: [], udpPorts: [] }],
    ['task cpu only: memory still from containers',
      spec('bridge', [{ name: 'a', cpu: 10, memoryReservation: 64 }], { cpu: 256 }),
      { cpu: 256, memory: 64, tcpPorts: [], udpPorts: [] }],
    ['bridge: only static host ports (> 0) are reserved, udp separately',
      spec('bridge', [
        { name: 'a', portMappings: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 0 }, { containerPort: 82 }] },
        { name: 'b', portMappings: [{ containerPort: 53, hostPort: 5353, protocol: 'udp' }, { containerPort: 54, protocol: 'udp' }, { containerPort: 443, hostPort: 8443, protocol: 'tcp' }] },
      ]),
      { cpu: 0, memory: 0, tcpPorts: [8080, 8443], udpPorts: [5353] }],
    ['host: the container port is the host port',
      spec('host', [{ name: 'a', portMappings: [{ containerPort: 80 }, { containerPort: 443, hostPort: 443 }, { containerPort: 53, protocol: 'udp' }] }]),
      { cpu: 0, memory: 0, tcpPorts: [80, 443], udpPorts: [53] }],
    ['awsvpc: the task has its own ENI, no host ports',
      spec('awsvpc', [{ name: 'a', portMappings: [{ containerPort: 80, hostPort: 80 }, { containerPort: 53, protocol: 'udp' }] }]),
      { cpu: 0, memory: 0, tcpPorts: [], udpPorts: [] }],
    ['none: no host ports',
      spec('none', [{ name: 'a', portMappings: [{ containerPort: 80, hostPort: 80 }] }]),
      { cpu: 0, memory: 0, tcpPorts: [], udpPorts: [] }],
  ];
  for (const [name, s, expected] of cases) it(name, () => assert.deepEqual(taskDemand(s), expected));
});

describe('remaining', () => {
  it('subtracts cpu and memory and adds statically mapped ports to the reserved ones', () => {
    const registered: Capacity = { cpu: 4096, memory: 7680, tcpPorts: AGENT_RESERVED_PORTS, udpPorts: [] };
    const placed: Demand[] = [
      { cpu: 1024, memory: 2048, tcpPorts: [8080], udpPorts: [] },
      { cpu: 256, memory: 512, tcpPorts: [], udpPorts: [5353] },
    ];
    assert.deepEqual(remaining(registered, placed), {
      cpu: 2816, memory: 5120, tcpPorts: [22, 2375, 2376, 51678, 51679, 8080], udpPorts: [5353],
    });
    assert.deepEqual(AGENT_RESERVED_PORTS, [22, 2375, 2376, 51678, 51679], 'registration input is not mutated');
  });
  it('with nothing placed it is the registered capacity', () => {
    const registered: Capacity = { cpu: 2048, memory: 3900, tcpPorts: [22], udpPorts: [] };
    assert.deepEqual(remaining(registered, []), registered);
  });
});

describe('placementFailure', () => {
  const free: Capacity = { cpu: 1024, memory: 2048, tcpPorts: [...AGENT_RESERVED_PORTS, 8080], udpPorts: [5353] };
  const demand = (d: Partial<Demand>): Demand => ({ cpu: 0, memory: 0, tcpPorts: [], udpPorts: [], ...d });
  const cases: [string, Demand, string | undefined][] = [
    ['fits', demand({ cpu: 512, memory: 1024, tcpPorts: [80], udpPorts: [53] }), undefined],
    ['fits exactly', demand({ cpu: 1024, memory: 2048 }), undefined],
    ['cpu', demand({ cpu: 1025 }), 'RESOURCE:CPU'],
    ['memory', demand({ memory: 2049 }), 'RESOURCE:MEMORY'],
    ['tcp port taken by another task', demand({ tcpPorts: [8080] }), 'RESOURCE:PORTS'],
    ['udp port taken', demand({ udpPorts: [5353] }), 'RESOURCE:PORTS_UDP'],
    ['tcp and udp are separate port spaces', demand({ tcpPorts: [5353], udpPorts: [8080] }), undefined],
    ['CPU reported before MEMORY', demand({ cpu: 9999, memory: 9999, tcpPorts: [8080], udpPorts: [5353] }), 'RESOURCE:CPU'],
    ['MEMORY reported before PORTS', demand({ memory: 9999, tcpPorts: [8080], udpPorts: [5353] }), 'RESOURCE:MEMORY'],
    ['PORTS reported before PORTS_UDP', demand({ tcpPorts: [8080], udpPorts: [5353] }), 'RESOURCE:PORTS'],
    ['the same tcp host port twice within one task', demand({ tcpPorts: [9000, 9000] }), 'RESOURCE:PORTS'],
  ];
  for (const [name, d, expected] of cases) it(name, () => assert.equal(placementFailure(free, d), expected));

  for (const port of [22, 2375, 2376, 51678, 51679]) {
    it(`agent-reserved port ${port} cannot be mapped`, () => {
      const registered: Capacity = { cpu: 1024, memory: 1024, tcpPorts: AGENT_RESERVED_PORTS, udpPorts: [] };
      assert.equal(placementFailure(remaining(registered, []), demand({ tcpPorts: [port] })), 'RESOURCE:PORTS');
    });
  }

  it('the same udp host port twice within one task', () => {
    assert.equal(placementFailure(free, demand({ udpPorts: [6000, 6000] })), 'RESOURCE:PORTS_UDP');
  });

  it('a second static-port task on the same instance is refused once the first is placed', () => {
    const registered: Capacity = { cpu: 4096, memory: 8192, tcpPorts: AGENT_RESERVED_PORTS, udpPorts: [] };
    const first = taskDemand(spec('bridge', [{ name: 'web', cpu: 256, memory: 256, portMappings: [{ containerPort: 80, hostPort: 80 }] }]));
    assert.equal(placementFailure(remaining(registered, []), first), undefined);
    assert.equal(placementFailure(remaining(registered, [first]), first), 'RESOURCE:PORTS');
    const dynamic = taskDemand(spec('bridge', [{ name: 'web', cpu: 256, memory: 256, portMappings: [{ containerPort: 80 }] }]));
    assert.equal(placementFailure(remaining(registered, [dynamic, dynamic]), dynamic), undefined);
  });
});
