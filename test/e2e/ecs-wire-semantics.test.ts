/**
 * ECS semantics over the wire, through @aws-sdk/client-ecs against a real Berth:
 * clusters, task definition life cycle, RunTask/StopTask/DescribeTasks request errors,
 * account settings, capacity providers and tags. No test here needs a container to run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateClusterCommand, DeleteAccountSettingCommand, DeleteTaskDefinitionsCommand, DeregisterTaskDefinitionCommand, DescribeClustersCommand,
  DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListAccountSettingsCommand, ListClustersCommand, ListTagsForResourceCommand,
  ListTaskDefinitionFamiliesCommand, ListTaskDefinitionsCommand, PutAccountSettingCommand, PutAccountSettingDefaultCommand,
  PutClusterCapacityProvidersCommand, RegisterTaskDefinitionCommand, RegisterTaskDefinitionCommandInput, RunTaskCommand, RunTaskCommandInput,
  StopTaskCommand, TagResourceCommand, UntagResourceCommand, UpdateClusterSettingsCommand,
} from '@aws-sdk/client-ecs';
import { RunningBerth, startBerthProcess } from '../support/berth-process.js';

// Never started by these tests: every RunTask below fails before placement.
const IMAGE = 'berth-test/busybox:1';
const ACCOUNT = '000000000000';
const CLUSTER = 'sem';

/** Runs `p`, expects it to fail with the named error, and returns the error. */
async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<any> {
  const err: any = await p.then(() => undefined, (e) => e);
  assert.ok(err, `expected ${name}, but the call succeeded`);
  assert.equal(err.name, name, `${err.name}: ${err.message}`);
  assert.equal(err.$metadata?.httpStatusCode, 400);
  if (typeof message === 'string') assert.equal(err.message, message);
  else if (message) assert.match(err.message, message);
  return err;
}

const ec2Def = (family: string): RegisterTaskDefinitionCommandInput => ({ family, containerDefinitions: [{ name: 'app', image: IMAGE, memory: 32 }] });
const fargateDef = (family: string): RegisterTaskDefinitionCommandInput => ({
  family, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
  containerDefinitions: [{ name: 'app', image: IMAGE }],
});

describe('ECS semantics over the wire', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;

  before(async () => {
    berth = await startBerthProcess();
    ecs = berth.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
  });

  describe('clusters', () => {
    it('DescribeClusters without clusters means default; CreateCluster is idempotent', async () => {
      const region = 'eu-central-1';
      const client = berth.ecs(region);
      try {
        const missing = await client.send(new DescribeClustersCommand({}));
        assert.deepEqual(missing.clusters, []);
        assert.deepEqual(missing.failures, [{ arn: `arn:aws:ecs:${region}:${ACCOUNT}:cluster/default`, reason: 'MISSING' }]);
        const first = (await client.send(new CreateClusterCommand({}))).cluster!;
        assert.equal(first.clusterName, 'default');
        const again = (await client.send(new CreateClusterCommand({ clusterName: 'default' }))).cluster!;
        assert.equal(again.clusterArn, first.clusterArn);
        assert.equal(again.status, 'ACTIVE');
        const described = await client.send(new DescribeClustersCommand({}));
        assert.deepEqual(described.clusters!.map((c) => c.clusterArn), [first.clusterArn]);
        assert.deepEqual(described.failures, []);
        assert.deepEqual((await client.send(new ListClustersCommand({}))).clusterArns, [first.clusterArn]);
      } finally {
        client.destroy();
      }
    });

    it('ListClusters pages with maxResults and nextToken and rejects a bad token', async () => {
      const region = 'eu-west-1';
      const client = berth.ecs(region);
      try {
        for (const name of ['p-b', 'p-a', 'p-c']) await client.send(new CreateClusterCommand({ clusterName: name }));
        const seen: string[] = [];
        let nextToken: string | undefined;
        let pages = 0;
        do {
          const page = await client.send(new ListClustersCommand({ maxResults: 1, nextToken }));
          assert.equal(page.clusterArns!.length, 1);
          seen.push(...page.clusterArns!);
          nextToken = page.nextToken;
          pages++;
        } while (nextToken && pages < 10);
        assert.equal(pages, 3);
        assert.deepEqual([...seen].sort(), ['p-a', 'p-b', 'p-c'].map((n) => `arn:aws:ecs:${region}:${ACCOUNT}:cluster/${n}`));
        await rejects(client.send(new ListClustersCommand({ nextToken: 'not-a-token' })), 'InvalidParameterException');
      } finally {
        client.destroy();
      }
    });

    it('PutClusterCapacityProviders associates FARGATE/FARGATE_SPOT and rejects an unknown provider', async () => {
      const out = await ecs.send(new PutClusterCapacityProvidersCommand({
        cluster: CLUSTER, capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }],
      }));
      assert.deepEqual(out.cluster!.capacityProviders, ['FARGATE', 'FARGATE_SPOT']);
      assert.deepEqual(out.cluster!.defaultCapacityProviderStrategy, [
        { capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
      ]);
      await rejects(ecs.send(new PutClusterCapacityProvidersCommand({
        cluster: CLUSTER, capacityProviders: ['FARGATE', 'no-such-provider'], defaultCapacityProviderStrategy: [],
      })), 'InvalidParameterException');
      const described = (await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER] }))).clusters![0];
      assert.deepEqual(described.capacityProviders, ['FARGATE', 'FARGATE_SPOT'], 'a refused call changes nothing');
      await rejects(ecs.send(new PutClusterCapacityProvidersCommand({
        cluster: CLUSTER, capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      })), 'InvalidParameterException');
      const cleared = await ecs.send(new PutClusterCapacityProvidersCommand({ cluster: CLUSTER, capacityProviders: [], defaultCapacityProviderStrategy: [] }));
      assert.deepEqual(cleared.cluster!.capacityProviders, []);
      assert.deepEqual(cleared.cluster!.defaultCapacityProviderStrategy, []);
    });

    it('UpdateClusterSettings sets containerInsights', async () => {
      const out = await ecs.send(new UpdateClusterSettingsCommand({ cluster: CLUSTER, settings: [{ name: 'containerInsights', value: 'enabled' }] }));
      assert.deepEqual(out.cluster!.settings, [{ name: 'containerInsights', value: 'enabled' }]);
      const described = (await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER], include: ['SETTINGS'] }))).clusters![0];
      assert.deepEqual(described.settings, [{ name: 'containerInsights', value: 'enabled' }]);
      await rejects(ecs.send(new UpdateClusterSettingsCommand({ cluster: 'no-such-cluster', settings: [{ name: 'containerInsights', value: 'enabled' }] })),
        'ClusterNotFoundException', 'Cluster not found.');
    });
  });

  describe('task definitions', () => {
    it('numbers revisions per family and describes by family, family:revision and ARN', async () => {
      const a1 = (await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('td-a')))).taskDefinition!;
      const b1 = (await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('td-b')))).taskDefinition!;
      const a2 = (await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('td-a')))).taskDefinition!;
      assert.deepEqual([a1.revision, b1.revision, a2.revision], [1, 1, 2]);
      assert.equal(a2.taskDefinitionArn, `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/td-a:2`);
      assert.equal(a2.status, 'ACTIVE');
      assert.ok(a2.registeredAt instanceof Date);
      const by = async (ref: string) => (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref }))).taskDefinition!;
      assert.equal((await by('td-a')).revision, 2);
      assert.equal((await by('td-a:1')).revision, 1);
      assert.equal((await by(a1.taskDefinitionArn!)).taskDefinitionArn, a1.taskDefinitionArn);
      await rejects(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'td-a:9' })), 'ClientException');
    });

    it('deregisters to INACTIVE (still describable, not runnable) and deletes only INACTIVE revisions', async () => {
      const td = (await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('td-life')))).taskDefinition!;
      const active = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [td.taskDefinitionArn!] }));
      assert.deepEqual(active.taskDefinitions, []);
      assert.equal(active.failures!.length, 1);
      assert.equal(active.failures![0].arn, td.taskDefinitionArn);
      assert.match(active.failures![0].reason!, /ACTIVE/);

      const dereg = (await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'td-life:1' }))).taskDefinition!;
      assert.equal(dereg.status, 'INACTIVE');
      assert.ok(dereg.deregisteredAt instanceof Date);
      assert.equal((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'td-life:1' }))).taskDefinition!.status, 'INACTIVE');
      await rejects(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'td-life:1' })), 'ClientException');

      const deleted = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['td-life:1'] }));
      assert.deepEqual(deleted.failures, []);
      assert.equal(deleted.taskDefinitions![0].status, 'DELETE_IN_PROGRESS');
      assert.ok(deleted.taskDefinitions![0].deleteRequestedAt instanceof Date);
      const next = (await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('td-life')))).taskDefinition!;
      assert.equal(next.revision, 2, 'revision numbers are never reused');
    });

    it('lists task definitions by family, status and sort order, and families by status', async () => {
      for (let i = 0; i < 3; i++) await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('ls-x')));
      await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('ls-xy')));
      await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('ls-gone')));
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'ls-x:2' }));
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'ls-gone:1' }));
      const arn = (ref: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${ref}`;
      const list = async (input: object) => (await ecs.send(new ListTaskDefinitionsCommand(input))).taskDefinitionArns;

      assert.deepEqual(await list({ familyPrefix: 'ls-x' }), [arn('ls-x:1'), arn('ls-x:3')]);
      assert.deepEqual(await list({ familyPrefix: 'ls-x', sort: 'DESC' }), [arn('ls-x:3'), arn('ls-x:1')]);
      assert.deepEqual(await list({ familyPrefix: 'ls-x', status: 'INACTIVE' }), [arn('ls-x:2')]);
      const all = (await list({}))!;
      assert.ok(all.includes(arn('ls-xy:1')) && !all.includes(arn('ls-gone:1')) && !all.includes(arn('ls-x:2')));
      assert.ok(all.indexOf(arn('ls-x:1')) < all.indexOf(arn('ls-x:3')) && all.indexOf(arn('ls-x:3')) < all.indexOf(arn('ls-xy:1')));

      const families = async (status?: 'ACTIVE' | 'INACTIVE' | 'ALL') =>
        (await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: 'ls-', status }))).families;
      assert.deepEqual(await families('ACTIVE'), ['ls-x', 'ls-xy']);
      assert.deepEqual(await families('INACTIVE'), ['ls-gone']);
      assert.deepEqual(await families('ALL'), ['ls-gone', 'ls-x', 'ls-xy']);
    });

    it('ListTaskDefinitionFamilies lists ACTIVE and INACTIVE families by default', async () => {
      await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('dflt-on')));
      await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('dflt-off')));
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'dflt-off:1' }));
      assert.deepEqual((await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: 'dflt-' }))).families, ['dflt-off', 'dflt-on']);
    });

    it('refuses Fargate definitions in bridge mode or with an invalid cpu/memory pair', async () => {
      await rejects(ecs.send(new RegisterTaskDefinitionCommand({ ...fargateDef('fg-bad'), networkMode: 'bridge' })), 'ClientException', /awsvpc/);
      await rejects(ecs.send(new RegisterTaskDefinitionCommand({ ...fargateDef('fg-bad'), cpu: '256', memory: '4096' })),
        'ClientException', 'No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values.');
      await rejects(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'fg-bad' })), 'ClientException');
    });

    // Captured from AWS (aws/amazon-ecs-cli#1145): typographic quotes around awsvpc.
    it('words the Fargate network-mode refusal as AWS does', async () => {
      await rejects(ecs.send(new RegisterTaskDefinitionCommand({ ...fargateDef('fg-bad'), networkMode: 'bridge' })),
        'ClientException', 'Fargate only supports network mode \u2018awsvpc\u2019.');
    });

    it('normalises "1 vCPU" / "2 GB" to CPU units and MiB', async () => {
      const td = (await ecs.send(new RegisterTaskDefinitionCommand({ ...fargateDef('fg-units'), cpu: '1 vCPU', memory: '2 GB' }))).taskDefinition!;
      assert.equal(td.cpu, '1024');
      assert.equal(td.memory, '2048');
      assert.deepEqual([...td.compatibilities!].sort(), ['EC2', 'FARGATE']);
      assert.deepEqual(td.requiresCompatibilities, ['FARGATE']);
      const described = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'fg-units:1' }))).taskDefinition!;
      assert.equal(described.cpu, '1024');
      assert.equal(described.memory, '2048');
    });

    it('tags task definitions and reports a missing resource', async () => {
      const td = (await ecs.send(new RegisterTaskDefinitionCommand({ ...ec2Def('tagged'), tags: [{ key: 'a', value: '1' }] }))).taskDefinition!;
      const arn = td.taskDefinitionArn!;
      await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'b', value: '2' }, { key: 'a', value: '3' }] }));
      assert.deepEqual((await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: 'a', value: '3' }, { key: 'b', value: '2' }]);
      await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }));
      assert.deepEqual((await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: 'b', value: '2' }]);
      const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
      assert.deepEqual(described.tags, [{ key: 'b', value: '2' }]);
      const missing = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/tagged:99`;
      await rejects(ecs.send(new ListTagsForResourceCommand({ resourceArn: missing })), 'ResourceNotFoundException');
      await rejects(ecs.send(new TagResourceCommand({ resourceArn: missing, tags: [{ key: 'x', value: 'y' }] })), 'ResourceNotFoundException');
      await rejects(ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'aws:reserved', value: 'y' }] })), 'InvalidParameterException');
    });
  });

  describe('task request errors', () => {
    before(async () => {
      await ecs.send(new RegisterTaskDefinitionCommand(ec2Def('run-ec2')));
      await ecs.send(new RegisterTaskDefinitionCommand(fargateDef('run-fg')));
    });
    const run = (input: Partial<RunTaskCommandInput>) => ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: 'run-fg', ...input }));
    const awsvpc = (subnets: string[]) => ({ awsvpcConfiguration: { subnets } });

    it('rejects launchType together with capacityProviderStrategy', async () => {
      await rejects(run({ launchType: 'FARGATE', capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }], networkConfiguration: awsvpc(['subnet-12345678']) }),
        'InvalidParameterException');
    });

    // AWS wording captured for CreateService (pulumi/pulumi-awsx#599, terraform-linters/tflint-ruleset-aws#349); RunTask shares the rule.
    it('words the launchType + capacityProviderStrategy refusal as AWS does', async () => {
      await rejects(run({ launchType: 'FARGATE', capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }], networkConfiguration: awsvpc(['subnet-12345678']) }),
        'InvalidParameterException', 'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
    });

    it('rejects count 11 and count 0', async () => {
      await rejects(run({ count: 11, launchType: 'FARGATE', networkConfiguration: awsvpc(['subnet-12345678']) }), 'InvalidParameterException');
      await rejects(run({ count: 0, launchType: 'FARGATE', networkConfiguration: awsvpc(['subnet-12345678']) }), 'InvalidParameterException');
    });

    it('requires networkConfiguration for a FARGATE launch and a well-formed subnet id', async () => {
      await rejects(run({ launchType: 'FARGATE' }), 'InvalidParameterException', /Network Configuration must be provided/);
      await rejects(run({ launchType: 'FARGATE', networkConfiguration: awsvpc(['subnet-XYZ']) }), 'InvalidParameterException', /subnet-XYZ/);
      await rejects(run({ launchType: 'FARGATE', networkConfiguration: awsvpc([]) }), 'InvalidParameterException');
    });

    it('refuses FARGATE for an EC2-only definition and networkConfiguration for bridge mode', async () => {
      await rejects(run({ taskDefinition: 'run-ec2', launchType: 'FARGATE' }), 'InvalidParameterException', 'Task definition does not support launch_type FARGATE.');
      await rejects(run({ taskDefinition: 'run-ec2', launchType: 'EC2', networkConfiguration: awsvpc(['subnet-12345678']) }),
        'InvalidParameterException', /Network Configuration is not valid/);
    });

    it('answers an unknown cluster with ClusterNotFoundException and an unknown definition with ClientException', async () => {
      await rejects(run({ cluster: 'no-such-cluster', launchType: 'FARGATE' }), 'ClusterNotFoundException', 'Cluster not found.');
      await rejects(ecs.send(new StopTaskCommand({ cluster: 'no-such-cluster', task: '0123456789abcdef0123456789abcdef' })), 'ClusterNotFoundException', 'Cluster not found.');
      await rejects(run({ taskDefinition: 'no-such-family', launchType: 'FARGATE' }), 'ClientException');
    });

    it('DescribeTasks with no tasks and StopTask of a missing task are InvalidParameterException', async () => {
      await rejects(ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [] })), 'InvalidParameterException', 'Tasks cannot be empty.');
      await rejects(ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: '0123456789abcdef0123456789abcdef' })), 'InvalidParameterException');
      const described = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: ['0123456789abcdef0123456789abcdef'] }));
      assert.deepEqual(described.tasks, []);
      assert.deepEqual(described.failures, [{ arn: '0123456789abcdef0123456789abcdef', reason: 'MISSING' }]);
    });
  });

  describe('account settings', () => {
    const region = 'ap-southeast-2';
    const root = `arn:aws:iam::${ACCOUNT}:root`;
    let client: ECSClient;
    before(() => { client = berth.ecs(region); });
    after(() => client?.destroy());

    const effective = async (name: 'containerInsights') =>
      (await client.send(new ListAccountSettingsCommand({ name, effectiveSettings: true }))).settings!;

    it('Put, List (effectiveSettings), PutDefault and Delete', async () => {
      assert.deepEqual((await effective('containerInsights')).map((s) => s.value), ['disabled']);
      assert.deepEqual((await client.send(new ListAccountSettingsCommand({ name: 'containerInsights' }))).settings, []);

      const put = await client.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'enabled' }));
      assert.equal(put.setting!.name, 'containerInsights');
      assert.equal(put.setting!.value, 'enabled');
      assert.equal(put.setting!.principalArn, root);
      const listed = (await client.send(new ListAccountSettingsCommand({ name: 'containerInsights' }))).settings!;
      assert.deepEqual(listed.map((s) => [s.name, s.value, s.principalArn]), [['containerInsights', 'enabled', root]]);
      const inherited = (await client.send(new CreateClusterCommand({ clusterName: 'insights' }))).cluster!;
      assert.deepEqual(inherited.settings, [{ name: 'containerInsights', value: 'enabled' }]);

      const deleted = await client.send(new DeleteAccountSettingCommand({ name: 'containerInsights' }));
      assert.equal(deleted.setting!.value, 'enabled');
      assert.deepEqual((await effective('containerInsights')).map((s) => s.value), ['disabled']);

      const dflt = await client.send(new PutAccountSettingDefaultCommand({ name: 'containerInsights', value: 'enhanced' }));
      assert.equal(dflt.setting!.value, 'enhanced');
      assert.equal(dflt.setting!.principalArn, root);
      assert.deepEqual((await effective('containerInsights')).map((s) => s.value), ['enhanced']);

      const all: { name?: string; value?: string }[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(new ListAccountSettingsCommand({ effectiveSettings: true, nextToken }));
        assert.ok(page.settings!.length <= 10);
        all.push(...page.settings!);
        nextToken = page.nextToken;
      } while (nextToken && all.length < 100);
      assert.ok(all.some((s) => s.name === 'taskLongArnFormat' && s.value === 'enabled'));
      assert.ok(all.some((s) => s.name === 'containerInsights' && s.value === 'enhanced'));
      await rejects(client.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'sometimes' })), 'InvalidParameterException');
    });

    it('caps ListAccountSettings maxResults at 10', async () => {
      await rejects(client.send(new ListAccountSettingsCommand({ effectiveSettings: true, maxResults: 11 })), 'InvalidParameterException');
    });
  });
});
