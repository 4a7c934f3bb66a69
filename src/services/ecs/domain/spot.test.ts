import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interruptInstance, interruptTask, notInterruptible, SPOT_REASON } from './spot.js';
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
