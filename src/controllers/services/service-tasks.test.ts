import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { launchThrottle, nextHealthChangeMs, scaleInOrder } from './service-tasks.js';
import { ContainerInstanceDoc } from '../../services/ecs/domain/container-instances.js';
import { ServiceDoc } from '../../services/ecs/domain/service-doc.js';
import { MemoryStore } from '../../state/memory-store.js';
import { silentLogger } from '../../platform/log.js';

let n = 0;
function task(over: Partial<TaskDoc>): TaskDoc {
  n += 1;
  return {
    taskArn: `arn:aws:ecs:us-east-1:000000000000:task/c/${n}`, startedBy: 'ecs-svc/1', createdAt: new Date(n * 1000).toISOString(),
    lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedAt: new Date(n * 1000 + 500).toISOString(),
    berth: { containers: [], loadBalancers: [] }, ...over,
  } as unknown as TaskDoc;
}

describe('launchThrottle', () => {
  it('does not throttle below five failures in a row', () => {
    assert.deepEqual(launchThrottle([task({}), task({}), task({}), task({})], 'ecs-svc/1'), { failures: 4 });
  });
  it('waits 5 s after the fifth failure, doubling after each further one', () => {
    const five = [task({}), task({}), task({}), task({}), task({})];
    const last = new Date(five[4].stoppedAt!).getTime();
    assert.equal(launchThrottle(five, 'ecs-svc/1').blockedUntil, last + 5_000);
    const six = [...five, task({})];
    assert.equal(launchThrottle(six, 'ecs-svc/1').blockedUntil, new Date(six[5].stoppedAt!).getTime() + 10_000);
  });
  it('caps the wait at 15 minutes', () => {
    const many = Array.from({ length: 30 }, () => task({}));
    const r = launchThrottle(many, 'ecs-svc/1');
    assert.equal(r.blockedUntil! - new Date(many[29].stoppedAt!).getTime(), 15 * 60_000);
  });
  it('counts only failures since the newest task that ran, of the current deployment', () => {
    const tasks = [task({}), task({}), task({ startedAt: 'x', stopCode: 'EssentialContainerExited' }), task({}), task({ startedBy: 'ecs-svc/0' })];
    assert.equal(launchThrottle(tasks, 'ecs-svc/1').failures, 1);
  });
  it('ignores tasks stopped on purpose', () => {
    const tasks = [task({}), task({ stopCode: 'UserInitiated' }), task({ stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/1)' })];
    assert.equal(launchThrottle(tasks, 'ecs-svc/1').failures, 1);
  });
});

describe('nextHealthChangeMs', () => {
  it('wakes just after the first running task passes 40 s', () => {
    const running = task({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING', startedAt: new Date(10_000).toISOString() });
    assert.equal(nextHealthChangeMs([running], 30_000), 20_050);
    assert.equal(nextHealthChangeMs([running], 60_000), undefined);
  });
});

describe('scaleInOrder', () => {
  const zone = (z: string) => ({ containerInstanceArn: `arn:aws:ecs:us-east-1:000000000000:container-instance/c/${z}`, attributes: [{ name: 'ecs.availability-zone', value: `us-east-1${z}` }] });
  const instances = ['a', 'b', 'c'].map((z) => ({ ...zone(z), registered: { cpu: 4096, memory: 8192, tcpPorts: [], udpPorts: [] } })) as unknown as ContainerInstanceDoc[];
  const svc = { deployments: [{ id: 'ecs-svc/1' }], placementStrategy: [] } as unknown as ServiceDoc;
  const running = (z: string) => task({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING', stopCode: undefined, containerInstanceArn: zone(z).containerInstanceArn, berth: { containers: [], loadBalancers: [], networkMode: 'bridge' } } as unknown as Partial<TaskDoc>);

  it('orders the excess from the fullest zone first, and is empty when nothing scales in', () => {
    const tasks = [running('a'), running('a'), running('a'), running('b'), running('c')];
    const store = new MemoryStore(silentLogger);
    const order = scaleInOrder(store, { region: 'us-east-1', accountId: '000000000000' }, 'c', svc, tasks, instances, 3);
    assert.equal(order.size, 2);
    const first = [...order].sort((x, y) => x[1] - y[1]).map(([arn]) => tasks.find((t) => t.taskArn === arn)!.containerInstanceArn);
    assert.deepEqual(first, [zone('a').containerInstanceArn, zone('a').containerInstanceArn]);
    assert.equal(scaleInOrder(store, { region: 'us-east-1', accountId: '000000000000' }, 'c', svc, tasks, instances, 5).size, 0);
  });
});
