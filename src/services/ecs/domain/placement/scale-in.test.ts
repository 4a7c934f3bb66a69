import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RunningTask, TaskHost, tasksToStop } from './scale-in.js';
import { DEFAULT_SERVICE_STRATEGY, validatePlacementStrategy } from './strategies.js';

const hostIn = (arn: string, az: string, memory = 1024): TaskHost => ({
  containerInstanceArn: arn, attributes: [{ name: 'ecs.availability-zone', value: az }], free: { cpu: 1024, memory },
});
/** Tasks named `<host>-<n>`, `count` per host, in host order. */
const tasksOn = (counts: Record<string, number>, memory = 256): RunningTask[] => Object.entries(counts).flatMap(([h, n]) =>
  Array.from({ length: n }, (_, i) => ({ taskArn: `${h}-${i}`, containerInstanceArn: h, demand: { cpu: 128, memory, tcpPorts: [], udpPorts: [] } })));
const first = () => 0;

describe('tasksToStop', () => {
  const hosts = [hostIn('a1', 'us-east-1a'), hostIn('a2', 'us-east-1a'), hostIn('b1', 'us-east-1b'), hostIn('c1', 'us-east-1c')];

  it('default: keeps the zones balanced, taking from the fullest instance of the fullest zone', () => {
    const tasks = tasksOn({ a1: 3, a2: 1, b1: 2, c1: 1 });
    // After two, zones a and b tie at 2: the next strategy (instances) picks b1, which has both of b's.
    assert.deepEqual(tasksToStop(tasks, hosts, 3, DEFAULT_SERVICE_STRATEGY, first), ['a1-0', 'a1-1', 'b1-0']);
  });
  it('default: zones end up within one task of each other', () => {
    const tasks = tasksOn({ a1: 4, a2: 4, b1: 3, c1: 2 });
    const stopped = tasksToStop(tasks, hosts, 6, DEFAULT_SERVICE_STRATEGY, first);
    const zoneOf = (arn: string) => hosts.find((h) => arn.startsWith(h.containerInstanceArn))!.attributes[0].value;
    const left = tasks.filter((t) => !stopped.includes(t.taskArn)).map((t) => zoneOf(t.taskArn));
    assert.deepEqual(['us-east-1a', 'us-east-1b', 'us-east-1c'].map((z) => left.filter((l) => l === z).length), [3, 2, 2]);
  });
  it('within the chosen instance the random source picks the task', () => {
    const tasks = tasksOn({ a1: 3 });
    assert.deepEqual(tasksToStop(tasks, hosts, 1, DEFAULT_SERVICE_STRATEGY, () => 0.999), ['a1-2']);
  });
  it('binpack stops the task whose instance will have the most left', () => {
    const packed = [hostIn('full', 'a', 0), hostIn('roomy', 'a', 2048)];
    const tasks = tasksOn({ full: 2, roomy: 1 });
    assert.deepEqual(tasksToStop(tasks, packed, 2, validatePlacementStrategy([{ type: 'binpack', field: 'memory' }]), first), ['roomy-0', 'full-0']);
  });
  it('random draws from every task', () => {
    const tasks = tasksOn({ a1: 2, b1: 2 });
    assert.deepEqual(tasksToStop(tasks, hosts, 1, validatePlacementStrategy([{ type: 'random' }]), () => 0.6), ['b1-0']);
  });
  it('stops no more tasks than run', () => {
    assert.deepEqual(tasksToStop(tasksOn({ a1: 1 }), hosts, 3, DEFAULT_SERVICE_STRATEGY, first), ['a1-0']);
  });
  it('a task on an unknown instance counts under "no zone"', () => {
    const tasks = tasksOn({ a1: 1, gone: 2 });
    assert.deepEqual(tasksToStop(tasks, hosts, 1, DEFAULT_SERVICE_STRATEGY, first), ['gone-0']);
  });
});
