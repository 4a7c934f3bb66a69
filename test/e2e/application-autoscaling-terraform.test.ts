/**
 * Terraform (hashicorp/aws) drives Application Auto Scaling for an ECS service on a real
 * Berth (test/support/terraform/appautoscaling-stack.tf): aws_appautoscaling_target,
 * aws_appautoscaling_policy (target tracking and step) and aws_appautoscaling_scheduled_action
 * apply, read back without changes, update in place and destroy.
 *
 * Skipped, with the reason, where terraform or the provider mirror is absent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, DescribeScheduledActionsCommand, ListTagsForResourceCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { findTerraform, TerraformResult, workspace, Workspace } from '../support/terraform.js';

const STACK = resolve(__dirname, '../../../test/support/terraform/appautoscaling-stack.tf');
const found = findTerraform();

const shown = (r: TerraformResult) => `exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`;

describe('Terraform Application Auto Scaling against Berth', { skip: 'skip' in found ? found.skip : false }, () => {
  let berth: RunningBerth;
  let ecs: ECSClient;
  let aas: ApplicationAutoScalingClient;
  let tf: Workspace;
  let vars: Record<string, string>;

  const terraform = (args: string[], more: Record<string, string> = {}) => tf.run(args, { ...vars, ...more });
  const target = async () => (await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }))).ScalableTargets!;

  before(async () => {
    const image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    ecs = berth.ecs();
    aas = new ApplicationAutoScalingClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'berth-terraform-aas-'));
    copyFileSync(STACK, join(dir, 'main.tf'));
    tf = workspace(dir, (found as { mirror: string }).mirror);
    vars = { endpoint: berth.endpoint, access_key: TEST_CREDENTIALS.accessKeyId, secret_key: TEST_CREDENTIALS.secretAccessKey, image };
  });

  after(async () => {
    ecs?.destroy();
    aas?.destroy();
    await berth?.destroy();
    if (tf) rmSync(tf.dir, { recursive: true, force: true });
  });

  it('init and apply create the target, both policies and the scheduled action', async () => {
    const init = await tf.run(['init', '-input=false']);
    assert.equal(init.code, 0, shown(init));
    const r = await terraform(['apply', '-auto-approve', '-input=false']);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Apply complete! Resources: 7 added, 0 changed, 0 destroyed/);
    const [scalable] = await target();
    assert.deepEqual([scalable.ResourceId, scalable.MinCapacity, scalable.MaxCapacity], ['service/tf-scaling/web', 2, 4]);
    assert.deepEqual((await aas.send(new ListTagsForResourceCommand({ ResourceARN: scalable.ScalableTargetARN }))).Tags, { env: 'test' });
    const policies = (await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs' }))).ScalingPolicies!;
    assert.deepEqual(policies.map((p) => [p.PolicyName, p.PolicyType]), [['cpu-high', 'StepScaling'], ['cpu70', 'TargetTrackingScaling']]);
    const [action] = (await aas.send(new DescribeScheduledActionsCommand({ ServiceNamespace: 'ecs' }))).ScheduledActions!;
    assert.deepEqual([action.Schedule, action.Timezone], ['cron(0 22 * * ? *)', 'Europe/Berlin']);
    const [service] = (await ecs.send(new DescribeServicesCommand({ cluster: 'tf-scaling', services: ['web'] }))).services!;
    assert.equal(service.desiredCount, 2, 'the minimum capacity raised the desired count');
  });

  it('plan right after apply shows no changes', async () => {
    const r = await terraform(['plan', '-detailed-exitcode', '-input=false']);
    assert.equal(r.code, 0, shown(r));
  });

  it('a new maximum updates the target in place, and plans clean after', async () => {
    const r = await terraform(['apply', '-auto-approve', '-input=false'], { max_capacity: '5' });
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed/);
    assert.equal((await target())[0].MaxCapacity, 5);
    const plan = await terraform(['plan', '-detailed-exitcode', '-input=false'], { max_capacity: '5' });
    assert.equal(plan.code, 0, shown(plan));
  });

  it('destroy removes everything', async () => {
    const r = await terraform(['destroy', '-auto-approve', '-input=false'], { max_capacity: '5' });
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Destroy complete! Resources: 7 destroyed/);
    assert.deepEqual(await target(), []);
  });
});
