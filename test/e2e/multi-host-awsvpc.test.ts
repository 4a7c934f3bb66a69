/**
 * awsvpc tasks and the task endpoint on remote Docker hosts (namespaced dockerds,
 * test/support/docker-hosts.ts; one added by unix socket, one over ssh as the docker CLI
 * reaches it, with a key and known_hosts of its own): each host has its own awsvpc network, routed from Berth's
 * machine, so an Application Load Balancer with an ip target group reaches tasks on both
 * hosts; tasks there reach 169.254.170.2 for their role's credentials and their metadata,
 * awsvpc and bridge alike.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CreateClusterCommand, CreateServiceCommand, DeregisterContainerInstanceCommand, DescribeContainerInstancesCommand, DescribeServicesCommand, DescribeTasksCommand,
  ECSClient, ListContainerInstancesCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, Task,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { BRIDGE_IP, DockerHost, startDockerHosts, stopAllDockerHosts } from '../support/docker-hosts.js';
import { startSshd } from '../support/docker-hosts-sshd.js';
import { startLoad } from '../support/load.js';

const CLI = join(__dirname, '../../src/cli/berth.js');
const CLUSTER = 'vpc';
const BERTH_ARGS = ['--local-instance', 'false', '--host', '0.0.0.0'];
const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
const NETWORK = { awsvpcConfiguration: { subnets: [SUBNETS[0]] } };
const TRUST_ECS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const web = ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www'];
/** What a task finds at the agent's address: the role's credentials (keys only), its metadata, its stats. */
const probe = [
  'sh', '-c',
  'echo "CREDS $(wget -q -O - "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" 2>&1 | sed -e \'s/"\\(SecretAccessKey\\|Token\\)":"[^"]*"/"\\1":"-"/g\')";'
  + ' echo "META $(wget -q -O - "$ECS_CONTAINER_METADATA_URI_V4/task")";'
  + ' wget -q -O - "$ECS_CONTAINER_METADATA_URI_V4/stats" | grep -q memory_stats && echo STATS;'
  + ' echo DONE; exec sleep 300',
];

describe('awsvpc tasks and the task endpoint on remote Docker hosts', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let hosts: DockerHost[];
  let image: string;
  /** Container instance ARN → host. */
  const hostOf = new Map<string, DockerHost>();
  /** The awsvpc web service's task addresses, by host name. */
  const siteAddresses = new Map<string, string[]>();

  /** The iptables rules Berth set on a host, and Berth's machine's route to a block. */
  const rulesOn = (h: DockerHost) => ['nat', 'filter'].flatMap((table) => spawnSync('nsenter', [`--net=/run/netns/${h.netns}`, 'iptables', '-t', table, '-S'], { encoding: 'utf8' })
    .stdout.split('\n').filter((l) => l.includes(`berth-${berth.ownerId}`)));
  const routed = (block: string) => spawnSync('ip', ['route', 'show', block], { encoding: 'utf8' }).stdout.trim();
  const berthCli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args, '--data-dir', berth.dataDir], { encoding: 'utf8' });
  const tasksOf = async (arns: string[]): Promise<Task[]> => arns.length ? (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns }))).tasks! : [];
  const addressOf = (t: Task) => t.attachments?.[0]?.details?.find((d) => d.name === 'privateIPv4Address')?.value;
  /** The output of a task's container, from its host's engine. */
  const outputOf = (t: Task) => {
    const h = hostOf.get(t.containerInstanceArn!)!;
    const env = { ...process.env, DOCKER_HOST: `unix://${h.socketPath}` };
    const id = spawnSync('docker', ['ps', '-aq', '--filter', `label=com.amazonaws.ecs.task-arn=${t.taskArn}`, '--filter', 'label=berth.role=container'], { encoding: 'utf8', env }).stdout.trim();
    return id ? spawnSync('docker', ['logs', id], { encoding: 'utf8', env }).stdout : '';
  };

  before(async () => {
    image = await ensureBusyboxImage();
    hosts = await startDockerHosts([{ name: 'va', cpus: '0' }, { name: 'vb', cpus: '1' }], { image });
    const ssh = await startSshd(hosts[1]);
    // As on a machine where dockerd turned forwarding on itself: forwarded traffic is dropped unless a rule accepts it.
    for (const h of hosts) assert.equal(spawnSync('nsenter', [`--net=/run/netns/${h.netns}`, 'iptables', '-P', 'FORWARD', 'DROP']).status, 0);
    berth = await startBerthProcess({ args: BERTH_ARGS });
    const registry = `${BRIDGE_IP}:${new URL(berth.endpoint).port}`;
    ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    const engines = [
      ['--docker-host', `unix://${hosts[0].socketPath}`, '--address', hosts[0].ip],
      ['--docker-host', ssh.dockerHost, '--ssh-identity', ssh.identityFile, '--ssh-known-hosts', ssh.knownHostsFile],
    ];
    for (const [i, h] of hosts.entries()) {
      const r = berthCli('instances', 'add', '--cluster', CLUSTER, ...engines[i], '--availability-zone', 'ab'[i], '--attributes', `host=${h.name}`, '--registry', registry);
      assert.equal(r.status, 0, r.stderr);
      hostOf.set(r.stdout.split(' ')[2], h);
    }
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
    await stopAllDockerHosts();
  });

  it('gives each host the task-eni capability and an awsvpc network of its own', async () => {
    const arns = (await ecs.send(new ListContainerInstancesCommand({ cluster: CLUSTER }))).containerInstanceArns!;
    const list = (await ecs.send(new DescribeContainerInstancesCommand({ cluster: CLUSTER, containerInstances: arns }))).containerInstances!;
    assert.equal(list.length, 2);
    for (const inst of list) {
      assert.ok(inst.attributes!.some((a) => a.name === 'ecs.capability.task-eni'), inst.containerInstanceArn);
      assert.equal(inst.attributes!.find((a) => a.name === 'host')?.value, hostOf.get(inst.containerInstanceArn!)!.name);
      assert.equal(inst.agentConnected, true);
    }
    const blocks = berthCli('instances', 'list').stdout.trim().split('\n').map((line) => line.split('\t').at(-1)).sort();
    assert.deepEqual(blocks, ['10.214.0.0/24', '10.214.1.0/24']);
  });

  it('serves an awsvpc service on both hosts through an ip target group, with no failed request', async (t) => {
    const elb = new ElasticLoadBalancingV2Client({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'vpc-site', Subnets: SUBNETS, Type: 'application' }))).LoadBalancers![0];
      const targetGroupArn = (await elb.send(new CreateTargetGroupCommand({
        Name: 'vpc-site', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0123456789abcdef0', TargetType: 'ip',
        HealthCheckPath: '/', HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
      }))).TargetGroups![0].TargetGroupArn!;
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }));
      const td = (await ecs.send(new RegisterTaskDefinitionCommand({
        family: 'vpc-site', networkMode: 'awsvpc',
        containerDefinitions: [{ name: 'web', image, memory: 32, stopTimeout: 2, command: web, portMappings: [{ containerPort: 8080 }] }],
      }))).taskDefinition!.taskDefinitionArn!;
      await ecs.send(new CreateServiceCommand({
        cluster: CLUSTER, serviceName: 'vpc-site', taskDefinition: td, desiredCount: 4, networkConfiguration: NETWORK,
        loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 8080 }],
      }));
      const healthy = async () => (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions!
        .filter((d) => d.TargetHealth?.State === 'healthy').length;
      const tasks = await eventually(async () => {
        const svc = (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['vpc-site'] }))).services![0];
        const running = (await tasksOf((await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'vpc-site' }))).taskArns!))
          .filter((x) => x.lastStatus === 'RUNNING');
        return svc.runningCount === 4 && running.length === 4 && (await healthy()) === 4 ? running : undefined;
      }, 'four healthy awsvpc tasks', 120_000, 500);
      const byHost = siteAddresses;
      for (const task of tasks) byHost.set(hostOf.get(task.containerInstanceArn!)!.name, [...(byHost.get(hostOf.get(task.containerInstanceArn!)!.name) ?? []), addressOf(task)!]);
      assert.deepEqual([...byHost.keys()].sort(), ['va', 'vb']);
      // Each host's tasks take addresses of that host's own block.
      const prefixes = [...byHost.values()].map((ips) => new Set(ips.map((ip) => ip.split('.').slice(0, 3).join('.'))));
      assert.ok(prefixes.every((p) => p.size === 1), JSON.stringify([...byHost]));
      assert.notDeepEqual([...prefixes[0]], [...prefixes[1]]);
      const load = startLoad(`http://127.0.0.1:${port}/`, { concurrency: 4, maxRequests: 400, pauseMs: 5 });
      await new Promise((r) => setTimeout(r, 3000));
      const result = await load.stop();
      t.diagnostic(`awsvpc tasks ${JSON.stringify([...byHost])}: ${result.sent} requests, ${result.failures.length} failed`);
      assert.ok(result.sent > 0);
      assert.deepEqual(result.failures, []);
    } finally {
      elb.destroy();
    }
  });

  it('lets an awsvpc task on one host reach the other host\'s awsvpc tasks by address, as in one VPC', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'peer', networkMode: 'awsvpc', containerDefinitions: [{ name: 'peer', image, memory: 16, stopTimeout: 1, command: ['sh', '-c', 'sleep 300'] }],
    }));
    const runs = await Promise.all([['a', 'vb'], ['b', 'va']].map(async ([zone, other]) => {
      const target = siteAddresses.get(other)![0];
      const run = await ecs.send(new RunTaskCommand({
        cluster: CLUSTER, taskDefinition: 'peer', networkConfiguration: NETWORK,
        overrides: { containerOverrides: [{ name: 'peer', command: ['sh', '-c', `wget -q -O - http://${target}:8080/ && echo REACHED; echo DONE; exec sleep 300`] }] },
        placementConstraints: [{ type: 'memberOf', expression: `attribute:ecs.availability-zone == ${REGION}${zone}` }],
      }));
      assert.deepEqual(run.failures, []);
      return run.tasks![0].taskArn!;
    }));
    const tasks = await eventually(async () => {
      const all = await tasksOf(runs);
      return all.every((x) => outputOf(x).includes('DONE')) ? all : undefined;
    }, 'the tasks to call across hosts', 60_000, 1000);
    for (const task of tasks) assert.match(outputOf(task), /^[0-9a-z-]+\nREACHED$/m, `${task.taskArn}: ${outputOf(task)}`);
  });

  it('lets awsvpc and bridge tasks on a remote host reach their role\'s credentials and metadata at 169.254.170.2', async () => {
    const opts = { endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    const iam = new IAMClient(opts);
    try {
      await iam.send(new CreateRoleCommand({ RoleName: 'remote-task', AssumeRolePolicyDocument: TRUST_ECS }));
      await iam.send(new PutRolePolicyCommand({
        RoleName: 'remote-task', PolicyName: 'none',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] }),
      }));
    } finally {
      iam.destroy();
    }
    const arns: string[] = [];
    for (const mode of ['awsvpc', 'bridge'] as const) {
      await ecs.send(new RegisterTaskDefinitionCommand({
        family: `probe-${mode}`, networkMode: mode, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/remote-task`,
        containerDefinitions: [{ name: 'probe', image, memory: 32, stopTimeout: 1, command: probe }],
      }));
      for (const zone of ['a', 'b']) {
        const run = await ecs.send(new RunTaskCommand({
          cluster: CLUSTER, taskDefinition: `probe-${mode}`, networkConfiguration: mode === 'awsvpc' ? NETWORK : undefined,
          placementConstraints: [{ type: 'memberOf', expression: `attribute:ecs.availability-zone == ${REGION}${zone}` }],
        }));
        assert.deepEqual(run.failures, []);
        arns.push(run.tasks![0].taskArn!);
      }
    }
    const tasks = await eventually(async () => {
      const all = await tasksOf(arns);
      return all.every((x) => x.lastStatus === 'RUNNING') && all.every((x) => outputOf(x).includes('DONE')) ? all : undefined;
    }, 'the probes to finish', 90_000, 1000);
    for (const task of tasks) {
      const out = outputOf(task);
      const where = `${task.taskDefinitionArn} on ${hostOf.get(task.containerInstanceArn!)!.name}: ${out}`;
      assert.match(out, /^CREDS \{.*"AccessKeyId":"ASIA[A-Z0-9]+"/m, where);
      const meta = JSON.parse(/^META (.*)$/m.exec(out)![1]) as { TaskARN: string; Containers: { Networks: { IPv4Addresses: string[] }[] }[] };
      assert.equal(meta.TaskARN, task.taskArn, where);
      if (addressOf(task)) assert.deepEqual(meta.Containers[0].Networks[0].IPv4Addresses, [addressOf(task)], where);
      assert.match(out, /^STATS$/m, where);
    }
  });

  it('sets the hosts up again when Berth restarts, before any new task: the route, and the task endpoint\'s new port', async () => {
    await berth.stop();
    assert.equal(spawnSync('ip', ['route', 'del', '10.214.0.0/24']).status, 0);
    const port = 40_000 + Math.floor(Math.random() * 10_000);
    berth = await startBerthProcess({ dataDir: berth.dataDir, args: [...BERTH_ARGS, '--task-endpoint-port', String(port)] });
    ecs.destroy();
    ecs = berth.ecs();
    await eventually(async () => (routed('10.214.0.0/24') !== '' && hosts.every((h) => rulesOn(h).filter((l) => l.includes(`--to-destination ${BRIDGE_IP}:${port}`)).length === 3)) || undefined,
      'the hosts to be set up again', 30_000, 500);
    assert.equal(rulesOn(hosts[0]).length, 6);
  });

  it('undoes the route and the host\'s rules when the host is removed', async () => {
    const [arn, host] = [...hostOf].find(([, h]) => h.name === 'vb')!;
    assert.equal(rulesOn(host).length, 6, 'the DOCKER-USER accept, three redirects and masquerade exceptions toward Berth and the other host');
    const peerRoute = () => spawnSync('nsenter', [`--net=/run/netns/${hosts[0].netns}`, 'ip', 'route', 'show', '10.214.1.0/24'], { encoding: 'utf8' }).stdout.trim();
    assert.match(peerRoute(), new RegExp(`via ${host.ip.replace(/\./g, '\\.')}`));
    assert.match(routed('10.214.1.0/24'), new RegExp(`via ${host.ip.replace(/\./g, '\\.')}`));
    await ecs.send(new DeregisterContainerInstanceCommand({ cluster: CLUSTER, containerInstance: arn, force: true }));
    const hostId = berthCli('instances', 'list').stdout.split('\n').find((l) => l.endsWith('\t10.214.1.0/24'))!.split('\t')[0];
    const r = berthCli('instances', 'remove', hostId);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(rulesOn(host), []);
    assert.equal(routed('10.214.1.0/24'), '');
    assert.equal(rulesOn(hosts[0]).length, 5, 'the other host no longer routes to the removed one');
    assert.equal(peerRoute(), '');
  });
});
