/**
 * FARGATE_SPOT interruptions: `berth spot interrupt` reclaims one task of a three-task
 * Spot service behind an Application Load Balancer under constant load. As on AWS the task
 * leaves its target group and gets SIGTERM at once (its app finishes its requests), stops
 * with SpotInterruption and "Your Spot Task was interrupted.", no request fails, and the
 * service is back at three tasks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient, ListTasksCommand, RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { describeTask } from '../support/ecs-helpers.js';
import { startLoad } from '../support/load.js';

const CLI = join(__dirname, '../../src/cli/berth.js');
const CLUSTER = 'spot';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];

describe('FARGATE_SPOT interruption', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let elb: ElasticLoadBalancingV2Client;
  let url: string;
  let targetGroupArn: string;

  const healthy = async () => (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions!
    .filter((d) => d.TargetHealth?.State === 'healthy').length;
  const berthCli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, '--data-dir', berth.dataDir], { encoding: 'utf8' });

  before(async () => {
    const image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
    elb = new ElasticLoadBalancingV2Client({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER, capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }));
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'spot', Subnets: SUBNETS, Type: 'application' }))).LoadBalancers![0];
    targetGroupArn = (await elb.send(new CreateTargetGroupCommand({
      Name: 'spot', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0123456789abcdef0', TargetType: 'ip',
      HealthCheckPath: '/', HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
    }))).TargetGroups![0].TargetGroupArn!;
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '3' }] }));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }));
    url = `http://127.0.0.1:${port}/`;
    const td = (await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'spot-web', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
      containerDefinitions: [{
        name: 'web', image, stopTimeout: 10, portMappings: [{ containerPort: 8080 }],
        // A well-behaved app: on SIGTERM it serves on while the load balancer drains it, then exits.
        command: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && httpd -f -p 8080 -h /www & pid=$!; trap "sleep 3; kill $pid; exit 0" TERM; wait $pid'],
      }],
    }))).taskDefinition!.taskDefinitionArn!;
    await ecs.send(new CreateServiceCommand({
      cluster: CLUSTER, serviceName: 'web', taskDefinition: td, desiredCount: 3,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS } },
      loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 8080 }],
    }));
    await eventually(async () => (await healthy()) === 3 || undefined, 'three healthy Spot targets', 90_000, 500);
  });
  after(async () => {
    ecs?.destroy();
    elb?.destroy();
    await berth?.destroy();
  });

  it('reclaims a task under load without a failed request, and the service replaces it', async (t) => {
    const [victim] = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'web' }))).taskArns!;
    assert.equal((await describeTask(ecs, CLUSTER, victim)).capacityProviderName, 'FARGATE_SPOT');
    const load = startLoad(url, { concurrency: 4, maxRequests: 100_000, pauseMs: 5 });
    await new Promise((r) => setTimeout(r, 1500));
    const cli = berthCli('spot', 'interrupt', victim);
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /SpotInterruption: Your Spot Task was interrupted\./);
    const stopped = await eventually(async () => {
      const task = await describeTask(ecs, CLUSTER, victim);
      return task.lastStatus === 'STOPPED' ? task : undefined;
    }, 'the interrupted task to stop', 60_000, 500);
    assert.equal(stopped.stopCode, 'SpotInterruption');
    assert.equal(stopped.stoppedReason, 'Your Spot Task was interrupted.');
    await eventually(async () => {
      const svc = (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }))).services![0];
      return svc.runningCount === 3 && (await healthy()) === 3 ? svc : undefined;
    }, 'the service back at three healthy tasks', 90_000, 500);
    const r = await load.stop();
    t.diagnostic(`Spot interruption under load: ${r.sent} requests, ${r.failures.length} failed`);
    assert.deepEqual(r.failures, [], `${r.failures.length} of ${r.sent} requests failed`);
    const again = berthCli('spot', 'interrupt', victim);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already stopping/);
  });
});
