import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpuUnitsBetween, memoryMiBOf, reservation, TaskSample, utilizationData } from './utilization.js';
import { TaskDoc } from './task-doc.js';

const T0 = new Date('2026-11-30T12:00:00Z');

function task(cluster: string, group: string, size: { cpu?: number; memory?: number }, containers: { cpu?: number; memory?: number; memoryReservation?: number }[] = [{ cpu: 256, memory: 512 }]): TaskDoc {
  return {
    clusterArn: `arn:aws:ecs:us-east-1:000000000000:cluster/${cluster}`, group,
    berth: { cpu: size.cpu, memory: size.memory, containers: containers.map((c, i) => ({ name: `c${i}`, ...c })) },
  } as unknown as TaskDoc;
}

const sample = (t: TaskDoc, cpuUnits: number, memoryMiB: number): TaskSample => ({ task: t, cpuUnits, memoryMiB });
const find = (data: ReturnType<typeof utilizationData>, metric: string, dims: number) => data.find((d) => d.metricName === metric && d.dimensions.length === dims)!;

describe('utilization', () => {
  it('a task reserves its task-level size, else its containers\' sum', () => {
    assert.deepEqual(reservation(task('c', 'family:x', { cpu: 512, memory: 1024 })), { cpuUnits: 512, memoryMiB: 1024 });
    assert.deepEqual(reservation(task('c', 'family:x', {}, [{ cpu: 128, memory: 64 }, { cpu: 0, memoryReservation: 32 }])), { cpuUnits: 128, memoryMiB: 96 });
  });

  it('a service is its tasks\' use over their reservation, with single tasks as minimum and maximum', () => {
    const a = task('prod', 'service:web', { cpu: 512, memory: 1024 });
    const b = task('prod', 'service:web', { cpu: 512, memory: 1024 });
    const data = utilizationData([sample(a, 512, 256), sample(b, 0, 768)], [], T0);
    const cpu = find(data, 'CPUUtilization', 2);
    assert.deepEqual(cpu.dimensions, [{ name: 'ClusterName', value: 'prod' }, { name: 'ServiceName', value: 'web' }]);
    assert.deepEqual(cpu.statistics, { sum: 50, sampleCount: 1, minimum: 0, maximum: 100 });
    assert.equal(cpu.namespace, 'AWS/ECS');
    assert.equal(cpu.unit, 'Percent');
    assert.deepEqual(find(data, 'MemoryUtilization', 2).statistics, { sum: 50, sampleCount: 1, minimum: 25, maximum: 75 });
  });

  it('a cluster is every task\'s use over what its instances registered; standalone tasks count there only', () => {
    const data = utilizationData([sample(task('prod', 'family:batch', {}), 1024, 512)], [{ clusterName: 'prod', cpuUnits: 2048, memoryMiB: 4096 }], T0);
    assert.equal(data.filter((d) => d.dimensions.length === 2).length, 0);
    assert.equal(find(data, 'CPUUtilization', 1).statistics!.sum, 50);
    assert.equal(find(data, 'MemoryUtilization', 1).statistics!.sum, 12.5);
  });

  it('nothing reserved, nothing published', () => {
    assert.deepEqual(utilizationData([sample(task('c', 'service:s', {}, [{}]), 10, 10)], [], T0), []);
  });

  it('CPU units from a cumulative counter', () => {
    assert.equal(cpuUnitsBetween({ usageNs: 0, at: 0 }, { usageNs: 500e6, at: 1000 }), 512, 'half a core for a second');
    assert.equal(cpuUnitsBetween({ usageNs: 5, at: 10 }, { usageNs: 1, at: 20 }), 0, 'a restarted counter');
    assert.equal(cpuUnitsBetween({ usageNs: 0, at: 10 }, { usageNs: 1, at: 10 }), 0, 'no time passed');
  });

  it('memory without the page cache, cgroup v1 and v2', () => {
    assert.equal(memoryMiBOf({ memory_stats: { usage: 3 * 1048576, stats: { cache: 1048576 } } }), 2);
    assert.equal(memoryMiBOf({ memory_stats: { usage: 3 * 1048576, stats: { inactive_file: 2 * 1048576 } } }), 1);
    assert.equal(memoryMiBOf({}), 0);
  });
});
