/**
 * Auto Scaling group capacity providers on a real Berth, through the SDK and Terraform's
 * aws_ecs_capacity_provider: create, describe with tags and paging, update, association
 * with a cluster, the delete rules, and a strategy that places nothing while its host
 * group is empty. (Placement on a group's hosts is covered by the API tests.)
 *
 * The Terraform part is skipped, with the reason, where terraform or the provider mirror is absent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateCapacityProviderCommand, CreateClusterCommand, DeleteCapacityProviderCommand, DescribeCapacityProvidersCommand, ECSClient,
  ListTagsForResourceCommand, PutClusterCapacityProvidersCommand, RegisterTaskDefinitionCommand, RunTaskCommand, UpdateCapacityProviderCommand,
} from '@aws-sdk/client-ecs';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { findTerraform, TerraformResult, workspace, Workspace } from '../support/terraform.js';

const ASG = (name: string) => `arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:57ffcb94-11f0-4d6d-bf60-3bac5e000000:autoScalingGroupName/${name}`;
const found = findTerraform();
const shown = (r: TerraformResult) => `exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`;

const STACK = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
variable "endpoint" { type = string }
variable "access_key" { type = string }
variable "secret_key" { type = string }
variable "target" {
  type    = number
  default = 100
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = var.access_key
  secret_key                  = var.secret_key
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    ecs = var.endpoint
  }
}
resource "aws_ecs_capacity_provider" "web" {
  name = "tf-web"
  auto_scaling_group_provider {
    auto_scaling_group_arn         = "${ASG('tf-web-hosts')}"
    managed_termination_protection = "DISABLED"
    managed_scaling {
      status          = "ENABLED"
      target_capacity = var.target
    }
  }
  tags = { team = "core" }
}
resource "aws_ecs_cluster" "main" {
  name = "tf-cp"
}
resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = [aws_ecs_capacity_provider.web.name]
  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.web.name
    weight            = 1
  }
}
`;

describe('capacity providers', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  const describeOne = async (name: string) =>
    (await ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: [name], include: ['TAGS'] }))).capacityProviders![0];

  before(async () => {
    berth = await startBerthProcess();
    ecs = berth.ecs();
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
  });

  it('the SDK creates, describes, updates and deletes an Auto Scaling group provider', async () => {
    const created = (await ecs.send(new CreateCapacityProviderCommand({
      name: 'web', autoScalingGroupProvider: { autoScalingGroupArn: ASG('web-hosts'), managedScaling: { status: 'ENABLED', targetCapacity: 90 } },
      tags: [{ key: 'team', value: 'web' }],
    }))).capacityProvider!;
    assert.deepEqual([created.status, created.type, created.autoScalingGroupProvider?.managedScaling?.maximumScalingStepSize], ['ACTIVE', 'EC2_AUTOSCALING', 10000]);
    const page = await ecs.send(new DescribeCapacityProvidersCommand({ maxResults: 2 }));
    const rest = await ecs.send(new DescribeCapacityProvidersCommand({ maxResults: 2, nextToken: page.nextToken }));
    assert.deepEqual([...page.capacityProviders!, ...rest.capacityProviders!].map((c) => c.name), ['FARGATE', 'FARGATE_SPOT', 'web']);
    assert.deepEqual((await ecs.send(new ListTagsForResourceCommand({ resourceArn: created.capacityProviderArn }))).tags, [{ key: 'team', value: 'web' }]);

    const updated = await ecs.send(new UpdateCapacityProviderCommand({ name: 'web', autoScalingGroupProvider: { managedScaling: { targetCapacity: 50 } } }));
    assert.equal(updated.capacityProvider!.updateStatus, 'UPDATE_IN_PROGRESS');
    assert.equal((await describeOne('web')).autoScalingGroupProvider!.managedScaling!.targetCapacity, 50);

    await ecs.send(new CreateClusterCommand({ clusterName: 'cp', capacityProviders: ['web'], defaultCapacityProviderStrategy: [{ capacityProvider: 'web', weight: 1 }] }));
    const failed = (await ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'web' }))).capacityProvider!;
    assert.equal(failed.updateStatus, 'DELETE_FAILED');

    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'cp', containerDefinitions: [{ name: 'app', image: 'busybox', memory: 16 }] }));
    const run = await ecs.send(new RunTaskCommand({ cluster: 'cp', taskDefinition: 'cp' }));
    assert.deepEqual([run.tasks, run.failures!.map((f) => f.reason)], [[], ['MISSING']], 'the host group has no instance');

    await ecs.send(new PutClusterCapacityProvidersCommand({ cluster: 'cp', capacityProviders: [], defaultCapacityProviderStrategy: [] }));
    assert.equal((await ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'web' }))).capacityProvider!.updateStatus, 'DELETE_IN_PROGRESS');
    assert.equal((await describeOne('web')).status, 'INACTIVE');
    await assert.rejects(ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'web' })), { name: 'ClientException' });
    await assert.rejects(ecs.send(new CreateCapacityProviderCommand({ name: 'fargate-x', autoScalingGroupProvider: { autoScalingGroupArn: ASG('x') } })),
      { name: 'InvalidParameterException' });
  });

  describe('Terraform aws_ecs_capacity_provider', { skip: 'skip' in found ? found.skip : false }, () => {
    let tf: Workspace;
    let vars: Record<string, string>;
    const terraform = (args: string[], more: Record<string, string> = {}) => tf.run(args, { ...vars, ...more });

    before(() => {
      const dir = mkdtempSync(join(tmpdir(), 'berth-terraform-cp-'));
      writeFileSync(join(dir, 'main.tf'), STACK);
      tf = workspace(dir, (found as { mirror: string }).mirror);
      vars = { endpoint: berth.endpoint, access_key: TEST_CREDENTIALS.accessKeyId, secret_key: TEST_CREDENTIALS.secretAccessKey };
    });
    after(() => {
      if (tf) rmSync(tf.dir, { recursive: true, force: true });
    });

    it('applies, plans clean, updates managed scaling in place, and destroys', async () => {
      assert.equal((await tf.run(['init', '-input=false'])).code, 0);
      const apply = await terraform(['apply', '-auto-approve', '-input=false']);
      assert.equal(apply.code, 0, shown(apply));
      const cp = await describeOne('tf-web');
      assert.deepEqual([cp.status, cp.autoScalingGroupProvider!.managedScaling!.status, cp.tags], ['ACTIVE', 'ENABLED', [{ key: 'team', value: 'core' }]]);
      const plan = await terraform(['plan', '-detailed-exitcode', '-input=false']);
      assert.equal(plan.code, 0, shown(plan));
      const update = await terraform(['apply', '-auto-approve', '-input=false'], { target: '80' });
      assert.equal(update.code, 0, shown(update));
      assert.match(update.stdout, /0 added, 1 changed, 0 destroyed/);
      assert.equal((await describeOne('tf-web')).autoScalingGroupProvider!.managedScaling!.targetCapacity, 80);
      const destroy = await terraform(['destroy', '-auto-approve', '-input=false'], { target: '80' });
      assert.equal(destroy.code, 0, shown(destroy));
      assert.equal((await describeOne('tf-web')).status, 'INACTIVE');
    });
  });
});
