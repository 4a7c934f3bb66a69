import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertRuntimeError, runtimeConformance, UNPULLABLE_IMAGE, waitFor } from '../conformance.js';
import type { ContainerSpec, RuntimeEvent } from '../runtime.js';
import { FakeRuntime } from './fake-runtime.js';

const IMAGE = 'berth-test/busybox:1';

runtimeConformance('FakeRuntime', async () => {
  const runtime = new FakeRuntime({ images: [IMAGE] });
  runtime.failPullFor(UNPULLABLE_IMAGE, 'connection refused');
  return { runtime, image: IMAGE, cleanup: () => runtime.close() };
});

describe('FakeRuntime test controls', () => {
  const spec = (overrides: Partial<ContainerSpec> = {}): ContainerSpec =>
    ({ name: `c${Math.random()}`, image: IMAGE, labels: {}, networkMode: 'bridge', ...overrides });

  async function running(rt: FakeRuntime, overrides: Partial<ContainerSpec> = {}): Promise<string> {
    const id = await rt.createContainer(spec(overrides));
    await rt.startContainer(id);
    return id;
  }

  it('exitContainer ends a running container with the given code', async () => {
    const rt = new FakeRuntime({ images: [IMAGE] });
    const id = await running(rt);
    rt.exitContainer(id, 2);
    const state = await rt.inspectContainer(id);
    assert.equal(state?.status, 'exited');
    assert.equal(state?.exitCode, 2);
    assert.throws(() => rt.exitContainer(id, 1), assertRuntimeError('Conflict'));
  });

  it('setHealth updates inspect and emits a health event', async () => {
    const rt = new FakeRuntime({ images: [IMAGE] });
    const events: RuntimeEvent[] = [];
    rt.subscribe((e) => events.push(e));
    const healthCheck = { test: ['CMD', 'true'], intervalSeconds: 5, timeoutSeconds: 2, retries: 3, startPeriodSeconds: 0 };
    const id = await running(rt, { healthCheck, labels: { k: 'v' } });
    assert.equal((await rt.inspectContainer(id))?.health, 'starting');
    rt.setHealth(id, 'healthy');
    assert.equal((await rt.inspectContainer(id))?.health, 'healthy');
    const health = await waitFor('health event', () => events.find((e) => e.type === 'health'));
    assert.deepEqual(health, { type: 'health', containerId: id, labels: { k: 'v' } });
    assert.deepEqual(events.map((e) => e.type), ['create', 'start', 'health'], 'events in order');
    rt.exitContainer(id, 0);
    assert.equal((await rt.inspectContainer(id))?.health, 'unhealthy', 'like Docker after exit');
  });

  it('emits events asynchronously', async () => {
    const rt = new FakeRuntime({ images: [IMAGE] });
    const events: RuntimeEvent[] = [];
    rt.subscribe((e) => events.push(e));
    await running(rt);
    assert.equal(events.length, 0);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events.map((e) => e.type), ['create', 'start']);
  });

  it('pulls succeed unless failPullFor was called; addImage makes an image local', async () => {
    const rt = new FakeRuntime();
    assert.equal(await rt.imageExists('app:1'), false);
    await rt.pullImage('app:1');
    assert.equal(await rt.imageExists('app:1'), true);
    rt.addImage('other');
    assert.equal(await rt.imageExists('other:latest'), true, 'untagged means :latest');
    rt.failPullFor('bad:1', 'denied: requested access to the resource is denied');
    await assert.rejects(rt.pullImage('bad:1'), { name: 'RuntimeError', kind: 'PullFailed', message: /denied/ });
  });

  it('assigns dynamic host ports from 49153 upward and keeps fixed ones', async () => {
    const rt = new FakeRuntime({ images: [IMAGE] });
    const portBindings = [
      { containerPort: 80, protocol: 'tcp' as const, hostIp: '127.0.0.1' },
      { containerPort: 81, protocol: 'udp' as const, hostIp: '0.0.0.0', hostPort: 0 },
      { containerPort: 82, protocol: 'tcp' as const, hostIp: '127.0.0.1', hostPort: 8082 },
    ];
    const id = await running(rt, { portBindings });
    const ports = (await rt.inspectContainer(id))?.ports.map((p) => p.hostPort);
    assert.deepEqual(ports, [49153, 49154, 8082]);
  });

  it('stop honours the explicit signal, then the spec stop signal', async () => {
    const rt = new FakeRuntime({ images: [IMAGE] });
    const a = await running(rt);
    await rt.stopContainer(a, { signal: 'USR1', timeoutSeconds: 1 });
    assert.equal((await rt.inspectContainer(a))?.exitCode, 128 + 10);
    const b = await running(rt, { stopSignal: 'SIGQUIT' });
    await rt.stopContainer(b, { timeoutSeconds: 1 });
    assert.equal((await rt.inspectContainer(b))?.exitCode, 128 + 3);
  });

  it('rejects containers on unknown networks', async () => {
    const rt = new FakeRuntime({ images: [IMAGE] });
    await assert.rejects(rt.createContainer(spec({ networkMode: 'nope' })), assertRuntimeError('CreateFailed'));
  });
});
