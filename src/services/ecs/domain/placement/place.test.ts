import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_RESERVED_PORTS, Demand } from '../placement.js';
import { Constraint, DISTINCT_INSTANCE_UNSATISFIED, MEMBER_OF_UNSATISFIED, validatePlacementConstraints } from './constraints.js';
import { CandidateInstance, placeTasks, PlacementRequest } from './place.js';
import { DEFAULT_SERVICE_STRATEGY, Strategy, validatePlacementStrategy } from './strategies.js';

const GROUP = 'service:web';

function host(name: string, az: string, over: Partial<CandidateInstance> & { memory?: number; cpu?: number; type?: string } = {}): CandidateInstance {
  const { memory = 4096, cpu = 4096, type = 't2.large', ...rest } = over;
  return {
    containerInstanceArn: name, ec2InstanceId: `i-${name}`, status: 'ACTIVE', agentConnected: true, agentVersion: '1.89.0',
    registeredAt: 0, runningTasksCount: 0, taskGroups: {},
    attributes: [{ name: 'ecs.availability-zone', value: az }, { name: 'ecs.instance-type', value: type }, { name: 'ecs.capability.task-eni' }],
    free: { cpu, memory, tcpPorts: AGENT_RESERVED_PORTS, udpPorts: [] },
    ...rest,
  };
}

const demand = (d: Partial<Demand> = {}): Demand => ({ cpu: 256, memory: 1024, tcpPorts: [], udpPorts: [], ...d });

/** A random source that always answers `value`: ties go to the first (0) or last (0.999) instance. */
const fixed = (value: number) => () => value;

function place(instances: CandidateInstance[], over: Partial<PlacementRequest> & { placementStrategy?: Parameters<typeof validatePlacementStrategy>[0] }) {
  const { placementStrategy, ...rest } = over;
  const strategies: Strategy[] = placementStrategy ? validatePlacementStrategy(placementStrategy) : [];
  return placeTasks(instances, { count: 1, demand: demand(), group: GROUP, strategies, constraints: [], random: fixed(0), ...rest });
}

/** How many of the placements went to each instance, in instance order (zeros included). */
function tally(instances: CandidateInstance[], placements: string[]): Record<string, number> {
  return Object.fromEntries(instances.map((i) => [i.containerInstanceArn, placements.filter((p) => p === i.containerInstanceArn).length]));
}

const THREE_AZS = [host('h1', 'us-east-1a'), host('h2', 'us-east-1b'), host('h3', 'us-east-1c')];

describe('placeTasks: the issue\'s bars', () => {
  it('6 tasks spread by AZ on 3 hosts in 3 AZs: 2/2/2', () => {
    const { placements, failures } = place(THREE_AZS, { count: 6, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] });
    assert.deepEqual(tally(THREE_AZS, placements), { h1: 2, h2: 2, h3: 2 });
    assert.deepEqual(failures, []);
  });
  it('binpack fills one host before the next', () => {
    const { placements } = place(THREE_AZS, { count: 6, placementStrategy: [{ type: 'binpack', field: 'memory' }] });
    assert.deepEqual(placements, ['h1', 'h1', 'h1', 'h1', 'h2', 'h2']);
  });
  it('distinctInstance refuses the 4th task on 3 hosts', () => {
    const { placements, failures } = place(THREE_AZS, { count: 4, constraints: [{ type: 'distinctInstance' }] });
    assert.deepEqual(tally(THREE_AZS, placements), { h1: 1, h2: 1, h3: 1 });
    assert.deepEqual(failures, ['h1', 'h2', 'h3'].map((arn) => ({ arn, reason: DISTINCT_INSTANCE_UNSATISFIED })));
  });
});

describe('placeTasks: the strategies of AWS documentation', () => {
  // Two hosts in us-east-1a (one fuller), one in us-east-1b.
  const fleet = () => [host('a1', 'us-east-1a', { memory: 2048 }), host('a2', 'us-east-1a', { memory: 8192 }), host('b1', 'us-east-1b', { memory: 4096 })];
  const cases: [string, Parameters<typeof validatePlacementStrategy>[0], number, string[]][] = [
    ['spread across instances', [{ type: 'spread', field: 'instanceId' }], 6, ['a1', 'a2', 'b1', 'a1', 'a2', 'b1']],
    ['spread by host is spread by instance', [{ type: 'spread', field: 'host' }], 3, ['a1', 'a2', 'b1']],
    ['binpack on memory: least remaining memory that fits first', [{ type: 'binpack', field: 'memory' }], 5, ['a1', 'a1', 'b1', 'b1', 'b1']],
    ['binpack on cpu', [{ type: 'binpack', field: 'cpu' }], 2, ['a1', 'a1']],
    ['AZ balanced spread: zones, then instances within a zone', [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'spread', field: 'instanceId' }], 4,
      ['a1', 'b1', 'a2', 'b1']],
    ['AZ balanced binpack: zones, then least memory within a zone', [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }], 6,
      ['a1', 'b1', 'a1', 'b1', 'b1', 'a2']],
    ['random', [{ type: 'random' }], 1, ['a1']],
  ];
  for (const [name, strategy, count, expected] of cases) {
    it(name, () => assert.deepEqual(place(fleet(), { count, placementStrategy: strategy, demand: demand({ cpu: 1024 }) }).placements, expected));
  }

  it('random draws from the random source among all feasible instances', () => {
    assert.deepEqual(place(fleet(), { count: 2, placementStrategy: [{ type: 'random' }], random: fixed(0.999) }).placements, ['b1', 'b1']);
    assert.deepEqual(place(fleet(), { count: 1, placementStrategy: [{ type: 'random' }], random: fixed(0.5) }).placements, ['a2']);
  });
  it('the final tie goes to the random source', () => {
    const spread: Parameters<typeof validatePlacementStrategy>[0] = [{ type: 'spread', field: 'attribute:ecs.availability-zone' }];
    assert.deepEqual(place(fleet(), { count: 1, placementStrategy: spread, random: fixed(0.999) }).placements, ['b1']);
    assert.deepEqual(place(fleet(), { count: 2, placementStrategy: spread, random: fixed(0.999) }).placements, ['b1', 'a2']);
  });
  it('the service default spreads across zones, then instances', () => {
    const { placements } = placeTasks(fleet(), { count: 3, demand: demand(), group: GROUP, strategies: DEFAULT_SERVICE_STRATEGY, constraints: [], random: fixed(0) });
    assert.deepEqual(placements, ['a1', 'b1', 'a2']);
  });
  it('spread counts the group\'s running tasks, not other groups\'', () => {
    const instances = [
      host('a1', 'us-east-1a', { taskGroups: { [GROUP]: 2, 'service:other': 5 } }),
      host('b1', 'us-east-1b', { taskGroups: { 'service:other': 9 } }),
    ];
    const { placements } = place(instances, { count: 3, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] });
    assert.deepEqual(placements, ['b1', 'b1', 'a1']);
  });
  it('an instance without the spread attribute counts under "no value"', () => {
    const instances = [host('a1', 'us-east-1a'), { ...host('x1', ''), attributes: [] }, { ...host('x2', ''), attributes: [] }];
    const { placements } = place(instances, { count: 3, placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] });
    assert.deepEqual(tally(instances, placements), { a1: 2, x1: 1, x2: 0 });
  });
  it('strategies are best effort: binpack still places when the best instance is full', () => {
    const instances = [host('small', 'a', { memory: 512 }), host('big', 'a', { memory: 4096 })];
    assert.deepEqual(place(instances, { count: 1, placementStrategy: [{ type: 'binpack', field: 'memory' }] }).placements, ['big']);
  });
});

describe('placeTasks: constraints', () => {
  const fleet = () => [host('t1', 'us-east-1a', { type: 't2.small' }), host('g1', 'us-east-1b', { type: 'g2.2xlarge' }), host('t2', 'us-east-1c', { type: 't2.micro' })];
  const memberOf = (expression: string): Constraint[] => validatePlacementConstraints([{ type: 'memberOf', expression }]);

  it('memberOf keeps only the instances the expression selects', () => {
    const { placements } = place(fleet(), { count: 4, constraints: memberOf('attribute:ecs.instance-type =~ t2.*'), placementStrategy: [{ type: 'spread', field: 'instanceId' }] });
    assert.deepEqual(placements, ['t1', 't2', 't1', 't2']);
  });
  it('memberOf refusing every instance reports each with ECS\'s reason', () => {
    const { placements, failures } = place(fleet(), { count: 2, constraints: memberOf('attribute:ecs.instance-type == m5.large') });
    assert.deepEqual(placements, []);
    assert.deepEqual(failures.map((f) => f.reason), [MEMBER_OF_UNSATISFIED, MEMBER_OF_UNSATISFIED, MEMBER_OF_UNSATISFIED]);
  });
  it('task affinity sees tasks placed earlier in the same call', () => {
    const instances = fleet();
    instances[1].taskGroups = { databases: 1 };
    const { placements } = place(instances, { count: 2, group: 'databases', constraints: memberOf('task:group == databases') });
    assert.deepEqual(placements, ['g1', 'g1']);
  });
  it('task anti-affinity to its own group acts as distinctInstance', () => {
    const { placements, failures } = place(fleet(), { count: 4, group: 'web', constraints: memberOf('not(task:group == web)') });
    assert.deepEqual(placements, ['t1', 'g1', 't2']);
    assert.equal(failures.length, 3);
  });
  it('runningTasksCount counts tasks placed in the call', () => {
    const { placements } = place(fleet(), { count: 3, constraints: memberOf('runningTasksCount < 2') });
    assert.deepEqual(placements, ['t1', 't1', 'g1']);
  });
  it('distinctInstance counts the group\'s running tasks too', () => {
    const instances = fleet();
    instances[0].taskGroups = { [GROUP]: 1 };
    instances[2].taskGroups = { 'service:other': 1 };
    assert.deepEqual(place(instances, { count: 2, constraints: [{ type: 'distinctInstance' }] }).placements, ['g1', 't2']);
  });
  it('call and task definition constraints apply together', () => {
    const both = [...memberOf('attribute:ecs.instance-type =~ t2.*'), ...memberOf('attribute:ecs.availability-zone != us-east-1a')];
    assert.deepEqual(place(fleet(), { count: 2, constraints: both }).placements, ['t2', 't2']);
  });
});

describe('placeTasks: failures', () => {
  it('reports each instance with its first reason, in ECS\'s order', () => {
    const instances = [
      host('agent', 'a', { agentConnected: false, cpu: 0 }),
      host('cpu', 'a', { cpu: 100, memory: 0 }),
      host('memory', 'a', { memory: 100 }),
      host('ports', 'a', { free: { cpu: 4096, memory: 4096, tcpPorts: [...AGENT_RESERVED_PORTS, 80], udpPorts: [53] } }),
      host('udp', 'a', { free: { cpu: 4096, memory: 4096, tcpPorts: AGENT_RESERVED_PORTS, udpPorts: [53] } }),
      { ...host('attribute', 'a'), attributes: [] },
      host('member', 'a', { type: 'm5.large' }),
    ];
    const { placements, failures } = place(instances, {
      count: 1, demand: demand({ tcpPorts: [80], udpPorts: [53] }), requiredAttributes: ['ecs.capability.task-eni'],
      constraints: validatePlacementConstraints([{ type: 'memberOf', expression: 'attribute:ecs.instance-type == t2.large' }]),
    });
    assert.deepEqual(placements, []);
    assert.deepEqual(failures, [
      { arn: 'agent', reason: 'AGENT' }, { arn: 'cpu', reason: 'RESOURCE:CPU' }, { arn: 'memory', reason: 'RESOURCE:MEMORY' },
      { arn: 'ports', reason: 'RESOURCE:PORTS' }, { arn: 'udp', reason: 'RESOURCE:PORTS_UDP' }, { arn: 'attribute', reason: 'ATTRIBUTE' },
      { arn: 'member', reason: MEMBER_OF_UNSATISFIED },
    ]);
  });
  it('places what fits, then reports why the next task did not', () => {
    const instances = [host('h1', 'a', { memory: 2048 }), host('h2', 'b', { memory: 1024 })];
    const { placements, failures } = place(instances, { count: 5 });
    assert.deepEqual(placements.length, 3);
    assert.deepEqual(failures, [{ arn: 'h1', reason: 'RESOURCE:MEMORY' }, { arn: 'h2', reason: 'RESOURCE:MEMORY' }]);
  });
  it('a static host port fits once per instance', () => {
    const { placements, failures } = place(THREE_AZS, { count: 4, demand: demand({ tcpPorts: [8080] }) });
    assert.equal(new Set(placements).size, 3);
    assert.deepEqual(failures.map((f) => f.reason), ['RESOURCE:PORTS', 'RESOURCE:PORTS', 'RESOURCE:PORTS']);
  });
  it('instances that are not ACTIVE are not candidates', () => {
    const instances = [host('draining', 'a', { status: 'DRAINING' }), host('ok', 'b')];
    assert.deepEqual(place(instances, { count: 2 }), { placements: ['ok', 'ok'], failures: [] });
  });
  it('no ACTIVE instance: AWS\'s error', () => {
    for (const instances of [[], [host('gone', 'a', { status: 'INACTIVE' })]]) {
      assert.throws(() => place(instances, {}), { code: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' });
    }
  });
  it('does not modify its input', () => {
    const instances = [host('h1', 'a', { taskGroups: { [GROUP]: 1 } })];
    const before = JSON.stringify(instances);
    place(instances, { count: 2 });
    assert.equal(JSON.stringify(instances), before);
  });
});
