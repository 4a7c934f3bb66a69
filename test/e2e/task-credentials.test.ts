/**
 * The task role inside a task, as on ECS: an unmodified AWS SDK script in an awsvpc task
 * finds the task role's credentials at 169.254.170.2 (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI),
 * calls Berth (AWS_ENDPOINT_URL) and is allowed or denied by the role's policy; the task
 * metadata endpoint v4 answers; another task cannot obtain those credentials.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as ecs from '@aws-sdk/client-ecs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { ensureNodeImage } from '../support/node-image.js';
import { docker, eventually, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const TRUST_ECS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const NODE_MODULES = resolve('node_modules');
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0123456789abcdef0'] } };

/** Runs in the task with the SDK's default credential chain, Region and endpoint from the environment. */
const SCRIPT = `
const { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');
const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
(async () => {
  const who = await new STSClient({}).send(new GetCallerIdentityCommand({}));
  console.log('IDENTITY ' + who.Arn);
  const ssm = new SSMClient({});
  for (const name of ['/team/allowed', '/team/forbidden']) {
    try { console.log('READ ' + name + ' ' + (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter.Value); }
    catch (e) { console.log('DENIED ' + name + ' ' + e.name + ': ' + e.message); }
  }
  const meta = await (await fetch(process.env.ECS_CONTAINER_METADATA_URI_V4 + '/task')).json();
  console.log('TASK ' + meta.TaskARN + ' ' + meta.Containers.length + ' ' + meta.Family);
  const stats = await (await fetch(process.env.ECS_CONTAINER_METADATA_URI_V4 + '/stats')).json();
  console.log('STATS ' + typeof stats.memory_stats);
  console.log('DONE');
  setInterval(() => {}, 1000);
})().catch((e) => { console.log('FAILED ' + e.name + ': ' + e.message); process.exit(1); });
`;

describe('task role credentials and metadata inside a task', () => {
  let berth: RunningBerth;
  let client: ecs.ECSClient;
  let nodeImage: string;
  let busybox: string;

  before(async () => {
    [nodeImage, busybox] = await Promise.all([ensureNodeImage(), ensureBusyboxImage()]);
    berth = await startBerthProcess();
    client = berth.ecs();
    const opts = { endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    const iam = new IAMClient(opts);
    await iam.send(new CreateRoleCommand({ RoleName: 'app-task', AssumeRolePolicyDocument: TRUST_ECS }));
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'app-task', PolicyName: 'read-allowed',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/team/allowed` }] }),
    }));
    const ssm = new SSMClient(opts);
    await ssm.send(new PutParameterCommand({ Name: '/team/allowed', Type: 'String', Value: 'visible-value' }));
    await ssm.send(new PutParameterCommand({ Name: '/team/forbidden', Type: 'String', Value: 'hidden-value' }));
    await client.send(new ecs.CreateClusterCommand({ clusterName: 'roles' }));
  });
  after(async () => {
    client?.destroy();
    await berth?.destroy();
  });

  const runTask = async (family: string) => {
    const run = await client.send(new ecs.RunTaskCommand({ cluster: 'roles', taskDefinition: family, launchType: 'EC2', networkConfiguration: NETWORK }));
    assert.deepEqual(run.failures, []);
    return run.tasks![0].taskArn!;
  };
  const containerOf = async (taskArn: string) => (await docker('ps', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`, '--filter', 'label=berth.role=container')).trim();

  it('RunTask refuses a task role ECS cannot assume, as AWS does', async () => {
    await client.send(new ecs.RegisterTaskDefinitionCommand({
      family: 'no-such-role', taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/missing`, networkMode: 'awsvpc', memory: '64',
      containerDefinitions: [{ name: 'app', image: busybox, command: ['sleep', '1'] }],
    }));
    await assert.rejects(runTask('no-such-role'), {
      name: 'ClientException',
      message: `ECS was unable to assume the role 'arn:aws:iam::${ACCOUNT}:role/missing' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.`,
    });
  });

  it('an SDK script in the task reads what its task role allows and is denied the rest', async () => {
    await client.send(new ecs.RegisterTaskDefinitionCommand({
      family: 'sdk', taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-task`, networkMode: 'awsvpc', memory: '256',
      volumes: [{ name: 'sdk', host: { sourcePath: NODE_MODULES } }],
      containerDefinitions: [{ name: 'app', image: nodeImage, command: ['node', '-e', SCRIPT], mountPoints: [{ sourceVolume: 'sdk', containerPath: '/app/node_modules', readOnly: true }], stopTimeout: 1 }],
    }));
    const taskArn = await runTask('sdk');
    await ecs.waitUntilTasksRunning({ client, maxWaitTime: 90, minDelay: 1 }, { cluster: 'roles', tasks: [taskArn] });
    const id = await containerOf(taskArn);
    const logs = await eventually(async () => {
      const out = await docker('logs', id);
      return /DONE|FAILED/.test(out) && out;
    }, 'the script to finish', 60_000, 500);
    const taskId = taskArn.split('/').pop();
    assert.match(logs, new RegExp(`IDENTITY arn:aws:sts::${ACCOUNT}:assumed-role/app-task/${taskId}`));
    assert.match(logs, /READ \/team\/allowed visible-value/);
    assert.match(logs, /DENIED \/team\/forbidden AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role\/app-task\/[0-9a-f]{32} is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:000000000000:parameter\/team\/forbidden/);
    assert.ok(!logs.includes('hidden-value'));
    assert.ok(logs.includes(`TASK ${taskArn} 1 sdk`), logs);
    assert.match(logs, /STATS object/);

    // Another task, presenting this task's credentials id, gets nothing.
    const env = await docker('inspect', '--format', '{{range .Config.Env}}{{println .}}{{end}}', id);
    const relative = /AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=(\S+)/.exec(env)![1];
    await client.send(new ecs.RegisterTaskDefinitionCommand({
      family: 'thief', networkMode: 'awsvpc', memory: '64',
      containerDefinitions: [{ name: 'thief', image: busybox, stopTimeout: 1, command: ['sh', '-c', `wget -q -O - http://169.254.170.2${relative} || echo REFUSED; wget -q -O - http://169.254.170.2/v2/credentials/forged.00000000000000000000000000000000 || echo REFUSED; sleep 300`] }],
    }));
    const thief = await runTask('thief');
    await ecs.waitUntilTasksRunning({ client, maxWaitTime: 90, minDelay: 1 }, { cluster: 'roles', tasks: [thief] });
    const thiefLogs = await eventually(async () => {
      const out = await docker('logs', await containerOf(thief));
      return (out.match(/REFUSED/g) ?? []).length === 2 && out;
    }, 'both attempts to be refused', 30_000, 500);
    assert.ok(!thiefLogs.includes('SecretAccessKey'));
  });
});
