import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../protocol/model.js';
import { ecsEvent, eventJson, INSTANCE_STATE_CHANGE, instanceDetail, isAnnounced, TASK_STATE_CHANGE, taskDetail } from './events.js';

const model = loadModel('ecs');
const SCOPE = { region: 'eu-west-1', accountId: '123456789012' };
const NOW = new Date('2026-03-01T10:20:30.456Z');

describe('isAnnounced', () => {
  const cases: [string, string, object | undefined, object, boolean][] = [
    ['a new task', TASK_STATE_CHANGE, undefined, { lastStatus: 'PROVISIONING' }, true],
    ['lastStatus changed', TASK_STATE_CHANGE, { lastStatus: 'PENDING', desiredStatus: 'RUNNING' }, { lastStatus: 'RUNNING', desiredStatus: 'RUNNING' }, true],
    ['desiredStatus changed (StopTask)', TASK_STATE_CHANGE, { lastStatus: 'RUNNING', desiredStatus: 'RUNNING' }, { lastStatus: 'RUNNING', desiredStatus: 'STOPPED' }, true],
    ['only a timestamp changed', TASK_STATE_CHANGE, { lastStatus: 'RUNNING', desiredStatus: 'RUNNING' }, { lastStatus: 'RUNNING', desiredStatus: 'RUNNING', healthStatus: 'HEALTHY' }, false],
    ['a new instance', INSTANCE_STATE_CHANGE, undefined, { status: 'ACTIVE' }, true],
    ['the agent disconnected', INSTANCE_STATE_CHANGE, { status: 'ACTIVE', agentConnected: true }, { status: 'ACTIVE', agentConnected: false }, true],
    ['draining', INSTANCE_STATE_CHANGE, { status: 'ACTIVE', agentConnected: true }, { status: 'DRAINING', agentConnected: true }, true],
    ['attributes only', INSTANCE_STATE_CHANGE, { status: 'ACTIVE', agentConnected: true, attributes: [] }, { status: 'ACTIVE', agentConnected: true, attributes: [{ name: 'a' }] }, false],
  ];
  for (const [what, type, previous, current, expected] of cases) it(`${what}: ${expected}`, () => assert.equal(isAnnounced(type, previous, current), expected));
});

describe('ecsEvent', () => {
  it('wraps a detail in EventBridge\'s envelope, time to the second', () => {
    assert.deepEqual(ecsEvent(TASK_STATE_CHANGE, SCOPE, 'arn:t', { a: 1 }, NOW, 'id-1'), {
      version: '0', id: 'id-1', 'detail-type': 'ECS Task State Change', source: 'aws.ecs', account: '123456789012',
      time: '2026-03-01T10:20:30Z', region: 'eu-west-1', resources: ['arn:t'], detail: { a: 1 },
    });
  });
  it('gives each event its own id', () => assert.notEqual(ecsEvent(TASK_STATE_CHANGE, SCOPE, 'a', {}, NOW).id, ecsEvent(TASK_STATE_CHANGE, SCOPE, 'a', {}, NOW).id));
});

describe('eventJson', () => {
  const cases: [string, unknown, unknown][] = [
    ['an ISO time stays ISO', { createdAt: '2026-03-01T10:20:30.456Z' }, { createdAt: '2026-03-01T10:20:30.456Z' }],
    ['epoch seconds become ISO', { createdAt: 1772360430.5 }, { createdAt: '2026-03-01T10:20:30.500Z' }],
    ['members the model does not know are dropped', { lastStatus: 'RUNNING', berth: { secret: 1 } }, { lastStatus: 'RUNNING' }],
    ['lists of structures are walked', { containers: [{ name: 'a', berth: 1, exitCode: 0 }] }, { containers: [{ name: 'a', exitCode: 0 }] }],
  ];
  for (const [what, value, expected] of cases) it(what, () => assert.deepEqual(eventJson(model, 'Task', value), expected));
});

describe('details', () => {
  it('a task: the wire Task without tags, with updatedAt', () => {
    const detail = taskDetail(model, { taskArn: 'arn:t', lastStatus: 'RUNNING', tags: [{ key: 'k', value: 'v' }], startedAt: '2026-03-01T10:00:00.000Z', berth: {} }, NOW);
    assert.deepEqual(detail, { taskArn: 'arn:t', lastStatus: 'RUNNING', startedAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:20:30.456Z' });
  });
  it('a container instance: with its cluster, without task counts, tags or Berth\'s members', () => {
    const detail = instanceDetail(model, { containerInstanceArn: 'arn:i', status: 'ACTIVE', agentConnected: true, runningTasksCount: 2, tags: [], local: true, registered: {} }, 'arn:c', NOW);
    assert.deepEqual(detail, { containerInstanceArn: 'arn:i', status: 'ACTIVE', agentConnected: true, clusterArn: 'arn:c', updatedAt: '2026-03-01T10:20:30.456Z' });
  });
});
