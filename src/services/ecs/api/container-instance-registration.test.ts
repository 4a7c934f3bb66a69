/** RegisterContainerInstance: only hosts the operator added, never a new engine. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../../state/store.js';
import { ContainerInstanceDoc } from '../domain/container-instances.js';
import { getHost } from '../domain/hosts.js';
import { KIND } from '../domain/names.js';
import { addHost, addRegisteredHost, hostDoc, instanceSetup } from './instance-test-support.js';

const localEc2InstanceId = (store: Store) => store.list<ContainerInstanceDoc>(KIND.containerInstance).find((r) => r.doc.local)!.doc.ec2InstanceId;
const identity = (instanceId: unknown) => JSON.stringify({ instanceId, region: 'us-east-1', accountId: '000000000000' });

describe('RegisterContainerInstance', () => {
  it('registers a known, unregistered host with the caller\'s attributes and tags', async () => {
    const h = await instanceSetup();
    const host = addHost(h.store, hostDoc(1));
    const { containerInstance } = await h.call('RegisterContainerInstance', {
      cluster: 'c', instanceIdentityDocument: identity(host.ec2InstanceId),
      attributes: [{ name: 'role', value: 'batch' }], tags: [{ key: 'team', value: 'a' }],
      // What the host has is Berth's measurement, not the caller's.
      totalResources: [{ name: 'CPU', type: 'INTEGER', integerValue: 99999 }],
    });
    assert.equal(containerInstance.status, 'ACTIVE');
    assert.equal(containerInstance.ec2InstanceId, host.ec2InstanceId);
    assert.match(containerInstance.containerInstanceArn, /^arn:aws:ecs:us-east-1:000000000000:container-instance\/c\/[0-9a-f]{32}$/);
    assert.deepEqual(containerInstance.tags, [{ key: 'team', value: 'a' }]);
    const attrs = containerInstance.attributes;
    assert.ok(attrs.some((a) => a.name === 'role' && a.value === 'batch'));
    assert.ok(attrs.some((a) => a.name === 'rack' && a.value === 'r1'), 'the operator\'s attributes stay');
    assert.ok(attrs.some((a) => a.name === 'ecs.instance-type' && a.value === 'berth.remote'));
    assert.equal(containerInstance.registeredResources.find((r) => r.name === 'CPU')?.integerValue, 4096);
    assert.equal(getHost(h.store, host.hostId)?.registration?.containerInstanceArn, containerInstance.containerInstanceArn);
    assert.ok((await h.call('ListContainerInstances', { cluster: 'c' })).containerInstanceArns.includes(containerInstance.containerInstanceArn));
  });

  it('answers a re-registration naming the current containerInstanceArn with that registration', async () => {
    const h = await instanceSetup();
    const host = hostDoc(2);
    const arn = addRegisteredHost(h.store, host, 'c');
    const { containerInstance } = await h.call('RegisterContainerInstance', { cluster: 'c', instanceIdentityDocument: identity(host.ec2InstanceId), containerInstanceArn: arn });
    assert.equal(containerInstance.containerInstanceArn, arn);
    assert.equal(containerInstance.version, 1);
  });

  it('registers a host again after its instance was deregistered', async () => {
    const h = await instanceSetup();
    const host = hostDoc(3);
    const first = addRegisteredHost(h.store, host, 'c');
    await h.call('DeregisterContainerInstance', { cluster: 'c', containerInstance: first });
    const { containerInstance } = await h.call('RegisterContainerInstance', { cluster: 'c', instanceIdentityDocument: identity(host.ec2InstanceId) });
    assert.notEqual(containerInstance.containerInstanceArn, first);
    await assert.rejects(h.call('RegisterContainerInstance', { cluster: 'c', instanceIdentityDocument: identity(host.ec2InstanceId), containerInstanceArn: first }),
      { code: 'ClientException', message: /is not the current registration/ });
  });

  const onlyKnown = /^Berth registers container instances with 'berth instances add'/;
  const refused: [string, (h: Awaited<ReturnType<typeof instanceSetup>>) => object, string, RegExp][] = [
    ['no identity document', () => ({}), 'ClientException', onlyKnown],
    ['a document that is not JSON', () => ({ instanceIdentityDocument: '{' }), 'ClientException', onlyKnown],
    ['a document that is JSON null', () => ({ instanceIdentityDocument: 'null' }), 'ClientException', onlyKnown],
    ['an instance id Berth does not know', () => ({ instanceIdentityDocument: identity('i-0123456789abcdef0') }), 'ClientException', onlyKnown],
    ['an instance id that is not a string', () => ({ instanceIdentityDocument: identity(7) }), 'ClientException', onlyKnown],
    ['the local engine\'s instance id', (h) => ({ instanceIdentityDocument: identity(localEc2InstanceId(h.store)) }), 'ClientException', onlyKnown],
    ['a host registered elsewhere', (h) => {
      addRegisteredHost(h.store, hostDoc(4), 'other');
      return { instanceIdentityDocument: identity(hostDoc(4).ec2InstanceId) };
    }, 'ClientException', /is already registered in cluster other/],
    ['a reserved attribute', (h) => ({ instanceIdentityDocument: identity(addHost(h.store, hostDoc(5)).ec2InstanceId), attributes: [{ name: 'ecs.capability.task-eni' }] }),
      'InvalidParameterException', /is reserved/],
    ['more than 10 custom attributes with the operator\'s', (h) => ({
      instanceIdentityDocument: identity(addHost(h.store, hostDoc(6)).ec2InstanceId), attributes: Array.from({ length: 10 }, (_, i) => ({ name: `a${i}` })),
    }), 'AttributeLimitExceededException', /at most 10 custom attributes/],
    ['an aws: tag', (h) => ({ instanceIdentityDocument: identity(addHost(h.store, hostDoc(7)).ec2InstanceId), tags: [{ key: 'aws:x', value: 'y' }] }),
      'InvalidParameterException', /reserved/],
    ['an unknown cluster', (h) => ({ cluster: 'nope', instanceIdentityDocument: identity(addHost(h.store, hostDoc(8)).ec2InstanceId) }), 'ClusterNotFoundException', /^Cluster not found\.$/],
  ];
  for (const [what, input, code, message] of refused) {
    it(`refuses ${what}`, async () => {
      const h = await instanceSetup();
      await h.call('CreateCluster', { clusterName: 'other' });
      const before = (await h.call('ListContainerInstances', { cluster: 'c' })).containerInstanceArns;
      await assert.rejects(h.call('RegisterContainerInstance', { cluster: 'c', ...input(h) }), { code, message });
      assert.deepEqual((await h.call('ListContainerInstances', { cluster: 'c' })).containerInstanceArns, before, 'nothing registered');
    });
  }

  it('leaves a host unregistered when the limit refuses it after registering began', async () => {
    const h = await instanceSetup();
    const host = addHost(h.store, hostDoc(9));
    const attributes = Array.from({ length: 10 }, (_, i) => ({ name: `a${i}` }));
    await assert.rejects(h.call('RegisterContainerInstance', { cluster: 'c', instanceIdentityDocument: identity(host.ec2InstanceId), attributes }),
      { code: 'AttributeLimitExceededException' });
    assert.equal(getHost(h.store, host.hostId)?.registration, undefined);
  });
});
