/**
 * The task controller on the fake runtime, against what AWS reports (pinned from AWS's
 * recorded responses in the AWS CLI examples): monotonic timestamps and a start time for a
 * task whose container exits at once, connectivity from when the task is taken up, the
 * PRECREATED ENI attached under the same id, and the containers' image digests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Clock } from '../../platform/clock.js';
import { silentLogger } from '../../platform/log.js';
import { FakeRuntime } from '../../runtime/fake/fake-runtime.js';
import { ecsApi } from '../../services/ecs/api/api-harness.js';
import { KIND } from '../../services/ecs/domain/names.js';
import { TaskDoc } from '../../services/ecs/domain/task-doc.js';
import { AwsvpcNetworks } from './awsvpc.js';
import { LABEL } from './container-spec.js';
import { TaskController } from './task-controller.js';

/** Every reading is a second later, so each step of a pass gets its own time. */
class TickingClock implements Clock {
  private t = new Date('2026-01-01T00:00:00Z').getTime();
  now(): Date {
    this.t += 1000;
    return new Date(this.t);
  }
}

/** Containers named `quick` exit before Berth first inspects them, as a process that fails at once does on Docker. */
class QuickExits extends FakeRuntime {
  override async startContainer(id: string): Promise<void> {
    await super.startContainer(id);
    const state = await this.inspectContainer(id);
    if (state?.labels[LABEL.containerName] === 'quick' && state.running) this.exitContainer(id, 1);
  }
}

const PAUSE = 'berth/pause:1';
const AWSVPC = { awsvpcConfiguration: { subnets: ['subnet-12344321'] } };

async function harness() {
  const api = ecsApi(new TickingClock());
  const runtime = new QuickExits({ images: ['busybox:1', PAUSE] });
  const controller = new TaskController({
    store: api.store, runtime, clock: api.clock, log: silentLogger, ownerId: 'owner-1', publishIp: '127.0.0.1',
    stoppedTaskRetentionMs: 3_600_000, concurrency: 2, networks: new AwsvpcNetworks(runtime, 'owner-1'), pauseImage: PAUSE,
  });
  await api.call('CreateCluster', { clusterName: 'c' });
  await controller.start();
  const task = (arn: string) => api.store.list<TaskDoc>(KIND.task).find((r) => r.doc.taskArn === arn)!.doc;
  /** Runs one task of a definition of one container and waits until it has `status`. */
  const run = async (def: object, status: string, runInput: object = {}) => {
    await api.call('RegisterTaskDefinition', { family: 'f', ...def });
    const { tasks } = await api.call('RunTask', { cluster: 'c', taskDefinition: 'f', ...runInput });
    for (let i = 0; i < 200 && task(tasks[0].taskArn).lastStatus !== status; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(task(tasks[0].taskArn).lastStatus, status);
    return { created: tasks[0], now: () => task(tasks[0].taskArn) };
  };
  return { run, stop: () => controller.stop() };
}

describe('task controller: what AWS reports', () => {
  it('a task whose essential container exits at once started, and its times never go backwards', async () => {
    const h = await harness();
    const { now } = await h.run({ containerDefinitions: [{ name: 'quick', image: 'busybox:1', memory: 16 }] }, 'STOPPED');
    const t = now();
    assert.equal(t.stopCode, 'EssentialContainerExited');
    const order = ['pullStartedAt', 'pullStoppedAt', 'startedAt', 'stoppingAt', 'executionStoppedAt', 'stoppedAt'] as const;
    for (const field of order) assert.ok(t[field], `${field} is set`);
    for (let i = 1; i < order.length; i++) assert.ok(t[order[i - 1]]! <= t[order[i]]!, `${order[i - 1]} ${t[order[i - 1]]} ≤ ${order[i]} ${t[order[i]]}`);
    assert.equal(t.connectivity, 'CONNECTED');
    assert.ok(t.connectivityAt! <= t.pullStartedAt!, 'connected before the pull');
    await h.stop();
  });

  it('the PRECREATED ENI becomes ATTACHED under the same id, and containers report their image digest', async () => {
    const h = await harness();
    const { created, now } = await h.run({
      networkMode: 'awsvpc', containerDefinitions: [{ name: 'a', image: 'busybox:1', memory: 16, command: ['sleep', '60'] }],
    }, 'RUNNING', { networkConfiguration: AWSVPC });
    assert.equal(created.attachments[0].status, 'PRECREATED');
    const [eni] = now().attachments;
    assert.equal(eni.id, created.attachments[0].id);
    assert.equal(eni.status, 'ATTACHED');
    assert.deepEqual(eni.details.map((d) => d.name), ['subnetId', 'networkInterfaceId', 'macAddress', 'privateDnsName', 'privateIPv4Address']);
    assert.equal(now().containers[0].networkInterfaces[0].attachmentId, eni.id);
    assert.match(now().containers[0].imageDigest ?? '', /^sha256:[0-9a-f]{64}$/);
    await h.stop();
  });
});
