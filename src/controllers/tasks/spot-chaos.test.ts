import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../state/memory-store.js';
import { ManualClock } from '../../platform/clock.js';
import { silentLogger } from '../../platform/log.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { SpotChaos } from './spot-chaos.js';

test('a chaos tick reclaims the Spot tasks whose draw falls under the chance, as berth spot interrupt would', () => {
  const store = new MemoryStore(silentLogger);
  const put = (id: string, over: Partial<TaskDoc>) => store.transact((tx) => tx.put(KIND.task, id, { taskArn: `arn:${id}`, desiredStatus: 'RUNNING', lastStatus: 'RUNNING', capacityProviderName: 'FARGATE_SPOT', version: 1, ...over }));
  put('a', {});
  put('b', {});
  put('c', { capacityProviderName: 'FARGATE' });
  const draws = [0, 0.99999];
  const chaos = new SpotChaos({ store, clock: new ManualClock('2026-11-30T10:00:00Z'), log: silentLogger, perHour: 60, random: () => draws.shift()! });
  assert.deepEqual(chaos.tick(), ['arn:a']);
  const a = store.get<TaskDoc>(KIND.task, 'a')!.doc;
  assert.deepEqual([a.desiredStatus, a.stopCode, a.stoppedReason], ['STOPPED', 'SpotInterruption', 'Your Spot Task was interrupted.']);
  assert.equal(store.get<TaskDoc>(KIND.task, 'b')!.doc.desiredStatus, 'RUNNING');
  assert.equal(store.get<TaskDoc>(KIND.task, 'c')!.doc.desiredStatus, 'RUNNING');
});
