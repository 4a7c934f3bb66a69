import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeRuntime } from '../../runtime/fake/fake-runtime.js';
import { NetworkSpec } from '../../runtime/runtime.js';
import { AwsvpcNetworks, gatewayOf, hostSubnets } from './awsvpc.js';

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

test('a remote host has one network, its own block, with the gateway first and as many tasks as it has addresses', async () => {
  assert.deepEqual(hostSubnets('10.214.7.0/24'), { candidates: ['10.214.7.0/24'], tasksPerNetwork: 253 });
  assert.deepEqual(hostSubnets('10.214.0.0/16'), { candidates: ['10.214.0.0/16'], tasksPerNetwork: 1000 });
  assert.equal(gatewayOf('10.214.7.0/24'), '10.214.7.1');
  assert.equal(gatewayOf('10.213.4.0/22'), '10.213.4.1');
  const runtime = new FakeRuntime();
  const networks = new AwsvpcNetworks(runtime, 'owner-1234', undefined, hostSubnets('10.214.7.0/28'));
  const name = await networks.networkFor(() => 12);
  assert.deepEqual((await runtime.listNetworks({})).map((n) => [n.name, n.subnet, n.gateway]), [[name, '10.214.7.0/28', '10.214.7.1']]);
  await assert.rejects(networks.networkFor(() => 13), 'a full network and no other block');
});
