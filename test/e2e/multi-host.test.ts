/**
 * One cluster on three real Docker hosts (namespaced dockerds, test/support/docker-hosts.ts),
 * added with `berth instances add` (two by unix socket, one by TCP with TLS), one per zone:
 * placement spreads a service 2/2/2 by zone, a DAEMON service runs once per host, binpack fills a host before the next,
 * distinctInstance refuses a fourth task, a remote host runs an image from Berth's ECR and ships
 * its task's output with awslogs, a host drained under load behind an Application
 * Load Balancer loses no request, and the tasks of a host that disappears from the network,
 * or whose dockerd is killed, are replaced.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CreateClusterCommand, CreateServiceCommand, DeleteServiceCommand, DescribeContainerInstancesCommand, DescribeServicesCommand,
  DescribeTasksCommand, ECSClient, ListContainerInstancesCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand,
  StopTaskCommand, Task, UpdateContainerInstancesStateCommand, UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { BRIDGE_IP, DockerHost, startDockerHosts, stopAllDockerHosts } from '../support/docker-hosts.js';
import { ecrClient, registryPassword } from '../support/registry-client.js';
import { startLoad } from '../support/load.js';

const CLI = join(__dirname, '../../src/cli/berth.js');
const CLUSTER = 'multi';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
const web = ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www'];

describe('a cluster on three Docker hosts', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let hosts: DockerHost[];
  let image: string;
  let registry: string;
  /** Container instance ARN → host name. */
  const hostOf = new Map<string, string>();

  const berthCli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, '--data-dir', berth.dataDir], { encoding: 'utf8' });
  const tasksOf = async (arns: string[]): Promise<Task[]> => arns.length ? (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks! : [];
  const perHost = (tasks: Task[]) => {
    const counts: Record<string, number> = {};
    for (const t of tasks) counts[hostOf.get(t.containerInstanceArn!)!] = (counts[hostOf.get(t.containerInstanceArn!)!] ?? 0) + 1;
    return counts;
  };
  const serviceTasks = async (name: string) => tasksOf((await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: name }))).taskArns!);
  const register = async (family: string, over: Record<string, unknown> = {}) => (await ecs.send(new RegisterTaskDefinitionCommand({
    family, containerDefinitions: [{ name: 'web', image, memory: 32, stopTimeout: 2, command: web, portMappings: [{ containerPort: 8080 }], ...over }],
  }))).taskDefinition!.taskDefinitionArn!;

  before(async () => {
    image = await ensureBusyboxImage();
    hosts = await startDockerHosts([{ name: 'a', cpus: '0' }, { name: 'b', cpus: '0,1', tls: true }, { name: 'c', cpus: '1' }], { image });
    // Listening beyond loopback: the hosts pull Berth's ECR images at the bridge address.
    berth = await startBerthProcess({ args: ['--local-instance', 'false', '--host-grace-seconds', '4', '--host', '0.0.0.0'] });
    registry = `${BRIDGE_IP}:${new URL(berth.endpoint).port}`;
    ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    for (const [i, h] of hosts.entries()) {
      const engine = h.tcp ? ['--docker-host', h.tcp.url, '--tls-cert-dir', h.tcp.certDir] : ['--docker-host', `unix://${h.socketPath}`, '--address', h.ip];
      const r = berthCli('instances', 'add', '--cluster', CLUSTER, ...engine, '--availability-zone', 'abc'[i], '--attribute', `host=${h.name}`, '--registry', registry);
      assert.equal(r.status, 0, r.stderr);
      hostOf.set(r.stdout.split(' ')[2], h.name);
    }
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
    await stopAllDockerHosts();
  });

  it('shows each host as a container instance with its own resources, zone and attributes', async () => {
    const arns = (await ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER }))).containerInstanceArns!;
    assert.equal(arns.length, 3);
    const list = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: arns }))).containerInstances!;
    const view = list.map((i) => ({
      host: hostOf.get(i.containerInstanceArn!),
      cpu: i.registeredResources!.find((r) => r.name === 'CPU')!.integerValue,
      zone: i.attributes!.find((a) => a.name === 'ecs.availability-zone')?.value,
      custom: i.attributes!.find((a) => a.name === 'host')?.value,
      connected: i.agentConnected,
    })).sort((x, y) => x.host!.localeCompare(y.host!));
    assert.deepEqual(view, [
      { host: 'a', cpu: 1024, zone: 'us-east-1a', custom: 'a', connected: true },
      { host: 'b', cpu: 2048, zone: 'us-east-1b', custom: 'b', connected: true },
      { host: 'c', cpu: 1024, zone: 'us-east-1c', custom: 'c', connected: true },
    ]);
    const listed = berthCli('instances', 'list');
    assert.equal(listed.stdout.trim().split('\n').length, 3, listed.stdout);
  });

  it('spreads a six-task service 2/2/2 across the zones (the default for services), and keeps the balance scaling in', async () => {
    await ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'spread', taskDefinition: await register('spread'), desiredCount: 6 }));
    const tasks = await eventually(async () => {
      const t = await serviceTasks('spread');
      return t.length === 6 && t.every((x) => x.lastStatus === 'RUNNING') ? t : undefined;
    }, 'six running tasks', 90_000, 500);
    assert.deepEqual(perHost(tasks), { a: 2, b: 2, c: 2 });
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'spread', desiredCount: 3 }));
    const kept = await eventually(async () => {
      const t = (await serviceTasks('spread')).filter((x) => x.desiredStatus === 'RUNNING');
      return t.length === 3 ? t : undefined;
    }, 'the service to scale in to three', 60_000, 500);
    assert.deepEqual(perHost(kept), { a: 1, b: 1, c: 1 }, 'scaling in keeps the zones balanced');
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'spread', force: true }));
    await eventually(async () => (await serviceTasks('spread')).length === 0 || undefined, 'the service\'s tasks to stop', 60_000, 500);
  });

  it('runs one task of a DAEMON service on each host', async () => {
    await ecs.send(new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'daemon', taskDefinition: await register('daemon', { portMappings: [] }), schedulingStrategy: 'DAEMON' }));
    const tasks = await eventually(async () => {
      const t = await serviceTasks('daemon');
      return t.length === 3 && t.every((x) => x.lastStatus === 'RUNNING') ? t : undefined;
    }, 'three daemon tasks', 90_000, 500);
    assert.deepEqual(perHost(tasks), { a: 1, b: 1, c: 1 });
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'daemon', force: true }));
    await eventually(async () => (await serviceTasks('daemon')).length === 0 || undefined, 'the daemon tasks to stop', 60_000, 500);
  });

  it('binpacks on CPU: a host is filled before the next; distinctInstance refuses a fourth task', async () => {
    const td = await register('pack', { cpu: 512, portMappings: [] });
    const run = (extra: object) => ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: td, ...extra }));
    const packed = await run({ count: 2, placementStrategy: [{ type: 'binpack', field: 'cpu' }] });
    assert.deepEqual(packed.failures, []);
    const hostsUsed = Object.keys(perHost(packed.tasks!));
    assert.equal(hostsUsed.length, 1, JSON.stringify(perHost(packed.tasks!)));
    assert.notEqual(hostsUsed[0], 'b', 'the fullest fit is a one-CPU host');
    const distinct = await run({ count: 4, placementConstraints: [{ type: 'distinctInstance' }] });
    assert.equal(distinct.tasks!.length, 3 - 1, 'the host filled by binpack has no CPU left');
    assert.ok(distinct.failures!.length > 0);
    for (const t of [...packed.tasks!, ...distinct.tasks!]) await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: t.taskArn! }));
  });

  it('runs an image from Berth\'s ECR on a remote host, pulled through the host\'s registry address', async () => {
    await ecrClient(berth).send(new CreateRepositoryCommand({ repositoryName: 'remote/app' }));
    const local = `localhost:${new URL(berth.endpoint).port}/remote/app:v1`;
    const copy = spawnSync('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', `AWS:${await registryPassword(berth)}`, `docker-daemon:${image}`, `docker://${local}`], { encoding: 'utf8' });
    assert.equal(copy.status, 0, copy.stderr);
    const td = await register('from-ecr', { image: '000000000000.dkr.ecr.us-east-1.amazonaws.com/remote/app:v1', portMappings: [], command: ['sleep', '30'] });
    const run = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: td, placementConstraints: [{ type: 'memberOf', expression: 'attribute:host == a' }] }));
    assert.deepEqual(run.failures, []);
    const task = await eventually(async () => {
      const [t] = await tasksOf([run.tasks![0].taskArn!]);
      return t.lastStatus === 'RUNNING' || t.lastStatus === 'STOPPED' ? t : undefined;
    }, 'the task from Berth\'s ECR to run', 60_000, 500);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    assert.equal(hostOf.get(task.containerInstanceArn!), 'a');
    await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: task.taskArn! }));
  });

  it('ships a remote task\'s output with the awslogs driver', async () => {
    const td = await register('talk', {
      portMappings: [], command: ['sh', '-c', 'echo "hello from $(hostname)"; sleep 30'],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/multi/talk', 'awslogs-create-group': 'true', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'talk' } },
    });
    const [task] = (await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: td }))).tasks!;
    const logs = new CloudWatchLogsClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      const stream = `talk/web/${task.taskArn!.split('/').pop()}`;
      const events = await eventually(async () => {
        const r = await logs.send(new GetLogEventsCommand({ logGroupName: '/multi/talk', logStreamName: stream })).catch(() => undefined);
        return r?.events?.length ? r.events : undefined;
      }, 'the remote task\'s output in CloudWatch Logs', 60_000, 500);
      assert.match(events[0].message!, /^hello from [0-9a-f]{12}$/);
      assert.notEqual(hostOf.get(task.containerInstanceArn!), undefined);
    } finally {
      logs.destroy();
      await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: task.taskArn! }));
    }
  });

  describe('behind an Application Load Balancer', () => {
    let elb: ElasticLoadBalancingV2Client;
    let url: string;
    let targetGroupArn: string;
    const healthy = async () => (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions!
      .filter((d) => d.TargetHealth?.State === 'healthy').length;
    const settled = async (count: number) => eventually(async () => {
      const svc = (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['site'] }))).services![0];
      const tasks = await serviceTasks('site');
      const running = tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
      return svc.runningCount === count && running.length === count && (await healthy()) === count ? running : undefined;
    }, `${count} healthy tasks`, 120_000, 500);

    before(async () => {
      elb = new ElasticLoadBalancingV2Client({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'site', Subnets: SUBNETS, Type: 'application' }))).LoadBalancers![0];
      targetGroupArn = (await elb.send(new CreateTargetGroupCommand({
        Name: 'site', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0', TargetType: 'instance',
        HealthCheckPath: '/', HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
      }))).TargetGroups![0].TargetGroupArn!;
      await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '3' }] }));
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }));
      url = `http://127.0.0.1:${port}/`;
      await ecs.send(new CreateServiceCommand({
        cluster: CLUSTER, serviceName: 'site', taskDefinition: await register('site'), desiredCount: 6,
        loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 8080 }],
      }));
      await settled(6);
    });
    after(() => elb?.destroy());

    it('drains a host under load: its tasks move elsewhere and no request fails', async (t) => {
      const arnA = [...hostOf].find(([, name]) => name === 'a')![0];
      const load = startLoad(url, { concurrency: 4, maxRequests: 100_000, pauseMs: 5 });
      await new Promise((r) => setTimeout(r, 1500));
      await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: CLUSTER, containerInstances: [arnA], status: 'DRAINING' }));
      const running = await eventually(async () => {
        const r = await settled(6);
        return r.every((x) => x.containerInstanceArn !== arnA) ? r : undefined;
      }, 'the tasks to leave the draining host', 120_000, 1000);
      await new Promise((r) => setTimeout(r, 1000));
      const result = await load.stop();
      t.diagnostic(`draining under load: ${result.sent} requests, ${result.failures.length} failed; tasks per host ${JSON.stringify(perHost(running))}`);
      assert.deepEqual(result.failures, [], `${result.failures.length} of ${result.sent} requests failed`);
      assert.equal(perHost(running).a, undefined);
      await ecs.send(new UpdateContainerInstancesStateCommand({ cluster: CLUSTER, containerInstances: [arnA], status: 'ACTIVE' }));
    });

    it('replaces the tasks of a host that disappears from the network', async (t) => {
      const before = await settled(6);
      // Host b is reached over TCP: with its link down Berth cannot reach it, as with a failed machine.
      const victim = hosts.find((h) => h.tcp)!;
      const onVictim = before.filter((x) => hostOf.get(x.containerInstanceArn!) === victim.name).map((x) => x.taskArn!);
      assert.ok(onVictim.length > 0, JSON.stringify(perHost(before)));
      const started = Date.now();
      const down = spawnSync('ip', ['link', 'set', `bth-${victim.name}`, 'down'], { encoding: 'utf8' });
      assert.equal(down.status, 0, down.stderr);
      const gone = await eventually(async () => {
        const stopped = (await tasksOf(onVictim)).filter((x) => x.lastStatus === 'STOPPED');
        return stopped.length === onVictim.length ? stopped : undefined;
      }, 'the lost host\'s tasks to stop', 60_000, 500);
      for (const task of gone) assert.match(task.stoppedReason!, /^Host EC2 \(instance i-[0-9a-f]+\) stopped\/terminated\.$/);
      const replaced = await settled(6);
      t.diagnostic(`tasks of a lost host replaced in ${((Date.now() - started) / 1000).toFixed(1)} s (grace 4 s): ${JSON.stringify(perHost(replaced))}`);
      assert.equal(perHost(replaced)[victim.name], undefined);
      const arn = [...hostOf].find(([, name]) => name === victim.name)![0];
      const inst = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: [arn] }))).containerInstances![0];
      assert.equal(inst.agentConnected, false);
    });

    it('replaces the tasks of a host whose dockerd is killed', async (t) => {
      const before = await settled(6);
      const victim = hosts.find((h) => h.name === 'c')!;
      const onVictim = before.filter((x) => hostOf.get(x.containerInstanceArn!) === victim.name).map((x) => x.taskArn!);
      assert.ok(onVictim.length > 0, JSON.stringify(perHost(before)));
      const started = Date.now();
      await victim.stop();
      await eventually(async () => (await tasksOf(onVictim)).every((x) => x.lastStatus === 'STOPPED') || undefined, 'the dead engine\'s tasks to stop', 60_000, 500);
      const replaced = await settled(6);
      t.diagnostic(`tasks of a killed dockerd replaced in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(perHost(replaced))}`);
      assert.deepEqual(perHost(replaced), { a: 6 });
    });
  });
});
