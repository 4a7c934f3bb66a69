/**
 * `repositoryCredentials`: a task pulls from a private registry (a second Berth's, on
 * loopback) with the username and password of a Secrets Manager secret, read with the
 * execution role; without them the pull is refused, and a secret that is not
 * `{"username","password"}` stops the task without echoing it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as ecs from '@aws-sdk/client-ecs';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ensureBusyboxImage } from '../support/busybox-image.js';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { waitForStatus } from '../support/ecs-helpers.js';
import { ecrClient, registryPassword } from '../support/registry-client.js';

const run = promisify(execFile);
const TRUST_ECS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('repositoryCredentials for a private registry', () => {
  let berth: RunningBerth;
  let registry: RunningBerth;
  let image: string;
  const secrets: Record<string, string> = {};
  const source = `berth-test/private-${Math.random().toString(36).slice(2, 8)}:1`;

  before(async () => {
    [berth, registry] = await Promise.all([startBerthProcess(), startBerthProcess()]);
    const host = `127.0.0.1:${new URL(registry.endpoint).port}`;
    image = `${host}/private/app:v1`;
    await ensureBusyboxImage(source);
    await ecrClient(registry).send(new CreateRepositoryCommand({ repositoryName: 'private/app' }));
    const password = await registryPassword(registry);
    await run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', `AWS:${password}`, `docker-daemon:${source}`, `docker://${image}`]);
    const opts = { endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    const sm = new SecretsManagerClient(opts);
    secrets.good = (await sm.send(new CreateSecretCommand({ Name: 'registry/good', SecretString: JSON.stringify({ username: 'AWS', password }) }))).ARN!;
    secrets.wrong = (await sm.send(new CreateSecretCommand({ Name: 'registry/wrong', SecretString: JSON.stringify({ username: 'AWS', password: 'not-the-token' }) }))).ARN!;
    secrets.shapeless = (await sm.send(new CreateSecretCommand({ Name: 'registry/shapeless', SecretString: 'plain-text-credential' }))).ARN!;
    const iam = new IAMClient(opts);
    await iam.send(new CreateRoleCommand({ RoleName: 'puller', AssumeRolePolicyDocument: TRUST_ECS }));
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'puller', PolicyName: 'registry-secrets',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: Object.values(secrets) }] }),
    }));
    await berth.ecs().send(new ecs.CreateClusterCommand({ clusterName: 'private' }));
  });
  after(async () => {
    await Promise.all([berth?.destroy(), registry?.destroy()]);
    for (const ref of [source, image]) await run('docker', ['rmi', '-f', ref]).catch(() => undefined);
  });

  const runWith = async (family: string, credentialsParameter: string) => {
    await run('docker', ['rmi', '-f', image]).catch(() => undefined);
    await berth.ecs().send(new ecs.RegisterTaskDefinitionCommand({
      family, executionRoleArn: 'arn:aws:iam::000000000000:role/puller',
      containerDefinitions: [{ name: 'app', image, memory: 32, command: ['sleep', '60'], repositoryCredentials: { credentialsParameter } }],
    }));
    return (await berth.ecs().send(new ecs.RunTaskCommand({ cluster: 'private', taskDefinition: family }))).tasks![0].taskArn!;
  };

  it('pulls with the credentials of the secret', async () => {
    const arn = await runWith('good', secrets.good);
    await waitForStatus(berth.ecs(), 'private', arn, 'RUNNING');
    await berth.ecs().send(new ecs.StopTaskCommand({ cluster: 'private', task: arn }));
  });

  it('is refused by the registry with wrong credentials', async () => {
    const task = await waitForStatus(berth.ecs(), 'private', await runWith('wrong', secrets.wrong), 'STOPPED');
    assert.match(task.stoppedReason!, /^CannotPullContainerError: /);
    assert.ok(!task.stoppedReason!.includes('not-the-token'));
  });

  it('stops the task when the secret holds no username and password, without echoing it', async () => {
    const task = await waitForStatus(berth.ecs(), 'private', await runWith('shapeless', secrets.shapeless), 'STOPPED');
    assert.match(task.stoppedReason!, /^ResourceInitializationError: unable to pull secrets or registry auth: .*must be JSON with "username" and "password"/);
    assert.ok(!task.stoppedReason!.includes('plain-text-credential'));
  });
});
