/** Test support for the container-instance operations: a cluster with the local engine and operator-added hosts. */
import { Store } from '../../../state/store.js';
import { ecsApi, HARNESS_SCOPE } from './api-harness.js';
import { HOST_KIND, HostDoc, registerHost } from '../domain/hosts.js';

export function hostDoc(n: number): HostDoc {
  return {
    hostId: `h-00000000000${n}`, ec2InstanceId: `i-0000000000000000${n}`, dockerHost: `tcp://10.0.0.${n}:2376`, address: `10.0.0.${n}`,
    zone: 'b', instanceType: 'berth.remote', attributes: [{ name: 'rack', value: `r${n}` }], cpus: 4, memoryMiB: 4096,
    dockerVersion: '27.0.1', architecture: 'arm64', addedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Adds a host to the operator's inventory, unregistered. */
export function addHost(store: Store, host: HostDoc): HostDoc {
  store.transact((tx) => tx.put(HOST_KIND, host.hostId, host));
  return host;
}

/** Adds a host registered in `cluster`; returns its container instance ARN. */
export function addRegisteredHost(store: Store, host: HostDoc, cluster: string): string {
  return store.transact((tx) => registerHost(tx, host, HARNESS_SCOPE, cluster, new Date('2026-01-01T00:00:00Z'))).containerInstanceArn;
}

/** The harness with cluster `c` (the local engine registered in it) and a bridge definition `sleep`. */
export async function instanceSetup() {
  const api = ecsApi();
  await api.call('CreateCluster', { clusterName: 'c' });
  const local = (await api.call('ListContainerInstances', { cluster: 'c' })).containerInstanceArns[0];
  await api.call('RegisterTaskDefinition', { family: 'sleep', containerDefinitions: [{ name: 'sleep', image: 'busybox', memory: 16 }] });
  return { ...api, local, localId: local.split('/').pop()! };
}
