import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeRuntime } from '../../runtime/fake/fake-runtime.js';
import { NetworkSpec } from '../../runtime/runtime.js';
import { AwsvpcNetworks } from './awsvpc.js';

test('tasks starting together on a new network create it once', async () => {
  const runtime = new FakeRuntime();
  const created: string[] = [];
  const ensure = runtime.ensureNetwork.bind(runtime);
  runtime.ensureNetwork = async (spec: NetworkSpec) => {
    created.push(spec.name);
    await new Promise((r) => setTimeout(r, 5));
    return ensure(spec);
  };
  const told: string[] = [];
  const networks = new AwsvpcNetworks(runtime, 'owner-1234', async (subnet) => { told.push(subnet); });
  const names = await Promise.all([1, 2, 3].map(() => networks.networkFor(() => 0)));
  assert.deepEqual(new Set(names).size, 1);
  assert.deepEqual(created, [names[0]]);
  assert.equal(told.length, 1);
  assert.equal(await networks.networkFor(() => 0), names[0]);
  assert.equal(created.length, 1);
});
