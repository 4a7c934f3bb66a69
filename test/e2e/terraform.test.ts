/**
 * Terraform with the hashicorp/aws provider drives a real Berth through a whole life cycle
 * of a realistic stack (test/support/terraform/ecs-alb-stack.tf): init from an offline
 * mirror, apply, a clean plan, a new task definition revision rolled out to both services,
 * a clean plan again, destroy. Traffic goes through the ALB at every step.
 *
 * Skipped, with the reason, where terraform or the provider mirror is absent (neither is a
 * Debian or npm package, so the setup script cannot install them).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import {
  DescribeCapacityReservationCommand, DescribeListenerAttributesCommand, DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { elbv2, freePort, get } from '../support/elbv2-helpers.js';
import { ecrClient } from '../support/registry-client.js';
import { findTerraform, TerraformResult, workspace, Workspace } from '../support/terraform.js';

const STACK = resolve(__dirname, '../../../test/support/terraform/ecs-alb-stack.tf');
const CLUSTER = 'tf-main';
const found = findTerraform();

/** The output of a failed command, for the assertion message. */
const shown = (r: TerraformResult) => `exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`;

describe('Terraform (hashicorp/aws) against Berth', { skip: 'skip' in found ? found.skip : false }, () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let elb: ElasticLoadBalancingV2Client;
  let ecr: ECRClient;
  let tf: Workspace;
  let port: number;
  let vars: Record<string, string>;

  const terraform = async (args: string[], version = 'v1'): Promise<TerraformResult> => tf.run(args, { ...vars, web_version: version });
  const services = async () => (await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web', 'api'] }))).services!;
  /** Five answers in a row from `path` all say `body`: the ALB routes there and only the expected version answers. */
  const answers = (path: string, body: string) => eventually(async () => {
    for (let i = 0; i < 5; i++) if ((await get(port, path)).body.trim() !== body) return false;
    return true;
  }, `${path} to answer "${body}"`, 60_000, 250);

  before(async () => {
    const image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
    elb = elbv2(berth);
    ecr = ecrClient(berth);
    const dir = mkdtempSync(join(tmpdir(), 'berth-terraform-'));
    copyFileSync(STACK, join(dir, 'main.tf'));
    tf = workspace(dir, (found as { mirror: string }).mirror);
    port = await freePort();
    vars = { endpoint: berth.endpoint, access_key: TEST_CREDENTIALS.accessKeyId, secret_key: TEST_CREDENTIALS.secretAccessKey, listener_port: String(port), image };
  });

  after(async () => {
    ecs?.destroy();
    elb?.destroy();
    ecr?.destroy();
    await berth?.destroy();
    if (tf) rmSync(tf.dir, { recursive: true, force: true });
  });

  it('init installs the provider from the offline mirror', async () => {
    const r = await tf.run(['init', '-input=false']);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Terraform has been successfully initialized/);
  });

  it('apply creates the stack, and both services answer through the ALB', async () => {
    const r = await terraform(['apply', '-auto-approve', '-input=false']);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Apply complete! Resources: 13 added, 0 changed, 0 destroyed/);

    const [cluster] = (await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER], include: ['SETTINGS'] }))).clusters!;
    assert.deepEqual(cluster.settings, [{ name: 'containerInsights', value: 'enabled' }]);
    assert.deepEqual([...cluster.capacityProviders!].sort(), ['FARGATE', 'FARGATE_SPOT'], 'the provider sends a set: any order');
    for (const s of await services()) {
      assert.deepEqual(s.deploymentConfiguration!.deploymentCircuitBreaker, { enable: true, rollback: true }, s.serviceName);
      assert.equal(s.runningCount, s.desiredCount, s.serviceName);
    }
    const groups = (await elb.send(new DescribeTargetGroupsCommand({ Names: ['tf-web', 'tf-api'] }))).TargetGroups!;
    assert.deepEqual(groups.map((g) => g.TargetType), ['instance', 'ip']);
    const [repo] = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['tf/app'] }))).repositories!;
    assert.match((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: repo.repositoryName }))).lifecyclePolicyText!, /imageCountMoreThan/);

    await answers('/', 'web v1');
    await answers('/api/', 'api v1');
    const reply = await get(port, '/');
    assert.equal(reply.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.equal(reply.headers['x-content-type-options'], 'nosniff');
  });

  it('Berth reports what the provider set: capacity reservation and listener attributes', async () => {
    const [lb] = (await elb.send(new DescribeLoadBalancersCommand({ Names: ['tf-alb'] }))).LoadBalancers!;
    const capacity = await elb.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
    assert.deepEqual(capacity.MinimumLoadBalancerCapacity, { CapacityUnits: 100 });
    assert.ok(capacity.CapacityReservationState!.every((z) => z.State?.Code === 'provisioned'));
    const { ListenerArn } = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners![0];
    const attributes = (await elb.send(new DescribeListenerAttributesCommand({ ListenerArn }))).Attributes!;
    assert.deepEqual(attributes.find((a) => a.Key === 'routing.http.response.server.enabled'), { Key: 'routing.http.response.server.enabled', Value: 'false' });
  });

  it('plan right after apply shows no changes', async () => {
    const r = await terraform(['plan', '-detailed-exitcode', '-input=false']);
    assert.equal(r.code, 0, shown(r));
  });

  it('a new task definition revision rolls out to both services', async () => {
    const r = await terraform(['apply', '-auto-approve', '-input=false'], 'v2');
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Apply complete! Resources: 2 added, 2 changed, 2 destroyed/);
    for (const s of await services()) {
      assert.equal(s.deployments!.length, 1, `${s.serviceName}: one deployment left`);
      assert.equal(s.deployments![0].rolloutState, 'COMPLETED', s.serviceName);
      assert.match(s.taskDefinition!, /:2$/, s.serviceName);
    }
    await answers('/', 'web v2');
    await answers('/api/', 'api v2');
  });

  it('plan after the update shows no changes', async () => {
    const r = await terraform(['plan', '-detailed-exitcode', '-input=false'], 'v2');
    assert.equal(r.code, 0, shown(r));
  });

  it('destroy removes the whole stack', async () => {
    const r = await terraform(['destroy', '-auto-approve', '-input=false'], 'v2');
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Destroy complete! Resources: 13 destroyed/);
    assert.deepEqual((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers, []);
    assert.deepEqual((await ecr.send(new DescribeRepositoriesCommand({}))).repositories, []);
    assert.deepEqual((await ecs.send(new ListClustersCommand({}))).clusterArns!.filter((a) => a.endsWith(`/${CLUSTER}`)), []);
  });
});
