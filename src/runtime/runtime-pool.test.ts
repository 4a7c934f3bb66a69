import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeRuntime } from './fake/fake-runtime.js';
import { HostEndpoint, LOCAL_HOST, RuntimePool } from './runtime-pool.js';
import { RuntimeError } from './runtime.js';

function pool() {
  const made: { endpoint: HostEndpoint; runtime: FakeRuntime }[] = [];
  const local = new FakeRuntime({ images: ['img'] });
  const p = new RuntimePool(local, (endpoint) => {
    const runtime = new FakeRuntime({ images: ['img'] });
    made.push({ endpoint, runtime });
    return runtime;
  });
  return { p, local, made };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const spec = (name: string) => ({ name, image: 'img', labels: {}, networkMode: 'none' });

test('an absent host id is the local engine; an unknown one is Unavailable', () => {
  const { p, local } = pool();
  assert.equal(p.get(undefined), local);
  assert.equal(p.get(LOCAL_HOST), local);
  assert.throws(() => p.get('h-gone'), (e: unknown) => e instanceof RuntimeError && e.kind === 'Unavailable');
});

test('set connects once per endpoint and reconnects when it changes', async () => {
  const { p, made } = pool();
  const a = p.set('h1', { dockerHost: 'tcp://10.0.0.5:2375' });
  assert.equal(p.set('h1', { dockerHost: 'tcp://10.0.0.5:2375' }), a);
  const b = p.set('h1', { dockerHost: 'tcp://10.0.0.6:2375' });
  assert.notEqual(b, a);
  assert.equal(made.length, 2);
  assert.deepEqual(p.ids(), [LOCAL_HOST, 'h1']);
  await p.delete('h1');
  assert.equal(p.has('h1'), false);
  assert.throws(() => p.set(LOCAL_HOST, { dockerHost: 'unix:///x' }), TypeError);
});

test('subscribers get events of every host, hosts added later included, tagged with the host id', async () => {
  const { p, local } = pool();
  const seen: string[] = [];
  const unsubscribe = p.subscribe((hostId, e) => seen.push(`${hostId}:${e.type}`));
  const remote = p.set('h1', { dockerHost: 'tcp://10.0.0.5:2375' });
  await local.createContainer(spec('a'));
  await remote.createContainer(spec('b'));
  await tick();
  assert.deepEqual(seen, ['local:create', 'h1:create']);
  unsubscribe();
  await local.createContainer(spec('c'));
  await remote.createContainer(spec('d'));
  await tick();
  assert.equal(seen.length, 2);
  await p.close();
});
