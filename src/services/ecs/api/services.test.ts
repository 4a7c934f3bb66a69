/**
 * CreateService/UpdateService as AWS answers them (pinned from AWS's recorded responses in
 * the AWS CLI examples): capacity provider services keep their strategy on a scale,
 * the service-linked role, network and grace period defaults, revision image digests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ecsApi } from './api-harness.js';
import { KIND } from '../domain/names.js';
import { TaskDoc } from '../domain/task-doc.js';

const PUBLIC_AWSVPC = { awsvpcConfiguration: { subnets: ['subnet-12344321'], securityGroups: ['sg-12344321'], assignPublicIp: 'ENABLED' } };
const SLR = 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS';

async function setup() {
  const api = ecsApi();
  // FARGATE is associated, but the cluster has no default strategy: nothing to fall back on.
  await api.call('CreateCluster', { clusterName: 'c', capacityProviders: ['FARGATE'] });
  const fargate = (await api.call('RegisterTaskDefinition', {
    family: 'web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
    containerDefinitions: [{ name: 'web', image: 'nginx' }],
  })).taskDefinition.taskDefinitionArn;
  const bridge = (await api.call('RegisterTaskDefinition', { family: 'sleep', containerDefinitions: [{ name: 'sleep', image: 'busybox', memory: 16 }] })).taskDefinition.taskDefinitionArn;
  return { ...api, fargate, bridge };
}

describe('UpdateService of a capacity provider service', () => {
  it('with only desiredCount keeps the strategy and starts no deployment (assignPublicIp ENABLED stays valid)', async () => {
    const h = await setup();
    const created = (await h.call('CreateService', {
      cluster: 'c', serviceName: 's', taskDefinition: h.fargate, desiredCount: 1,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }], networkConfiguration: PUBLIC_AWSVPC,
    })).service;
    const updated = (await h.call('UpdateService', { cluster: 'c', service: 's', desiredCount: 2 })).service;
    assert.equal(updated.launchType, undefined);
    assert.deepEqual(updated.capacityProviderStrategy, [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }]);
    assert.deepEqual(updated.deployments.map((d: { id: string }) => d.id), [created.deployments[0].id], 'no new deployment');
    assert.equal(updated.deployments[0].desiredCount, 2);
    assert.deepEqual(updated.deployments[0].capacityProviderStrategy, updated.capacityProviderStrategy);
  });
  it('naming a launch type still switches to it, with a new deployment', async () => {
    const h = await setup();
    await h.call('CreateService', {
      cluster: 'c', serviceName: 's', taskDefinition: h.fargate, desiredCount: 1,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }], networkConfiguration: PUBLIC_AWSVPC,
    });
    const updated = (await h.call('UpdateService', { cluster: 'c', service: 's', launchType: 'FARGATE' })).service;
    assert.equal(updated.launchType, 'FARGATE');
    assert.equal(updated.capacityProviderStrategy, undefined);
    assert.equal(updated.deployments.length, 2);
  });
});

describe('service fields AWS reports', () => {
  it('awsvpc services: the service-linked role, assignPublicIp DISABLED by default, grace period 0', async () => {
    const h = await setup();
    const svc = (await h.call('CreateService', {
      cluster: 'c', serviceName: 's', taskDefinition: h.fargate, desiredCount: 0, launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-12344321'] } },
    })).service;
    assert.equal(svc.roleArn, SLR);
    assert.deepEqual(svc.networkConfiguration, { awsvpcConfiguration: { subnets: ['subnet-12344321'], assignPublicIp: 'DISABLED' } });
    assert.deepEqual(svc.deployments[0].networkConfiguration, svc.networkConfiguration);
    assert.equal(svc.healthCheckGracePeriodSeconds, 0);
  });
  it('a bridge service without load balancers has no role; a role named for one becomes its ARN', async () => {
    const h = await setup();
    const plain = (await h.call('CreateService', { cluster: 'c', serviceName: 'a', taskDefinition: h.bridge, desiredCount: 0 })).service;
    assert.equal(plain.roleArn, undefined);
    const named = (await h.call('CreateService', { cluster: 'c', serviceName: 'b', taskDefinition: h.bridge, desiredCount: 0, role: 'ecsServiceRole' })).service;
    assert.equal(named.roleArn, 'arn:aws:iam::000000000000:role/ecsServiceRole');
  });
  it('refuses a role for a service that needs the service-linked role', async () => {
    const h = await setup();
    await assert.rejects(h.call('CreateService', {
      cluster: 'c', serviceName: 's', taskDefinition: h.fargate, desiredCount: 0, launchType: 'FARGATE', networkConfiguration: PUBLIC_AWSVPC, role: 'ecsServiceRole',
    }), { code: 'InvalidParameterException', message: 'You cannot specify an IAM role for services that require a service linked role.' });
  });
  it('UpdateService sets availabilityZoneRebalancing', async () => {
    const h = await setup();
    await h.call('CreateService', { cluster: 'c', serviceName: 's', taskDefinition: h.bridge, desiredCount: 0 });
    const updated = (await h.call('UpdateService', { cluster: 'c', service: 's', availabilityZoneRebalancing: 'ENABLED' })).service;
    assert.equal(updated.availabilityZoneRebalancing, 'ENABLED');
    assert.equal(updated.deployments.length, 1);
  });
});

describe('DescribeServiceRevisions', () => {
  it('reports Service Connect disabled and the image digests the deployment\'s tasks report', async () => {
    const h = await setup();
    const svc = (await h.call('CreateService', { cluster: 'c', serviceName: 's', taskDefinition: h.bridge, desiredCount: 1 })).service;
    const revisionArn = svc.currentServiceRevisions[0].arn;
    const before = (await h.call('DescribeServiceRevisions', { serviceRevisionArns: [revisionArn] })).serviceRevisions[0];
    assert.deepEqual(before.serviceConnectConfiguration, { enabled: false });
    assert.deepEqual(before.containerImages, [{ containerName: 'sleep', image: 'busybox', imageDigest: undefined }], 'unknown until a task has its container');
    const digest = `sha256:${'c'.repeat(64)}`;
    const { tasks } = await h.call('RunTask', { cluster: 'c', taskDefinition: h.bridge, startedBy: svc.deployments[0].id, group: 'service:s' });
    h.store.transact((tx) => {
      const rec = tx.list<TaskDoc>(KIND.task).find((r) => r.doc.taskArn === tasks[0].taskArn)!;
      tx.put(KIND.task, rec.id, { ...rec.doc, containers: rec.doc.containers.map((c) => ({ ...c, imageDigest: digest })) });
    });
    const after = (await h.call('DescribeServiceRevisions', { serviceRevisionArns: [revisionArn] })).serviceRevisions[0];
    assert.deepEqual(after.containerImages, [{ containerName: 'sleep', image: 'busybox', imageDigest: digest }]);
  });
});
