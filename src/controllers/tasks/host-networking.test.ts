import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeRuntime } from '../../runtime/fake/fake-runtime.js';
import { RuntimePool } from '../../runtime/runtime-pool.js';
import { PAUSE_IMAGE } from '../../runtime/pause-image.js';
import { Logger, silentLogger } from '../../platform/log.js';
import { MemoryStore } from '../../state/memory-store.js';
import { HOST_KIND, HostDoc } from '../../services/ecs/domain/hosts.js';
import { HostNetworking, hostRulesArgs } from './host-networking.js';

const OWNER = '0123456789abcdef';
const HOST = { hostId: 'h-1', address: '10.203.0.11', awsvpcCidr: '10.214.0.0/24', berthAddress: '10.203.0.1' } as HostDoc;
const PEER = { hostId: 'h-2', address: '10.203.0.12', awsvpcCidr: '10.214.1.0/24', berthAddress: '10.203.0.1' } as HostDoc;

test('the host script gets only checked values, and none of the endpoint without a task endpoint or an address', () => {
  const host = { awsvpcCidr: '10.214.3.0/24', berthAddress: '10.203.0.1' };
  const peers = [{ cidr: '10.214.4.0/24', address: '10.203.0.12' }, { cidr: '10.214.5.0/24', address: '10.203.0.13' }];
  assert.deepEqual(hostRulesArgs('add', OWNER, host, 51679, peers), ['add', `berth-${OWNER}`, '10.214.3.0/24', '10.203.0.1', '51679', '10.214.4.0/24=10.203.0.12 10.214.5.0/24=10.203.0.13']);
  assert.deepEqual(hostRulesArgs('add', OWNER, host), ['add', `berth-${OWNER}`, '10.214.3.0/24', '', '', '']);
  assert.deepEqual(hostRulesArgs('remove', OWNER, {}, 51679), ['remove', `berth-${OWNER}`, '', '', '', '']);
  for (const [bad, port] of [[{ awsvpcCidr: '10.0.0.0/24; reboot' }, 1], [{ berthAddress: '$(id)' }, 1], [host, 0], [host, 70000]] as const) {
    assert.throws(() => hostRulesArgs('add', OWNER, bad, port), RangeError, JSON.stringify(bad));
  }
  for (const bad of [{ cidr: '10.214.4.0/24 x', address: '10.0.0.1' }, { cidr: '10.214.4.0/24', address: '10.0.0.1=2' }]) {
    assert.throws(() => hostRulesArgs('add', OWNER, host, 1, [bad]), RangeError, JSON.stringify(bad));
  }
});

interface Harness {
  networking: HostNetworking;
  remote: FakeRuntime;
  routes: string[];
  scripts: string[][];
  warnings: string[];
  order: string[];
}

/** A remote host whose setup scripts exit with `exitCode`, recorded with the routes Berth edits. */
function harness(exitCode = 0): Harness {
  const remote = new FakeRuntime();
  const pool = new RuntimePool(new FakeRuntime(), () => remote);
  pool.set('h-1', { dockerHost: 'tcp://10.203.0.11:2376' });
  pool.set('h-2', { dockerHost: 'tcp://10.203.0.12:2376' });
  const store = new MemoryStore(silentLogger);
  store.transact((tx) => {
    tx.put(HOST_KIND, HOST.hostId, HOST);
    tx.put(HOST_KIND, PEER.hostId, PEER);
  });
  const h: Harness = { remote, routes: [], scripts: [], warnings: [], order: [], networking: undefined as unknown as HostNetworking };
  remote.subscribe((e) => {
    if (e.type !== 'start' || !e.labels['berth.host-setup']) return;
    void remote.inspectContainer(e.containerId).then(() => {
      h.order.push('rules');
      remote.exitContainer(e.containerId, exitCode);
    });
  });
  const create = remote.createContainer.bind(remote);
  remote.createContainer = async (spec) => {
    if (spec.labels['berth.host-setup']) h.scripts.push(spec.command!.slice(4));
    return create(spec);
  };
  const ensure = remote.ensureNetwork.bind(remote);
  remote.ensureNetwork = async (spec) => {
    h.order.push(`network ${spec.subnet} ${spec.gateway}`);
    return ensure(spec);
  };
  const log: Logger = { debug() {}, info() {}, warn: (msg) => { h.warnings.push(msg); }, error() {} };
  h.networking = new HostNetworking({
    store, runtimes: pool, ownerId: OWNER, log, agentPort: 51679,
    route: async (op, cidr, via) => { h.routes.push(`${op} ${cidr} via ${via}`); },
  });
  return h;
}



test('a host is set up once: pause image, route, its network before the rules (Docker puts its own first), then the rules', async () => {
  const h = harness();
  const [a, b] = await Promise.all([h.networking.prepare(HOST), h.networking.prepare(HOST)]);
  assert.equal(a, b);
  assert.ok(await h.remote.imageExists(PAUSE_IMAGE));
  assert.deepEqual(h.routes, ['replace 10.214.0.0/24 via 10.203.0.11']);
  assert.deepEqual(h.order, ['network 10.214.0.0/24 10.214.0.1', 'rules']);
  assert.deepEqual(h.scripts, [['add', `berth-${OWNER}`, '10.214.0.0/24', '10.203.0.1', '51679', '10.214.1.0/24=10.203.0.12']]);
  assert.equal(a.taskEndpoint, true);
  assert.equal(await a.networks.networkFor(() => 0), a.networks.networkName(0));
  assert.deepEqual(h.warnings, []);
});

test('rules that cannot be set leave the host usable without the task endpoint', async () => {
  const h = harness(1);
  const prepared = await h.networking.prepare(HOST);
  assert.equal(prepared.taskEndpoint, false);
  assert.equal(h.warnings.length, 1);
});

test('a host that reconnects is set up again at once if it was set up, else at its first task', async () => {
  const h = harness();
  await h.networking.refresh(HOST);
  assert.equal(h.scripts.length, 0);
  await h.networking.prepare(HOST);
  await h.networking.refresh(HOST);
  assert.equal(h.scripts.length, 2);
  await h.networking.prepare(HOST);
  assert.equal(h.scripts.length, 2);
});

test('a host without an awsvpc block or Berth\'s address gets no route, no network and no endpoint', async () => {
  const h = harness();
  const prepared = await h.networking.prepare({ ...HOST, awsvpcCidr: undefined, berthAddress: undefined });
  assert.deepEqual(h.routes, []);
  assert.deepEqual(h.order, ['rules']);
  assert.deepEqual(h.scripts, [['add', `berth-${OWNER}`, '', '', '', '10.214.1.0/24=10.203.0.12']]);
  assert.equal(prepared.taskEndpoint, false);
  await assert.rejects(prepared.networks.networkFor(() => 0));
});

test('removing a host deletes its route and its rules', async () => {
  const h = harness();
  await h.networking.prepare(HOST);
  await h.networking.release(HOST);
  assert.deepEqual(h.routes, ['replace 10.214.0.0/24 via 10.203.0.11', 'del 10.214.0.0/24 via 10.203.0.11']);
  assert.deepEqual(h.scripts.at(-1), ['remove', `berth-${OWNER}`, '10.214.0.0/24', '', '', '']);
});

test('hosts already set up learn of a host added or removed: they route to the blocks of the others', async () => {
  const h = harness();
  await h.networking.prepare(HOST);
  await h.networking.peersChanged();
  assert.equal(h.scripts.length, 2);
  assert.equal(h.scripts[1].at(-1), '10.214.1.0/24=10.203.0.12');
});
