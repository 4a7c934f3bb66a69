/**
 * Terraform (hashicorp/aws) with CloudWatch Logs on a real Berth
 * (test/support/terraform/logs-stack.tf): aws_cloudwatch_log_group with retention and tags,
 * used by an ECS service's awslogs driver; apply, a clean plan, a retention change in place,
 * destroy. The provider (5.x) calls CreateLogGroup, PutRetentionPolicy, DescribeLogGroups
 * and ListTagsForResource to read back, and DeleteLogGroup.
 *
 * Skipped, with the reason, where terraform or the provider mirror is absent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { findTerraform, TerraformResult, workspace, Workspace } from '../support/terraform.js';

const STACK = resolve(__dirname, '../../../test/support/terraform/logs-stack.tf');
const GROUP = '/ecs/tf-logs';
const found = findTerraform();

const shown = (r: TerraformResult) => `exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`;

describe('Terraform CloudWatch Logs against Berth', { skip: 'skip' in found ? found.skip : false }, () => {
  let berth: RunningBerth;
  let logs: CloudWatchLogsClient;
  let tf: Workspace;
  let vars: Record<string, string>;

  const terraform = (args: string[], more: Record<string, string> = {}) => tf.run(args, { ...vars, ...more });
  const group = async () => (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }))).logGroups!;

  before(async () => {
    const image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    logs = new CloudWatchLogsClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'berth-terraform-logs-'));
    copyFileSync(STACK, join(dir, 'main.tf'));
    tf = workspace(dir, (found as { mirror: string }).mirror);
    vars = { endpoint: berth.endpoint, access_key: TEST_CREDENTIALS.accessKeyId, secret_key: TEST_CREDENTIALS.secretAccessKey, image };
  });

  after(async () => {
    logs?.destroy();
    await berth?.destroy();
    if (tf) rmSync(tf.dir, { recursive: true, force: true });
  });

  it('init and apply create the group, and the service\'s task logs to it', async () => {
    const init = await tf.run(['init', '-input=false']);
    assert.equal(init.code, 0, shown(init));
    const r = await terraform(['apply', '-auto-approve', '-input=false']);
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Apply complete! Resources: 4 added, 0 changed, 0 destroyed/);
    const [g] = await group();
    assert.equal(g.retentionInDays, 14);
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: g.logGroupArn! }))).tags, { team: 'core' });
    const events = await eventually(async () => {
      const found = (await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNamePrefix: 'app/app/' }))).events!;
      return found.length > 0 ? found : undefined;
    }, 'the task\'s output', 60_000, 250);
    assert.equal(events[0].message, 'started by terraform');
  });

  it('plan right after apply shows no changes', async () => {
    const r = await terraform(['plan', '-detailed-exitcode', '-input=false']);
    assert.equal(r.code, 0, shown(r));
  });

  it('a retention change is applied in place', async () => {
    const r = await terraform(['apply', '-auto-approve', '-input=false'], { retention: '30' });
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed/);
    assert.equal((await group())[0].retentionInDays, 30);
    const plan = await terraform(['plan', '-detailed-exitcode', '-input=false'], { retention: '30' });
    assert.equal(plan.code, 0, shown(plan));
  });

  it('destroy removes the group with the rest', async () => {
    const r = await terraform(['destroy', '-auto-approve', '-input=false'], { retention: '30' });
    assert.equal(r.code, 0, shown(r));
    assert.match(r.stdout, /Destroy complete! Resources: 4 destroyed/);
    assert.deepEqual(await group(), []);
  });
});
