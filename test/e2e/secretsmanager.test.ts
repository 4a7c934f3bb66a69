/**
 * Secrets Manager against a running Berth with the official SDK and the aws CLI: values
 * and versions, staging labels, AWS's errors on the wire, listing, deletion and restore,
 * resource policies and IAM (BatchGetSecretValue checks GetSecretValue per secret), and
 * state kept across a restart, values still decrypting.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as iam from '@aws-sdk/client-iam';
import * as sm from '@aws-sdk/client-secrets-manager';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const run = promisify(execFile);
const ACCOUNT = '123456789012';

interface WireError { name: string; message: string; $metadata: { httpStatusCode?: number } }

describe('Secrets Manager through the SDK and the aws CLI', () => {
  let berth: RunningBerth;
  let client: sm.SecretsManagerClient;
  const connect = (credentials = TEST_CREDENTIALS) => new sm.SecretsManagerClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const fails = async (send: () => Promise<unknown>): Promise<string> => {
    const err = (await send().then(() => undefined, (e: WireError) => e)) as WireError | undefined;
    assert.ok(err, 'expected the call to fail');
    return `${err.name}(${err.$metadata.httpStatusCode}): ${err.message}`;
  };
  const aws = async (...args: string[]) => {
    const { stdout } = await run('aws', ['--endpoint-url', berth.endpoint, '--output', 'json', 'secretsmanager', ...args], { env: berth.cliEnv() });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT] });
    client = connect();
  });
  after(async () => berth?.destroy());

  it('values and versions: AWSCURRENT and AWSPREVIOUS, binary values, partial ARNs, idempotent tokens', async () => {
    const created = await client.send(new sm.CreateSecretCommand({ Name: 'prod/db', SecretString: '{"password":"first"}', Description: 'db', Tags: [{ Key: 'team', Value: 'blue' }] }));
    assert.match(created.ARN ?? '', new RegExp(`^arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-[A-Za-z0-9]{6}$`));
    const put = await client.send(new sm.PutSecretValueCommand({ SecretId: 'prod/db', SecretString: '{"password":"second"}' }));
    assert.deepEqual(put.VersionStages, ['AWSCURRENT']);
    const current = await client.send(new sm.GetSecretValueCommand({ SecretId: created.ARN!.slice(0, -7) }));
    assert.equal(current.SecretString, '{"password":"second"}');
    const previous = await client.send(new sm.GetSecretValueCommand({ SecretId: created.ARN, VersionStage: 'AWSPREVIOUS' }));
    assert.equal(previous.VersionId, created.VersionId);
    const token = '11111111-2222-4333-8444-555555555555';
    const binary = await client.send(new sm.PutSecretValueCommand({ SecretId: 'prod/db', SecretBinary: new Uint8Array([0, 255, 7]), ClientRequestToken: token }));
    assert.deepEqual((await client.send(new sm.PutSecretValueCommand({ SecretId: 'prod/db', SecretBinary: new Uint8Array([0, 255, 7]), ClientRequestToken: token }))).VersionId, binary.VersionId);
    assert.match(await fails(() => client.send(new sm.PutSecretValueCommand({ SecretId: 'prod/db', SecretString: 'other', ClientRequestToken: token }))), /^ResourceExistsException\(400\): You can't use ClientRequestToken/);
    assert.deepEqual([...(await client.send(new sm.GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretBinary!], [0, 255, 7]);
    const versions = await client.send(new sm.ListSecretVersionIdsCommand({ SecretId: 'prod/db', IncludeDeprecated: true }));
    assert.deepEqual(versions.Versions?.map((v) => v.VersionStages ?? []), [[], ['AWSPREVIOUS'], ['AWSCURRENT']]);
    // Revert to the previous value by moving AWSCURRENT.
    await client.send(new sm.UpdateSecretVersionStageCommand({ SecretId: 'prod/db', VersionStage: 'AWSCURRENT', MoveToVersionId: put.VersionId, RemoveFromVersionId: binary.VersionId }));
    assert.equal((await client.send(new sm.GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString, '{"password":"second"}');
  });

  it("AWS's errors on the wire", async () => {
    const table: Array<[() => Promise<unknown>, string]> = [
      [() => client.send(new sm.GetSecretValueCommand({ SecretId: 'missing' })), "ResourceNotFoundException(400): Secrets Manager can't find the specified secret."],
      [() => client.send(new sm.GetSecretValueCommand({ SecretId: 'bad name' })), 'ValidationException(400): Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!'],
      [() => client.send(new sm.CreateSecretCommand({ Name: 'prod/db', SecretString: 'x' })), 'ResourceExistsException(400): The operation failed because the secret prod/db already exists.'],
      [() => client.send(new sm.GetSecretValueCommand({ SecretId: 'prod/db', VersionStage: 'AWSPENDING' })), "ResourceNotFoundException(400): Secrets Manager can't find the specified secret value for staging label: AWSPENDING"],
      [() => client.send(new sm.DeleteSecretCommand({ SecretId: 'prod/db', RecoveryWindowInDays: 3 })), 'InvalidParameterException(400): The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).'],
      [() => client.send(new sm.GetRandomPasswordCommand({ PasswordLength: 2 })), 'InvalidParameterException(400): Password length is too short based on the required types.'],
    ];
    for (const [send, expected] of table) assert.equal(await fails(send), expected);
  });

  it('the aws CLI: create, describe, list with filters, random passwords, tags, delete and restore', async () => {
    await aws('create-secret', '--name', 'MyTestSecret', '--secret-string', 's3cret', '--description', 'cli');
    await aws('tag-resource', '--secret-id', 'MyTestSecret', '--tags', 'Key=env,Value=dev');
    const described = await aws('describe-secret', '--secret-id', 'MyTestSecret');
    assert.deepEqual([described.Description, described.Tags], ['cli', [{ Key: 'env', Value: 'dev' }]]);
    assert.deepEqual((await aws('list-secrets', '--filter', 'Key=name,Values=Test')).SecretList.map((s: { Name: string }) => s.Name), ['MyTestSecret']);
    assert.equal((await aws('get-random-password', '--password-length', '24', '--exclude-punctuation')).RandomPassword.length, 24);
    const deleted = await aws('delete-secret', '--secret-id', 'MyTestSecret', '--recovery-window-in-days', '7');
    assert.ok(deleted.DeletionDate);
    assert.match(await fails(() => client.send(new sm.GetSecretValueCommand({ SecretId: 'MyTestSecret' }))), /^InvalidRequestException\(400\): You can't perform this operation on the secret because it was marked for deletion\.$/);
    assert.deepEqual((await aws('list-secrets')).SecretList.map((s: { Name: string }) => s.Name), ['prod/db']);
    await aws('restore-secret', '--secret-id', 'MyTestSecret');
    assert.equal((await aws('get-secret-value', '--secret-id', 'MyTestSecret')).SecretString, 's3cret');
    await aws('delete-secret', '--secret-id', 'MyTestSecret', '--force-delete-without-recovery');
    assert.match(await fails(() => client.send(new sm.DescribeSecretCommand({ SecretId: 'MyTestSecret' }))), /^ResourceNotFoundException/);
  });

  it('IAM: policies on secret ARNs, a resource policy deny, BatchGetSecretValue per secret', async () => {
    await client.send(new sm.CreateSecretCommand({ Name: 'app/a', SecretString: 'A' }));
    await client.send(new sm.CreateSecretCommand({ Name: 'app/b', SecretString: 'B' }));
    const admin = new iam.IAMClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await admin.send(new iam.CreateUserCommand({ UserName: 'reader' }));
    const policy = { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: 'secretsmanager:BatchGetSecretValue', Resource: '*' },
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/a-??????` },
    ] };
    await admin.send(new iam.PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    const key = (await admin.send(new iam.CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const reader = connect({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    assert.equal((await reader.send(new sm.GetSecretValueCommand({ SecretId: 'app/a' }))).SecretString, 'A');
    assert.match(await fails(() => reader.send(new sm.GetSecretValueCommand({ SecretId: 'app/b' }))), /^AccessDeniedException\(400\): User: arn:aws:iam::123456789012:user\/reader is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/b-/);
    const batch = await reader.send(new sm.BatchGetSecretValueCommand({ SecretIdList: ['app/a', 'app/b'] }));
    assert.deepEqual(batch.SecretValues?.map((v) => v.SecretString), ['A']);
    assert.deepEqual(batch.Errors?.map((e) => [e.SecretId, e.ErrorCode]), [['app/b', 'AccessDeniedException']]);
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
    await client.send(new sm.PutResourcePolicyCommand({ SecretId: 'app/a', ResourcePolicy: JSON.stringify(deny) }));
    assert.match(await fails(() => reader.send(new sm.GetSecretValueCommand({ SecretId: 'app/a' }))), /^AccessDeniedException\(400\).*explicit deny in a resource-based policy/);
    // The resource policy's deny binds the root too.
    assert.match(await fails(() => client.send(new sm.GetSecretValueCommand({ SecretId: 'app/a' }))), /^AccessDeniedException/);
    await client.send(new sm.DeleteResourcePolicyCommand({ SecretId: 'app/a' }));
  });

  it('state survives a restart, values stored only encrypted', async () => {
    await berth.stop();
    const db = readFileSync(join(berth.dataDir, 'state.db'));
    assert.equal(db.includes(Buffer.from('{"password":"second"}')), false, 'a value in the clear in state.db');
    berth = await startBerthProcess({ dataDir: berth.dataDir, args: ['--account-id', ACCOUNT] });
    client = connect();
    assert.equal((await client.send(new sm.GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString, '{"password":"second"}');
    const described = await client.send(new sm.DescribeSecretCommand({ SecretId: 'prod/db' }));
    assert.deepEqual([described.Description, described.Tags], ['db', [{ Key: 'team', Value: 'blue' }]]);
    assert.equal(Object.keys(described.VersionIdsToStages ?? {}).length, 2);
  });
});
