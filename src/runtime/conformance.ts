/**
 * The one behavioural contract for ContainerRuntime implementations. Each
 * implementation's test file calls runtimeConformance() with a factory.
 * Everything the suite creates carries the label berth.test=<run id> and is
 * removed in after(), even when a test fails.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ContainerRuntime, ContainerSpec, ContainerState, LogLine, RuntimeEvent } from './runtime.js';
import { RuntimeError } from './runtime.js';

/** A reference whose pull fails fast on any engine (nothing listens on port 1); fakes must be told to fail it. */
export const UNPULLABLE_IMAGE = '127.0.0.1:1/berth-test/unpullable:1';

export interface ConformanceTarget { runtime: ContainerRuntime; image: string; cleanup(): Promise<void> }

/** Polls `probe` until it returns a truthy value; fails after `timeoutMs` with `what` in the message. */
export async function waitFor<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function assertRuntimeError(kind: RuntimeError['kind']): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof RuntimeError, `expected RuntimeError, got ${String(err)}`);
    assert.equal(err.kind, kind, `expected kind ${kind}, got ${err.kind}: ${err.message}`);
    return true;
  };
}

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

export function runtimeConformance(name: string, make: () => Promise<ConformanceTarget>): void {
  describe(`ContainerRuntime conformance: ${name}`, () => {
    const run = randomBytes(4).toString('hex');
    const testLabels = { 'berth.test': run };
    const volumes = new Set<string>();
    let target: ConformanceTarget | undefined;
    let seq = 0;
    const rt = (): ContainerRuntime => target!.runtime;

    const spec = (overrides: Partial<ContainerSpec> = {}): ContainerSpec => ({
      name: `berth-test-${run}-${++seq}`,
      image: target!.image,
      networkMode: 'bridge',
      command: ['sleep', '600'],
      ...overrides,
      labels: { ...testLabels, ...overrides.labels },
    });
    const started = async (overrides: Partial<ContainerSpec> = {}): Promise<string> => {
      const id = await rt().createContainer(spec(overrides));
      await rt().startContainer(id);
      return id;
    };
    const inspect = async (id: string): Promise<ContainerState> => {
      const state = await rt().inspectContainer(id);
      assert.ok(state, `container ${id} should exist`);
      return state;
    };
    const exited = (id: string) => waitFor(`${id} to exit`, async () => {
      const state = await inspect(id);
      return !state.running && state.status === 'exited' ? state : undefined;
    });

    before(async () => {
      target = await make();
    });

    after(async () => {
      if (!target) return;
      try {
        for (const c of await rt().listContainers(testLabels)) await rt().removeContainer(c.id, { force: true, removeVolumes: true });
        for (const n of await rt().listNetworks(testLabels)) await rt().removeNetwork(n.name);
        for (const v of volumes) await rt().removeVolume(v);
      } finally {
        await target.cleanup();
      }
    });

    it('reports engine info', async () => {
      const info = await rt().info();
      assert.ok(info.serverVersion);
      assert.ok(info.cpus > 0 && info.memoryBytes > 0);
    });

    it('creates, starts and inspects a running container', async () => {
      const s = spec();
      const id = await rt().createContainer(s);
      const created = await inspect(id);
      assert.equal(created.status, 'created');
      assert.equal(created.running, false);
      assert.equal(created.exitCode, undefined);
      await rt().startContainer(id);
      const running = await inspect(id);
      assert.equal(running.id, id);
      assert.equal(running.name, s.name);
      assert.equal(running.image, s.image);
      assert.equal(running.status, 'running');
      assert.equal(running.running, true);
      assert.equal(running.exitCode, undefined);
      assert.ok(running.startedAt instanceof Date);
      assert.equal(running.finishedAt, undefined);
      assert.equal(running.oomKilled, false);
      assert.ok(running.networks.bridge?.ipAddress, 'bridge address assigned');
      assert.match(running.imageDigest ?? '', /^sha256:[0-9a-f]{64}$/, 'the image digest (or id)');
      assert.deepEqual((await inspect(s.name)).id, id, 'inspect by name');
    });

    it('round-trips labels and lists containers by label', async () => {
      const a = await rt().createContainer(spec({ labels: { 'berth.test.role': 'a', 'berth.other': 'x=y' } }));
      const b = await started({ labels: { 'berth.test.role': 'b' } });
      assert.equal((await inspect(a)).labels['berth.other'], 'x=y');
      const onlyA = await rt().listContainers({ ...testLabels, 'berth.test.role': 'a' });
      assert.deepEqual(onlyA.map((c) => c.id), [a]);
      assert.equal(onlyA[0].status, 'created', 'stopped containers are listed too');
      const all = (await rt().listContainers(testLabels)).map((c) => c.id);
      assert.ok(all.includes(a) && all.includes(b));
      const listedB = (await rt().listContainers({ 'berth.test.role': 'b', ...testLabels }))[0];
      assert.deepEqual(listedB.networks, (await inspect(b)).networks, 'list returns inspect-level detail');
      assert.deepEqual(await rt().listContainers({ ...testLabels, 'berth.test.role': 'none' }), []);
    });

    it('honours command and env (exit code from $CODE)', async () => {
      const id = await started({ env: ['CODE=3'], command: ['sh', '-c', 'exit $CODE'] });
      const state = await exited(id);
      assert.equal(state.exitCode, 3);
      assert.ok(state.finishedAt instanceof Date);
    });

    it('binds a dynamic host port on the requested host ip', async () => {
      const id = await started({ portBindings: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }] });
      const { ports } = await inspect(id);
      assert.equal(ports.length, 1);
      assert.equal(ports[0].containerPort, 8080);
      assert.equal(ports[0].protocol, 'tcp');
      assert.equal(ports[0].hostIp, '127.0.0.1');
      assert.ok(ports[0].hostPort > 0, `host port ${ports[0].hostPort}`);
    });

    it('stops with SIGTERM within the timeout, and stopping again is a no-op', async () => {
      // init forwards SIGTERM to sleep, so the exit code is 128+15 on a real engine.
      const id = await started({ init: true });
      const t0 = Date.now();
      await rt().stopContainer(id, { timeoutSeconds: 10 });
      assert.ok(Date.now() - t0 < 8_000, 'stopped by the signal, not by the timeout');
      const state = await inspect(id);
      assert.equal(state.running, false);
      assert.equal(state.exitCode, 143);
      assert.deepEqual(state.ports, []);
      await rt().stopContainer(id, { timeoutSeconds: 1 });
      await rt().stopContainer(id, { signal: 'SIGINT', timeoutSeconds: 1 });
    });

    it('kills with SIGKILL by default; killing a stopped container conflicts', async () => {
      const id = await started();
      await rt().killContainer(id);
      assert.equal((await exited(id)).exitCode, 137);
      await assert.rejects(rt().killContainer(id), assertRuntimeError('Conflict'));
    });

    it('emits create, start, die and destroy events carrying labels', async () => {
      const events: RuntimeEvent[] = [];
      const unsubscribe = rt().subscribe((e) => events.push(e));
      try {
        const id = await started({ labels: { 'berth.test.events': 'yes' } });
        const seen = (type: string) => waitFor(`${type} event`, () => events.find((e) => e.containerId === id && e.type === type));
        const start = await seen('start');
        assert.equal(start.labels['berth.test'], run);
        assert.equal(start.labels['berth.test.events'], 'yes');
        await seen('create');
        await rt().killContainer(id);
        assert.equal((await seen('die')).labels['berth.test.events'], 'yes');
        await rt().removeContainer(id);
        await seen('destroy');
      } finally {
        unsubscribe();
      }
    });

    it('samples a container\'s stats; a removed one has none', async () => {
      const id = await started();
      const stats = await rt().containerStats(id);
      assert.ok(stats && typeof stats.cpu_stats === 'object' && typeof stats.memory_stats === 'object');
      await rt().removeContainer(id, { force: true });
      assert.equal(await rt().containerStats(id), undefined);
    });

    it('reads stdout and stderr with engine times, and from a line\'s time on', async () => {
      const id = await started({ command: ['sh', '-c', 'echo one; echo two >&2; echo "three four"; exit 0'] });
      await exited(id);
      const lines = await collect(rt().containerLogs(id, { follow: false }));
      const texts = (list: LogLine[], stream: LogLine['stream']) => list.filter((l) => l.stream === stream).map((l) => l.text);
      assert.deepEqual(texts(lines, 'stdout'), ['one', 'three four']);
      assert.deepEqual(texts(lines, 'stderr'), ['two']);
      for (const l of lines) assert.match(l.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      const [one, three] = lines.filter((l) => l.stream === 'stdout');
      assert.ok(one.time < three.time, 'a stream\'s times grow');
      const since = await collect(rt().containerLogs(id, { follow: false, since: three.time }));
      assert.deepEqual(texts(since, 'stdout'), ['three four'], 'since is inclusive');
    });

    it('follows output as it is written and ends when the container exits', async () => {
      const id = await started({ command: ['sh', '-c', 'echo first; sleep 1; echo second; exit 0'] });
      const seen = (await collect(rt().containerLogs(id, { follow: true }))).map((l) => l.text);
      assert.deepEqual(seen, ['first', 'second']);
    });

    it('ends a follow quietly when its signal aborts', async () => {
      const id = await started({ command: ['sh', '-c', 'echo hello; sleep 600'] });
      const abort = new AbortController();
      const seen: string[] = [];
      for await (const line of rt().containerLogs(id, { follow: true, signal: abort.signal })) {
        seen.push(line.text);
        abort.abort();
      }
      assert.deepEqual(seen, ['hello']);
    });

    it('refuses to read the output of an unknown container', async () => {
      await assert.rejects(collect(rt().containerLogs(`berth-test-${run}-missing`, { follow: false })), assertRuntimeError('NotFound'));
    });

    it('removes containers idempotently; unknown ids inspect as undefined', async () => {
      const id = await started();
      await assert.rejects(rt().removeContainer(id), assertRuntimeError('Conflict'), 'running needs force');
      await rt().removeContainer(id, { force: true });
      assert.equal(await rt().inspectContainer(id), undefined);
      await rt().removeContainer(id);
      assert.equal(await rt().inspectContainer(`berth-test-${run}-missing`), undefined);
      await assert.rejects(rt().stopContainer(`berth-test-${run}-missing`, { timeoutSeconds: 1 }), assertRuntimeError('NotFound'));
    });

    it('knows local images and reports failed pulls as PullFailed', async () => {
      assert.equal(await rt().imageExists(target!.image), true);
      assert.equal(await rt().imageExists(UNPULLABLE_IMAGE), false);
      await assert.rejects(rt().pullImage(UNPULLABLE_IMAGE), (err) => {
        assertRuntimeError('PullFailed')(err);
        assert.ok((err as Error).message.length > 0);
        return true;
      });
    });

    it('cancels a pull through its signal', async () => {
      const ref = `berth-test/never-pulled-${run}:1`;
      await assert.rejects(rt().pullImage(ref, undefined, { signal: AbortSignal.abort() }), assertRuntimeError('Other'));
      assert.equal(await rt().imageExists(ref), false);
    });

    it('fails create for an unknown image and conflicts on a duplicate name', async () => {
      await assert.rejects(rt().createContainer(spec({ image: `berth-test/missing-${run}:1` })), assertRuntimeError('CreateFailed'));
      const s = spec();
      await rt().createContainer(s);
      await assert.rejects(rt().createContainer({ ...s }), assertRuntimeError('Conflict'));
    });

    it('manages networks idempotently and honours a fixed IPv4 address', async () => {
      const net = `berth-test-${run}-net`;
      const prefix = `10.${randomInt(200, 250)}.${randomInt(0, 256)}`;
      const netSpec = { name: net, subnet: `${prefix}.0/24`, gateway: `${prefix}.1`, labels: testLabels };
      await rt().ensureNetwork(netSpec);
      await rt().ensureNetwork(netSpec);
      assert.deepEqual(await rt().listNetworks(testLabels), [netSpec]);
      const id = await started({ networkMode: net, ipv4Address: `${prefix}.10` });
      assert.equal((await inspect(id)).networks[net]?.ipAddress, `${prefix}.10`);
      await rt().removeContainer(id, { force: true });
      await rt().removeNetwork(net);
      await rt().removeNetwork(net);
      assert.deepEqual(await rt().listNetworks(testLabels), []);
    });

    it('manages volumes idempotently', async () => {
      const vol = `berth-test-${run}-vol`;
      volumes.add(vol);
      await rt().ensureVolume(vol, { labels: testLabels });
      await rt().ensureVolume(vol, { labels: testLabels });
      const id = await started({ mounts: [{ type: 'volume', source: vol, target: '/data' }] });
      assert.equal((await inspect(id)).running, true);
      await assert.rejects(rt().removeVolume(vol), assertRuntimeError('Conflict'), 'in use');
      await rt().removeContainer(id, { force: true });
      await rt().removeVolume(vol);
      await rt().removeVolume(vol);
    });
  });
}
