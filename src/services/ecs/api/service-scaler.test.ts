import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { ServiceError } from '../../../protocol/errors.js';
import { ALLOW_ALL } from '../domain/host-access.js';
import { ecsApi, HARNESS_SCOPE } from './api-harness.js';
import { makeServiceOps } from './services.js';
import { makeServiceScaler } from './service-scaler.js';

describe('the serviceScaler port', () => {
  async function setup() {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const api = ecsApi(clock, new MemoryStore(silentLogger));
    await api.call('CreateCluster', { clusterName: 'c' });
    await api.call('RegisterTaskDefinition', { family: 'sleep', containerDefinitions: [{ name: 'sleep', image: 'busybox', memory: 16 }] });
    await api.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'sleep', desiredCount: 1 });
    const host = { autoRegister: true, cpus: 2, memoryMiB: 8192, hostname: 'h', dockerVersion: '20.10' };
    const scaler = makeServiceScaler(makeServiceOps({ store: api.store, clock, log: silentLogger, host, hostAccess: ALLOW_ALL }), clock);
    return { api, scaler };
  }

  it('describes a service by cluster and service names', async () => {
    const { scaler } = await setup();
    const counts = scaler.describe(HARNESS_SCOPE, 'c', 'web');
    assert.deepEqual(counts, { serviceArn: 'arn:aws:ecs:us-east-1:000000000000:service/c/web', status: 'ACTIVE', desiredCount: 1, runningCount: 0, pendingCount: 0 });
    assert.equal(scaler.describe(HARNESS_SCOPE, 'c', 'missing'), undefined);
    assert.equal(scaler.describe(HARNESS_SCOPE, 'no-cluster', 'web'), undefined);
  });

  it('sets desiredCount as UpdateService does, with its validation', async () => {
    const { api, scaler } = await setup();
    scaler.setDesiredCount(HARNESS_SCOPE, 'c', 'web', 4);
    const svc = (await api.call('DescribeServices', { cluster: 'c', services: ['web'] })).services![0];
    assert.equal(svc.desiredCount, 4);
    assert.equal(svc.deployments![0].desiredCount, 4);
    assert.throws(() => scaler.setDesiredCount(HARNESS_SCOPE, 'c', 'missing', 2), (e: unknown) => e instanceof ServiceError && e.code === 'ServiceNotFoundException');
  });
});
