/**
 * A web service of three tasks (dynamic host ports) behind an Application Load Balancer:
 * traffic spreads over every task, a killed task stops receiving traffic and is replaced,
 * and under constant load a rolling deployment — and a failed one that the circuit
 * breaker rolls back — lose not one request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateClusterCommand, CreateServiceCommand, DeleteServiceCommand, DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand,
  RegisterTaskDefinitionCommand, UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, DescribeListenersCommand,
  DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { docker, eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { startLoad } from '../support/load.js';

const CLUSTER = 'web';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];

function webCommand(version: string): string[] {
  // Answers "<version> <container hostname>" so tests can tell versions and tasks apart.
  return ['sh', '-c', `mkdir -p /www && echo "${version} $(hostname)" > /www/index.html && exec httpd -f -p 8080 -h /www`];
}

describe('services behind an Application Load Balancer', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let elb: ElasticLoadBalancingV2Client;
  let image: string;
  let url: string;
  let targetGroupArn: string;

  const service = async () => (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['site'] }))).services![0];
  const completed = async () => eventually(async () => {
    const s = await service();
    return s.deployments!.length === 1 && s.deployments![0].rolloutState === 'COMPLETED' && s.runningCount === 3 ? s : undefined;
  }, 'the deployment to complete', 120_000, 500);
  const healthyTargets = async () => (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions!
    .filter((d) => d.TargetHealth?.State === 'healthy');
  const register = async (version: string, img = image) => (await ecs.send(new RegisterTaskDefinitionCommand({
    family: 'site',
    containerDefinitions: [{ name: 'web', image: img, memory: 32, stopTimeout: 2, command: webCommand(version), portMappings: [{ containerPort: 8080 }] }],
  }))).taskDefinition!.taskDefinitionArn!;

  before(async () => {
    image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
    elb = new ElasticLoadBalancingV2Client({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'site', Subnets: SUBNETS, Type: 'application' }))).LoadBalancers![0];
    const tg = (await elb.send(new CreateTargetGroupCommand({
      Name: 'site', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0', TargetType: 'instance',
      HealthCheckPath: '/', HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
    }))).TargetGroups![0];
    targetGroupArn = tg.TargetGroupArn!;
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }] }));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }));
    url = `http://127.0.0.1:${port}/`;
  });
  after(async () => {
    ecs?.destroy();
    elb?.destroy();
    await berth?.destroy();
  });

  it('spreads traffic over all three tasks on their dynamic host ports', async () => {
    await ecs.send(new CreateServiceCommand({
      cluster: CLUSTER, serviceName: 'site', taskDefinition: await register('v1'), desiredCount: 3,
      loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 8080 }],
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    }));
    await completed();
    const targets = await healthyTargets();
    assert.equal(targets.length, 3);
    assert.equal(new Set(targets.map((t) => t.Target!.Port)).size, 3, 'each task on its own host port');
    assert.ok(targets.every((t) => /^i-[0-9a-f]+$/.test(t.Target!.Id!)));
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) seen.add((await (await fetch(url)).text()).trim());
    assert.equal(seen.size, 3, `responses from every task: ${[...seen].join(', ')}`);
  });

  it('stops sending to a killed task and replaces it', async () => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'site' }))).taskArns!;
    const victim = (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [arns[0]] }))).tasks![0];
    const victimPort = victim.containers![0].networkBindings![0].hostPort!;
    await docker('kill', victim.containers![0].runtimeId!);
    await eventually(async () => {
      const t = await healthyTargets();
      return t.length === 3 && t.every((x) => x.Target!.Port !== victimPort);
    }, 'a healthy replacement target', 60_000, 500);
    const load = startLoad(url, { concurrency: 4, maxRequests: 200 });
    const r = await load.stop();
    assert.deepEqual(r.failures, []);
  });

  it('replaces tasks that fail ELB health checks', async () => {
    const sick = (await elb.send(new CreateTargetGroupCommand({
      Name: 'sick', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0', TargetType: 'instance',
      HealthCheckPath: '/missing', HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
    }))).TargetGroups![0].TargetGroupArn!;
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: sick, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '0' }] }));
    const lbArn = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }))).TargetGroups![0].LoadBalancerArns![0];
    const listenerArn = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }))).Listeners![0].ListenerArn!;
    await elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 10, Conditions: [{ Field: 'path-pattern', Values: ['/sick/*'] }], Actions: [{ Type: 'forward', TargetGroupArn: sick }] }));
    await ecs.send(new CreateServiceCommand({
      cluster: CLUSTER, serviceName: 'sick', taskDefinition: await register('s1'), desiredCount: 1,
      loadBalancers: [{ targetGroupArn: sick, containerName: 'web', containerPort: 8080 }],
    }));
    const stopped = await eventually(async () => {
      const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'sick', desiredStatus: 'STOPPED' }))).taskArns!;
      if (arns.length === 0) return undefined;
      return (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks![0];
    }, 'a task stopped for failing health checks', 60_000, 500);
    assert.equal(stopped.stopCode, 'ServiceSchedulerInitiated');
    assert.equal(stopped.stoppedReason, `Task failed ELB health checks in (target-group ${sick})`);
    await eventually(async () => (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'sick' }))).taskArns!.length === 1, 'a replacement', 30_000, 500);
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'sick', force: true }));
  });

  it('registers awsvpc tasks as ip targets', async () => {
    const ipGroup = (await elb.send(new CreateTargetGroupCommand({
      Name: 'vpc', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0123456789abcdef0', TargetType: 'ip',
      HealthCheckPath: '/', HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
    }))).TargetGroups![0].TargetGroupArn!;
    const lbArn = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }))).TargetGroups![0].LoadBalancerArns![0];
    const listenerArn = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }))).Listeners![0].ListenerArn!;
    await elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 20, Conditions: [{ Field: 'path-pattern', Values: ['/vpc/*'] }], Actions: [{ Type: 'forward', TargetGroupArn: ipGroup }] }));
    const td = (await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'vpc-site', networkMode: 'awsvpc',
      containerDefinitions: [{
        name: 'web', image, memory: 32, stopTimeout: 2, portMappings: [{ containerPort: 8080 }],
        command: ['sh', '-c', 'mkdir -p /www/vpc && echo root > /www/index.html && echo in-vpc > /www/vpc/index.html && exec httpd -f -p 8080 -h /www'],
      }],
    }))).taskDefinition!.taskDefinitionArn!;
    await ecs.send(new CreateServiceCommand({
      cluster: CLUSTER, serviceName: 'vpc', taskDefinition: td, desiredCount: 1,
      networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS } },
      loadBalancers: [{ targetGroupArn: ipGroup, containerName: 'web', containerPort: 8080 }],
    }));
    const target = await eventually(async () => {
      const d = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: ipGroup }))).TargetHealthDescriptions!;
      return d.length === 1 && d[0].TargetHealth?.State === 'healthy' ? d[0] : undefined;
    }, 'a healthy ip target', 60_000, 500);
    assert.match(target.Target!.Id!, /^10\.213\.\d+\.\d+$/);
    assert.equal(target.Target!.Port, 8080);
    assert.equal((await (await fetch(url.replace(/\/$/, '/vpc/'))).text()).trim(), 'in-vpc');
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'vpc', force: true }));
  });

  it('rolls out v2 under constant load without losing a request', async (t) => {
    const load = startLoad(url, { concurrency: 4, maxRequests: 100_000, pauseMs: 5 });
    await new Promise((r) => setTimeout(r, 2000));
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'site', taskDefinition: await register('v2') }));
    await completed();
    await new Promise((r) => setTimeout(r, 2000));
    const r = await load.stop();
    t.diagnostic(`rolling deployment: ${r.sent} requests, ${r.failures.length} failed, by version ${JSON.stringify([...r.bodies])}`);
    assert.deepEqual(r.failures, [], `${r.failures.length} of ${r.sent} requests failed`);
    assert.ok((r.bodies.get('v1') ?? 0) > 0 && (r.bodies.get('v2') ?? 0) > 0, JSON.stringify([...r.bodies]));
    const after = new Set<string>();
    for (let i = 0; i < 12; i++) after.add((await (await fetch(url)).text()).split(' ')[0]);
    assert.deepEqual([...after], ['v2']);
  });

  it('rolls a bad image back under load without losing a request', async (t) => {
    const load = startLoad(url, { concurrency: 4, maxRequests: 100_000, pauseMs: 5 });
    const good = (await service()).taskDefinition!;
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'site', taskDefinition: await register('v3', '127.0.0.1:1/missing/web:1') }));
    await eventually(async () => (await service()).events!.some((e) => /deployment failed: tasks failed to start\./.test(e.message!)), 'the circuit breaker', 90_000, 500);
    const s = await completed();
    assert.equal(s.taskDefinition, good);
    const r = await load.stop();
    t.diagnostic(`rollback: ${r.sent} requests, ${r.failures.length} failed`);
    assert.deepEqual(r.failures, [], `${r.failures.length} of ${r.sent} requests failed`);
    assert.deepEqual([...r.bodies.keys()], ['v2']);
  });
});
