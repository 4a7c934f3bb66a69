/**
 * Task `secrets` as ECS injects them: read with the task execution role's permissions from
 * SSM Parameter Store (a SecureString) and Secrets Manager (one JSON key), seen by the
 * container as environment variables and nowhere else; a role without permission, a role
 * ECS may not assume and a missing secret each stop the task with AWS's reason.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as ecs from '@aws-sdk/client-ecs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { docker, RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const PASSWORD = 'pw-7f3a9c';
const API_KEY = 'key-51d0e2';
const TRUST_ECS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const TRUST_EC2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('task secrets through the execution role', () => {
  let berth: RunningBerth;
  let client: ecs.ECSClient;
  let image: string;
  let secretArn: string;
  const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

  before(async () => {
    image = await ensureBusyboxImage();
    berth = await startBerthProcess();
    client = berth.ecs();
    const opts = { endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    const iam = new IAMClient(opts);
    for (const name of ['exec', 'exec-bare']) await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST_ECS }));
    await iam.send(new CreateRoleCommand({ RoleName: 'exec-ec2', AssumeRolePolicyDocument: TRUST_EC2 }));
    const created = await new SecretsManagerClient(opts).send(new CreateSecretCommand({ Name: 'app/creds', SecretString: JSON.stringify({ user: 'svc', apiKey: API_KEY }) }));
    secretArn = created.ARN!;
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'exec', PolicyName: 'read-secrets',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/*` },
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn },
      ] }),
    }));
    await new SSMClient(opts).send(new PutParameterCommand({ Name: '/app/db-password', Type: 'SecureString', Value: PASSWORD }));
    await client.send(new ecs.CreateClusterCommand({ clusterName: 'secrets' }));
  });
  after(async () => {
    client?.destroy();
    await berth?.destroy();
  });

  const register = (family: string, executionRoleArn: string | undefined, secrets: ecs.Secret[]) => client.send(new ecs.RegisterTaskDefinitionCommand({
    family, executionRoleArn,
    containerDefinitions: [{ name: 'app', image, memory: 32, secrets, command: ['sh', '-c', 'echo "SEEN:$DB_PASSWORD|$API_KEY"; sleep 300'], stopTimeout: 1 }],
  }));
  const run = async (family: string) => (await client.send(new ecs.RunTaskCommand({ cluster: 'secrets', taskDefinition: family }))).tasks![0].taskArn!;
  const stoppedReason = async (taskArn: string) => {
    await ecs.waitUntilTasksStopped({ client, maxWaitTime: 60, minDelay: 1 }, { cluster: 'secrets', tasks: [taskArn] });
    return (await client.send(new ecs.DescribeTasksCommand({ cluster: 'secrets', tasks: [taskArn] }))).tasks![0];
  };
  const SECRETS: ecs.Secret[] = [{ name: 'DB_PASSWORD', valueFrom: '/app/db-password' }];

  it('refuses secrets without an execution role, as RegisterTaskDefinition does', async () => {
    await assert.rejects(register('no-role', undefined, [{ name: 'X', valueFrom: '/app/db-password' }]), {
      name: 'ClientException', message: "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
    });
  });

  it('injects an SSM SecureString and a Secrets Manager JSON key as environment variables', async () => {
    const secrets = [SECRETS[0], { name: 'API_KEY', valueFrom: `${secretArn}:apiKey::` }];
    const { taskDefinition } = await register('app', role('exec'), secrets);
    assert.deepEqual(taskDefinition?.containerDefinitions?.[0].secrets, secrets);
    const taskArn = await run('app');
    await ecs.waitUntilTasksRunning({ client, maxWaitTime: 60, minDelay: 1 }, { cluster: 'secrets', tasks: [taskArn] });
    const id = (await docker('ps', '-q', '--filter', `label=com.amazonaws.ecs.task-arn=${taskArn}`)).trim();
    const logs = await docker('logs', id);
    assert.ok(logs.includes(`SEEN:${PASSWORD}|${API_KEY}`), 'the container sees both values');
    const described = JSON.stringify(await client.send(new ecs.DescribeTasksCommand({ cluster: 'secrets', tasks: [taskArn] })));
    const definition = JSON.stringify(await client.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: 'app' })));
    for (const text of [described, definition, berth.output()]) {
      assert.ok(!text.includes(PASSWORD) && !text.includes(API_KEY), 'no value in DescribeTasks, DescribeTaskDefinition or the log');
    }
    await client.send(new ecs.StopTaskCommand({ cluster: 'secrets', task: taskArn }));
  });

  it('stops the task when the execution role may not read a secret', async () => {
    await register('bare', role('exec-bare'), [SECRETS[0]]);
    const task = await stoppedReason(await run('bare'));
    assert.equal(task.stopCode, 'TaskFailedToStart');
    assert.match(task.stoppedReason!, /^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: fetching secret data from SSM Parameter Store in us-east-1: AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role\/exec-bare\/[0-9a-f]{32} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:000000000000:parameter\/app\/db-password/);
    assert.ok(!task.stoppedReason!.includes(PASSWORD));
  });

  it('stops the task when ECS may not assume the execution role', async () => {
    await register('ec2-role', role('exec-ec2'), [SECRETS[0]]);
    const task = await stoppedReason(await run('ec2-role'));
    assert.match(task.stoppedReason!, /ECS was unable to assume the role 'arn:aws:iam::000000000000:role\/exec-ec2'/);
  });

  it('needs kms:Decrypt for a SecureString under a customer managed key', async () => {
    const opts = { endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    const key = await new KMSClient(opts).send(new CreateKeyCommand({}));
    await new SSMClient(opts).send(new PutParameterCommand({ Name: '/app/cmk', Type: 'SecureString', Value: 'cmk-value', KeyId: key.KeyMetadata!.KeyId }));
    await register('cmk', role('exec'), [{ name: 'X', valueFrom: '/app/cmk' }]);
    const task = await stoppedReason(await run('cmk'));
    assert.match(task.stoppedReason!, /fetching secret data from SSM Parameter Store in us-east-1: .*AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role\/exec\/[0-9a-f]{32} is not authorized to perform: kms:Decrypt/);
    assert.ok(!task.stoppedReason!.includes('cmk-value'));
  });

  it('names a missing parameter, and does not tell a role without access that a secret is missing', async () => {
    await register('gone', role('exec'), [{ name: 'X', valueFrom: '/app/missing' }]);
    const task = await stoppedReason(await run('gone'));
    assert.match(task.stoppedReason!, /fetching secret data from SSM Parameter Store in us-east-1: invalid parameters: \/app\/missing$/);
    const missing = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:app/gone-AbCdEf`;
    await register('gone-secret', role('exec'), [{ name: 'X', valueFrom: missing }]);
    const denied = await stoppedReason(await run('gone-secret'));
    assert.match(denied.stoppedReason!, /failed to fetch secret .* from secrets manager: AccessDeniedException: .* secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:000000000000:secret:app\/gone-AbCdEf/);
  });
});
