/**
 * The scheduler end to end on the memory store with a manual clock: the ECS API creates
 * and updates services, a stand-in for the task controller moves tasks through their
 * states, and whole rollouts (and rollbacks) run in milliseconds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../platform/clock.js';
import { silentLogger } from '../../platform/log.js';
import { callHandler, RequestContext } from '../../protocol/service.js';
import { MemoryStore } from '../../state/memory-store.js';
import { ecsService } from '../../services/ecs/api/provider.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { ALLOW_ALL } from '../../services/ecs/domain/host-access.js';
import { ServiceController } from './service-controller.js';
import { Operations } from '../../protocol/generated/ecs.js';
import { Answer } from '../../services/ecs/api/api-harness.js';
import { AlarmService, AlarmStateView } from '../../services/cloudwatch/domain/ports.js';

const host = { autoRegister: true, cpus: 2, memoryMiB: 8192, hostname: 'h', dockerVersion: '20.10' };

/** CloudWatch as the scheduler sees it: alarm states the test sets. */
function fakeAlarms(clock: ManualClock) {
  const states = new Map<string, AlarmStateView>();
  const alarms: AlarmService = {
    putAlarm: () => undefined, deleteAlarms: () => undefined, onAction: () => undefined,
    alarmState: (_scope, name) => states.get(name),
  };
  const set = (name: string, state: AlarmStateView['state'], freshEvaluationSeconds?: number) =>
    states.set(name, { alarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`, state, updated: clock.now(), freshEvaluationSeconds });
  return { alarms, set };
}

function harness() {
  const store = new MemoryStore(silentLogger);
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const cloudwatch = fakeAlarms(clock);
  const ecs = ecsService({ store, clock, log: silentLogger, host, hostAccess: ALLOW_ALL });
  const ctx = (): RequestContext => ({ requestId: 'r', region: 'us-east-1', accountId: '000000000000', accessKeyId: 'k', now: clock.now() });
  const call = async <K extends keyof Operations>(op: K, input: object) => (await callHandler(ecs.handlers[op]!, input, ctx())) as Answer<Operations[K]['output']>;
  const controller = new ServiceController({ store, clock, log: silentLogger, hostAccess: ALLOW_ALL, alarms: cloudwatch.alarms });
  /** Plays the task controller: tasks become RUNNING and HEALTHY, stop requests complete; `fail` decides which never start. */
  const settle = async (fail: (t: TaskDoc) => boolean = () => false) => {
    for (let round = 0; round < 50; round++) {
      await controller.idle();
      let changed = false;
      store.transact((tx) => {
        for (const rec of tx.list<TaskDoc>(KIND.task)) {
          const t = rec.doc;
          const now = clock.now().toISOString();
          if (t.desiredStatus === 'RUNNING' && t.lastStatus !== 'RUNNING' && fail(t)) {
            tx.put(KIND.task, rec.id, { ...t, desiredStatus: 'STOPPED', lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: nope', stoppedAt: now });
            changed = true;
          } else if (t.desiredStatus === 'RUNNING' && t.lastStatus !== 'RUNNING') {
            tx.put(KIND.task, rec.id, { ...t, lastStatus: 'RUNNING', healthStatus: 'HEALTHY', startedAt: now });
            changed = true;
          } else if (t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED') {
            tx.put(KIND.task, rec.id, { ...t, lastStatus: 'STOPPED', stoppedAt: now });
            changed = true;
          }
        }
      });
      clock.advance(1000);
      if (!changed) {
        await controller.idle();
        return;
      }
    }
    throw new Error('tasks did not settle');
  };
  const healthy = { command: ['CMD-SHELL', 'true'], interval: 5 };
  const register = async (image: string) => (await call('RegisterTaskDefinition', {
    family: 'web', containerDefinitions: [{ name: 'app', image, memory: 16, healthCheck: healthy }],
  })).taskDefinition.taskDefinitionArn as string;
  const service = async () => (await call('DescribeServices', { cluster: 'c', services: ['web'] })).services[0];
  const tasksOf = () => store.list<TaskDoc>(KIND.task).map((r) => r.doc).filter((t) => t.desiredStatus === 'RUNNING');
  /** Alarm states reach the scheduler by its poll, on real timers: wait for what it does. */
  const waitFor = async (what: string, done: () => Promise<boolean>) => {
    for (let i = 0; i < 60; i++) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  return { store, clock, call, controller, settle, register, service, tasksOf, setAlarm: cloudwatch.set, waitFor };
}

const messages = (svc: { events: { message: string }[] }) => svc.events.map((e) => e.message);

describe('ServiceController', () => {
  it('brings a service to its desired count and completes the deployment', async () => {
    const h = harness();
    await h.controller.start();
    await h.call('CreateCluster', { clusterName: 'c' });
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: await h.register('img:1'), desiredCount: 3 });
    await h.settle();
    const svc = await h.service();
    assert.equal(svc.runningCount, 3);
    assert.equal(svc.deployments.length, 1);
    assert.equal(svc.deployments[0].rolloutState, 'COMPLETED');
    assert.deepEqual(svc.events.map((e: { message: string }) => e.message).slice(0, 2), [
      '(service web) has reached a steady state.', `(service web) (deployment ${svc.deployments[0].id}) deployment completed.`,
    ]);
    await h.controller.stop();
  });

  it('replaces every task on a new task definition', async () => {
    const h = harness();
    await h.controller.start();
    await h.call('CreateCluster', { clusterName: 'c' });
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: await h.register('img:1'), desiredCount: 2 });
    await h.settle();
    const v2 = await h.register('img:2');
    await h.call('UpdateService', { cluster: 'c', service: 'web', taskDefinition: v2 });
    await h.settle();
    assert.deepEqual(h.tasksOf().map((t) => t.taskDefinitionArn), [v2, v2]);
    assert.equal((await h.service()).deployments.length, 1);
    await h.controller.stop();
  });

  it('rolls back when the new deployment cannot start tasks', async () => {
    const h = harness();
    await h.controller.start();
    await h.call('CreateCluster', { clusterName: 'c' });
    const v1 = await h.register('img:1');
    await h.call('CreateService', {
      cluster: 'c', serviceName: 'web', taskDefinition: v1, desiredCount: 2,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    await h.settle();
    await h.call('UpdateService', { cluster: 'c', service: 'web', taskDefinition: await h.register('broken:1') });
    await h.settle((t) => t.containers[0].image === 'broken:1');
    const svc = await h.service();
    assert.equal(svc.taskDefinition, v1);
    assert.equal(svc.deployments.length, 1);
    assert.equal(svc.deployments[0].rolloutState, 'COMPLETED');
    assert.ok(svc.events.some((e: { message: string }) => /deployment failed: tasks failed to start\./.test(e.message)));
    assert.deepEqual(h.tasksOf().map((t) => t.taskDefinitionArn), [v1, v1]);
    await h.controller.stop();
  });

  it('rolls back when a deployment alarm goes to ALARM during the deployment, not for one already in ALARM', async () => {
    const h = harness();
    await h.controller.start();
    await h.call('CreateCluster', { clusterName: 'c' });
    const v1 = await h.register('img:1');
    h.setAlarm('was-already', 'ALARM');
    await h.call('CreateService', {
      cluster: 'c', serviceName: 'web', taskDefinition: v1, desiredCount: 2,
      deploymentConfiguration: { alarms: { alarmNames: ['errors', 'was-already'], enable: true, rollback: true } },
    });
    await h.settle();
    assert.equal((await h.service()).deployments[0].rolloutState, 'COMPLETED', 'an alarm in ALARM before the deployment does not fail it');
    h.clock.advance(1000);
    await h.call('UpdateService', { cluster: 'c', service: 'web', taskDefinition: await h.register('img:2') });
    h.clock.advance(1000);
    h.setAlarm('errors', 'ALARM');
    await h.settle();
    const svc = await h.service();
    assert.equal(svc.taskDefinition, v1);
    assert.ok(svc.events.some((e: { message: string }) => /deployment failed: alarm detected\./.test(e.message)));
    assert.deepEqual(h.tasksOf().map((t) => t.taskDefinitionArn), [v1, v1]);
    const history = await h.call('ListServiceDeployments', { cluster: 'c', service: 'web' });
    const arns = history.serviceDeployments.map((d: { serviceDeploymentArn: string }) => d.serviceDeploymentArn);
    const described = await h.call('DescribeServiceDeployments', { serviceDeploymentArns: arns });
    const failed = described.serviceDeployments.find((d: { alarms?: { status?: string } }) => d.alarms?.status === 'TRIGGERED');
    assert.deepEqual(failed?.alarms?.triggeredAlarmNames, ['errors']);
    await h.controller.stop();
  });

  describe('bake time', () => {
    const BAKE_S = 60;
    /** A service whose deployments watch `errors` (60 s bake), its first deployment baked and completed. */
    const baked = async () => {
      const h = harness();
      await h.controller.start();
      await h.call('CreateCluster', { clusterName: 'c' });
      h.setAlarm('errors', 'OK', BAKE_S);
      const v1 = await h.register('img:1');
      await h.call('CreateService', {
        cluster: 'c', serviceName: 'web', taskDefinition: v1, desiredCount: 2,
        deploymentConfiguration: { alarms: { alarmNames: ['errors', 'missing'], enable: true, rollback: true } },
      });
      await h.settle();
      return { h, v1 };
    };

    it('completes a deployment only once the bake has passed, then announces the steady state', async () => {
      const { h } = await baked();
      let svc = await h.service();
      assert.equal(svc.runningCount, 2);
      assert.equal(svc.deployments[0].rolloutState, 'IN_PROGRESS', 'settled, but baking');
      assert.ok(!messages(svc).some((m) => /steady state|deployment completed/.test(m)), messages(svc).join('\n'));
      h.clock.advance(BAKE_S * 1000);
      await h.waitFor('the bake to end', async () => (await h.service()).deployments[0].rolloutState === 'COMPLETED');
      svc = await h.service();
      assert.deepEqual(messages(svc).slice(0, 2), ['(service web) has reached a steady state.', `(service web) (deployment ${svc.deployments[0].id}) deployment completed.`]);
      await h.controller.stop();
    });

    it('rolls back when a deployment alarm enters ALARM during the bake', async () => {
      const { h, v1 } = await baked();
      h.clock.advance(BAKE_S * 1000);
      await h.waitFor('the first bake to end', async () => (await h.service()).deployments[0].rolloutState === 'COMPLETED');
      const v2 = await h.register('img:2');
      await h.call('UpdateService', { cluster: 'c', service: 'web', taskDefinition: v2 });
      await h.settle();
      const baking = await h.service();
      assert.deepEqual([baking.deployments.length, baking.deployments[0].rolloutState], [1, 'IN_PROGRESS'], 'the old deployment is gone, the new one bakes');
      assert.deepEqual(h.tasksOf().map((t) => t.taskDefinitionArn), [v2, v2]);
      h.setAlarm('errors', 'ALARM', BAKE_S);
      await h.waitFor('the alarm to fail the deployment', async () => (await h.service()).taskDefinition === v1);
      await h.settle();
      const svc = await h.service();
      assert.ok(messages(svc).includes(`(service web) (deployment ${baking.deployments[0].id}) deployment failed: alarm detected.`));
      assert.deepEqual(h.tasksOf().map((t) => t.taskDefinitionArn), [v1, v1]);
      await h.controller.stop();
    });
  });

  it('scales to zero and drains a deleted service to INACTIVE', async () => {
    const h = harness();
    await h.controller.start();
    await h.call('CreateCluster', { clusterName: 'c' });
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: await h.register('img:1'), desiredCount: 2 });
    await h.settle();
    await h.call('DeleteService', { cluster: 'c', service: 'web', force: true });
    await h.settle();
    assert.equal((await h.service()).status, 'INACTIVE');
    assert.deepEqual(h.tasksOf(), []);
    await h.controller.stop();
  });
});
