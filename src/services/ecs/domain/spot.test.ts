import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chaosVictims, interruptInstance, interruptTask, interruptionChance, notInterruptible, SPOT_REASON } from './spot.js';
import { TaskDoc } from './task-doc.js';
import { ContainerInstanceDoc } from './container-instances.js';

const task = (over: Partial<TaskDoc>) => ({ taskArn: 'arn:t', desiredStatus: 'RUNNING', capacityProviderName: 'FARGATE_SPOT', version: 3, ...over }) as TaskDoc;

test('which tasks a Spot interruption may take', () => {
  const cases: [string, Partial<TaskDoc>, boolean][] = [
    ['a running FARGATE_SPOT task', {}, true],
    ['a FARGATE task', { capacityProviderName: 'FARGATE' }, false],
    ['an EC2 task', { capacityProviderName: undefined }, false],
    ['a task already stopping', { desiredStatus: 'STOPPED' }, false],
  ];
  for (const [name, over, ok] of cases) assert.equal(notInterruptible(task(over)) === undefined, ok, name);
});

test('an interrupted task stops with AWS\'s code and reason', () => {
  const t = interruptTask(task({}), new Date('2026-11-30T10:00:00Z'));
  assert.deepEqual([t.desiredStatus, t.stopCode, t.stoppedReason, t.stoppingAt, t.version], ['STOPPED', 'SpotInterruption', SPOT_REASON, '2026-11-30T10:00:00.000Z', 4]);
});

test('an interrupted Spot host drains', () => {
  const inst = { status: 'ACTIVE', version: 1 } as ContainerInstanceDoc;
  assert.equal(interruptInstance(inst)?.status, 'DRAINING');
  assert.equal(interruptInstance({ ...inst, status: 'DRAINING' }), undefined);
});

test('chaos: the chance per tick follows the hourly rate', () => {
  const cases: [number, number, number][] = [
    [0, 5000, 0],
    [1, 3_600_000, 1 - Math.exp(-1)],
    [12, 300_000, 1 - Math.exp(-1)],
    [3600, 1000, 1 - Math.exp(-1)],
  ];
  for (const [rate, ms, want] of cases) assert.ok(Math.abs(interruptionChance(rate, ms) - want) < 1e-12, `${rate}/h over ${ms} ms`);
});

test('chaos picks only running, interruptible Spot tasks whose draw is under the chance', () => {
  const tasks = [
    task({ taskArn: 'a', lastStatus: 'RUNNING' }), task({ taskArn: 'b', lastStatus: 'RUNNING' }),
    task({ taskArn: 'c', lastStatus: 'PENDING' }), task({ taskArn: 'd', lastStatus: 'RUNNING', capacityProviderName: 'FARGATE' }),
  ];
  const draws = [0.1, 0.9, 0.0, 0.0];
  assert.deepEqual(chaosVictims(tasks, 0.5, () => draws.shift()!).map((t) => t.taskArn), ['a']);
});
