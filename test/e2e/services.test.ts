/**
 * ECS services on real containers: the scheduler keeps desiredCount, replaces dead tasks,
 * rolls deployments, trips the circuit breaker and rolls back, and deletes through DRAINING.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateClusterCommand, CreateServiceCommand, DeleteServiceCommand, DescribeServiceDeploymentsCommand, DescribeServicesCommand,
  DescribeTasksCommand, ECSClient, ListServiceDeploymentsCommand, ListServicesCommand, ListTasksCommand, RegisterTaskDefinitionCommand,
  Service, StopServiceDeploymentCommand, UpdateServiceCommand, waitUntilServicesInactive, waitUntilServicesStable,
} from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { docker, eventually, RunningBerth, startBerthProcess } from '../support/berth-process.js';

const CLUSTER = 'svc';

describe('ECS services', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let image: string;

  const describeService = async (name: string): Promise<Service> => (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [name] }))).services![0];
  // The SDK waiter (one deployment, running = desired), then the rollout's own completion.
  const stable = async (name: string) => {
    await waitUntilServicesStable({ client: ecs, maxWaitTime: 120, minDelay: 1, maxDelay: 2 }, { cluster: CLUSTER, services: [name] });
    await eventually(async () => {
      const svc = await describeService(name);
      return svc.deployments!.length === 1 && svc.deployments![0].rolloutState === 'COMPLETED' && svc.runningCount === svc.desiredCount;
    }, `${name} to complete its deployment`, 60_000, 250);
  };
  const register = async (family: string, version: string, img = image) => (await ecs.send(new RegisterTaskDefinitionCommand({
    family,
    containerDefinitions: [{
      name: 'app', image: img, memory: 16, stopTimeout: 2, command: ['sleep', '600'], environment: [{ name: 'VERSION', value: version }],
      healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, timeout: 2, retries: 1 },
    }],
  }))).taskDefinition!.taskDefinitionArn!;
  const taskDefsOfService = async (name: string) => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: name }))).taskArns!;
    if (arns.length === 0) return [];
    return (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks!.map((t) => t.taskDefinitionArn);
  };

  before(async () => {
    image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
  });

  it('keeps desiredCount running and replaces a task that dies', async () => {
    const v1 = await register('keeper', 'v1');
    const created = (await ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'keeper', taskDefinition: v1, desiredCount: 2 }))).service!;
    assert.equal(created.status, 'ACTIVE');
    assert.equal(created.deployments?.length, 1);
    assert.equal(created.deployments![0].rolloutState, 'IN_PROGRESS');
    assert.match(created.deployments![0].id!, /^ecs-svc\/\d{19}$/);
    assert.deepEqual(created.deploymentConfiguration, { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false } });
    await stable('keeper');
    let svc = await describeService('keeper');
    assert.equal(svc.runningCount, 2);
    assert.equal(svc.deployments![0].rolloutState, 'COMPLETED');
    assert.ok(svc.events!.some((e) => e.message === '(service keeper) has reached a steady state.'));
    assert.ok(svc.events!.some((e) => /^\(service keeper\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/.test(e.message!)));

    const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'keeper' }))).taskArns!;
    const victim = (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arns[0]] }))).tasks![0];
    assert.equal(victim.group, 'service:keeper');
    assert.equal(victim.startedBy, svc.deployments![0].id);
    await docker('kill', victim.containers![0].runtimeId!);
    await eventually(async () => {
      const now = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'keeper' }))).taskArns!;
      return now.length === 2 && !now.includes(victim.taskArn!);
    }, 'a replacement task', 30_000);
    await stable('keeper');
    svc = await describeService('keeper');
    assert.equal(svc.runningCount, 2);
  });

  it('rolls a new task definition out and retires the old deployment', async () => {
    const v2 = await register('keeper', 'v2');
    const updated = (await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'keeper', taskDefinition: v2 }))).service!;
    assert.equal(updated.deployments?.length, 2);
    assert.equal(updated.deployments![0].status, 'PRIMARY');
    assert.equal(updated.deployments![1].status, 'ACTIVE');
    await stable('keeper');
    const svc = await describeService('keeper');
    assert.equal(svc.taskDefinition, v2);
    assert.deepEqual(await taskDefsOfService('keeper'), [v2, v2]);
    assert.ok(svc.events!.some((e) => e.message === `(service keeper) (deployment ${svc.deployments![0].id}) deployment completed.`));
    const stoppedOld = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'keeper', desiredStatus: 'STOPPED' }))).taskArns!;
    const reasons = (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: stoppedOld }))).tasks!.map((t) => t.stoppedReason);
    assert.ok(reasons.includes(`Scaling activity initiated by (deployment ${svc.deployments![0].id})`), JSON.stringify(reasons));
    const deployments = await ecs.send(new ListServiceDeploymentsCommand({ cluster: CLUSTER, service: 'keeper' }));
    assert.equal(deployments.serviceDeployments!.length, 2);
    assert.equal(deployments.serviceDeployments![0].status, 'SUCCESSFUL');
    const described = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [deployments.serviceDeployments![0].serviceDeploymentArn!] }));
    assert.equal(described.serviceDeployments![0].targetServiceRevision?.runningTaskCount, 2);
  });

  it('trips the circuit breaker on a bad image and rolls back', async () => {
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'keeper', deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } }));
    const good = (await describeService('keeper')).taskDefinition!;
    const bad = await register('keeper', 'v3', '127.0.0.1:1/missing/image:1');
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'keeper', taskDefinition: bad }));
    await eventually(async () => {
      const svc = await describeService('keeper');
      return svc.events!.some((e) => /deployment failed: tasks failed to start\./.test(e.message!)) && svc.taskDefinition === good;
    }, 'the circuit breaker to roll back', 90_000, 500);
    await stable('keeper');
    const svc = await describeService('keeper');
    assert.equal(svc.deployments!.length, 1);
    assert.equal(svc.deployments![0].rolloutState, 'COMPLETED');
    assert.deepEqual(await taskDefsOfService('keeper'), [good, good]);
  });

  it('rolls back on StopServiceDeployment', async () => {
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'keeper', deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } } }));
    const good = (await describeService('keeper')).taskDefinition!;
    const bad = await register('keeper', 'v4', '127.0.0.1:1/missing/image:2');
    const updated = (await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'keeper', taskDefinition: bad }))).service!;
    const arn = updated.currentServiceDeployment!;
    assert.match(arn, /^arn:aws:ecs:us-east-1:000000000000:service-deployment\/svc\/keeper\//);
    const stopped = await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
    assert.equal(stopped.serviceDeploymentArn, arn);
    await eventually(async () => (await describeService('keeper')).taskDefinition === good, 'the rollback deployment', 30_000, 250);
    await stable('keeper');
    const record = (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0];
    assert.equal(record.status, 'ROLLBACK_SUCCESSFUL');
    assert.ok(record.rollback?.serviceRevisionArn);
  });

  it('scales with desiredCount without a new deployment', async () => {
    const before = (await describeService('keeper')).deployments![0].id;
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'keeper', desiredCount: 3 }));
    await stable('keeper');
    let svc = await describeService('keeper');
    assert.equal(svc.runningCount, 3);
    assert.equal(svc.deployments![0].id, before);
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'keeper', desiredCount: 2 }));
    await stable('keeper');
    svc = await describeService('keeper');
    assert.equal(svc.runningCount, 2);
  });

  it('runs one task per container instance for a DAEMON service', async () => {
    const td = await register('daemon', 'd1');
    const svc = (await ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'agent', taskDefinition: td, schedulingStrategy: 'DAEMON' }))).service!;
    assert.equal(svc.schedulingStrategy, 'DAEMON');
    assert.deepEqual(svc.deploymentConfiguration, { maximumPercent: 100, minimumHealthyPercent: 0, deploymentCircuitBreaker: { enable: false, rollback: false } });
    await stable('agent');
    assert.equal((await describeService('agent')).runningCount, 1);
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'agent' }));
    await waitUntilServicesInactive({ client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { cluster: CLUSTER, services: ['agent'] });
  });

  it('refuses to delete a scaled service, then drains it to INACTIVE', async () => {
    await assert.rejects(ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'keeper' })), {
      name: 'InvalidParameterException', message: 'The service cannot be stopped while it is scaled above 0.',
    });
    const deleted = (await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'keeper', force: true }))).service!;
    assert.equal(deleted.status, 'DRAINING');
    assert.deepEqual((await ecs.send(new ListServicesCommand({ cluster: CLUSTER }))).serviceArns, []);
    await waitUntilServicesInactive({ client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { cluster: CLUSTER, services: ['keeper'] });
    assert.deepEqual(await taskDefsOfService('keeper'), []);
    await assert.rejects(ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'keeper', desiredCount: 1 })), { name: 'ServiceNotActiveException' });
  });
});
