/**
 * Lists and ARNs as AWS returns them (pinned from AWS's recorded responses in the AWS CLI
 * examples): empty `statistics`/`tags`/`settings` rather than none when not asked for,
 * and the Cloud Map ARN of a cluster's Service Connect namespace.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ecsApi, HARNESS_SCOPE } from './api-harness.js';
import { namespaceArn } from '../domain/service-connect.js';

const TAGS = [{ key: 'team', value: 'a' }];

describe('clusters', () => {
  it('CreateCluster and DescribeClusters return statistics, tags and settings lists, empty unless included', async () => {
    const h = ecsApi();
    const created = (await h.call('CreateCluster', { clusterName: 'c', tags: TAGS })).cluster;
    assert.deepEqual([created.statistics, created.tags, created.settings], [[], TAGS, [{ name: 'containerInsights', value: 'disabled' }]]);
    const plain = (await h.call('DescribeClusters', { clusters: ['c'] })).clusters[0];
    assert.deepEqual([plain.statistics, plain.tags, plain.settings], [[], [], []]);
    const full = (await h.call('DescribeClusters', { clusters: ['c'], include: ['TAGS', 'SETTINGS', 'STATISTICS'] })).clusters[0];
    assert.deepEqual([full.statistics, full.tags, full.settings], [[], TAGS, [{ name: 'containerInsights', value: 'disabled' }]]);
  });
  it('the Service Connect namespace is reported as its Cloud Map ARN, the same for the same name', async () => {
    const h = ecsApi();
    const created = (await h.call('CreateCluster', { clusterName: 'c', serviceConnectDefaults: { namespace: 'test' } })).cluster;
    assert.match(created.serviceConnectDefaults.namespace, /^arn:aws:servicediscovery:us-east-1:000000000000:namespace\/ns-[a-z2-7]{16}$/);
    const updated = (await h.call('UpdateCluster', { cluster: 'c', settings: [] })).cluster;
    assert.equal(updated.serviceConnectDefaults.namespace, created.serviceConnectDefaults.namespace);
    assert.notEqual(namespaceArn(HARNESS_SCOPE, 'other'), created.serviceConnectDefaults.namespace);
    const arn = 'arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-abcdefghijklmnop';
    assert.equal((await h.call('UpdateCluster', { cluster: 'c', serviceConnectDefaults: { namespace: arn } })).cluster.serviceConnectDefaults.namespace, arn);
  });
  it('an empty namespace removes the Service Connect defaults', async () => {
    const h = ecsApi();
    await h.call('CreateCluster', { clusterName: 'c', serviceConnectDefaults: { namespace: 'test' } });
    assert.equal((await h.call('UpdateCluster', { cluster: 'c', serviceConnectDefaults: { namespace: '' } })).cluster.serviceConnectDefaults, undefined);
  });
});

describe('tasks and task definitions', () => {
  it('DescribeTasks and DescribeTaskDefinition return an empty tags list unless TAGS is included', async () => {
    const h = ecsApi();
    await h.call('CreateCluster', { clusterName: 'c' });
    await h.call('RegisterTaskDefinition', { family: 'f', containerDefinitions: [{ name: 'a', image: 'busybox', memory: 16 }], tags: TAGS });
    const { tasks } = await h.call('RunTask', { cluster: 'c', taskDefinition: 'f', tags: TAGS });
    assert.deepEqual((await h.call('DescribeTasks', { cluster: 'c', tasks: [tasks[0].taskArn] })).tasks[0].tags, []);
    assert.deepEqual((await h.call('DescribeTasks', { cluster: 'c', tasks: [tasks[0].taskArn], include: ['TAGS'] })).tasks[0].tags, TAGS);
    assert.deepEqual((await h.call('DescribeTaskDefinition', { taskDefinition: 'f' })).tags, []);
    assert.deepEqual((await h.call('DescribeTaskDefinition', { taskDefinition: 'f', include: ['TAGS'] })).tags, TAGS);
  });
});
