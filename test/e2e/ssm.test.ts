/**
 * Parameter Store against a running Berth with the official SDK and the aws CLI: versions,
 * hierarchies and paging, selectors and labels, tags and filters, SecureString through KMS
 * (AWS managed and customer keys, a disabled key), AWS's errors on the wire, a hostile
 * AllowedPattern, no secret in the logs, and everything kept across a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as ssm from '@aws-sdk/client-ssm';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const run = promisify(execFile);
const ACCOUNT = '123456789012';
const SECRET = 'correct-horse-battery-staple';

interface WireError { name: string; message: string; $metadata: { httpStatusCode?: number } }

describe('SSM Parameter Store through the SDK and the aws CLI', () => {
  let berth: RunningBerth;
  let client: ssm.SSMClient;
  const connect = () => (client = new ssm.SSMClient({ endpoint: berth.endpoint, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }));
  const fails = async (send: () => Promise<unknown>): Promise<string> => {
    const err = (await send().then(() => undefined, (e: WireError) => e)) as WireError | undefined;
    assert.ok(err, 'expected the call to fail');
    return `${err.name}(${err.$metadata.httpStatusCode}): ${err.message}`;
  };
  const aws = async (service: string, ...args: string[]) => {
    const { stdout } = await run('aws', ['--endpoint-url', berth.endpoint, '--region', 'eu-west-1', '--output', 'json', service, ...args], { env: berth.cliEnv() });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT] });
    connect();
  });
  after(async () => berth?.destroy());

  it('versions: create, overwrite, AWS\'s errors on the wire', async () => {
    assert.deepEqual(await client.send(new ssm.PutParameterCommand({ Name: '/app/config/mode', Value: 'blue', Type: 'String' })).then((o) => [o.Version, o.Tier]), [1, 'Standard']);
    assert.equal(
      await fails(() => client.send(new ssm.PutParameterCommand({ Name: '/app/config/mode', Value: 'green', Type: 'String' }))),
      'ParameterAlreadyExists(400): The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
    assert.equal((await client.send(new ssm.PutParameterCommand({ Name: '/app/config/mode', Value: 'green', Overwrite: true }))).Version, 2);
    const { Parameter } = await client.send(new ssm.GetParameterCommand({ Name: '/app/config/mode' }));
    assert.deepEqual([Parameter?.Value, Parameter?.Version, Parameter?.ARN, Parameter?.DataType], ['green', 2, `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/config/mode`, 'text']);
    assert.ok(Parameter?.LastModifiedDate instanceof Date);
    assert.equal(await fails(() => client.send(new ssm.GetParameterCommand({ Name: '/app/missing' }))), 'ParameterNotFound(400): UnknownError');
    assert.match(await fails(() => client.send(new ssm.PutParameterCommand({ Name: 'x'.repeat(2049), Value: 'v', Type: 'String' }))), /^ValidationException\(400\): 1 validation error detected: .*Member must have length less than or equal to 2048/);
    assert.match(await fails(() => client.send(new ssm.PutParameterCommand({ Name: `/${Array.from({ length: 16 }, (_v, i) => `l${i}`).join('/')}`, Value: 'v', Type: 'String' }))), /^HierarchyLevelLimitExceededException\(400\)/);
    assert.match(await fails(() => client.send(new ssm.PutParameterCommand({ Name: '/ssm/x', Value: 'v', Type: 'String' }))), /^ValidationException\(400\): Parameter name: can't be prefixed with "ssm"/);
  });

  it('SecureString: stored encrypted under alias/aws/ssm, answered decrypted only WithDecryption', async () => {
    await client.send(new ssm.PutParameterCommand({ Name: '/app/db/password', Value: SECRET, Type: 'SecureString', Description: 'db' }));
    const hidden = (await client.send(new ssm.GetParameterCommand({ Name: '/app/db/password' }))).Parameter?.Value;
    assert.ok(hidden && hidden !== SECRET && !hidden.includes(SECRET));
    assert.equal((await client.send(new ssm.GetParameterCommand({ Name: '/app/db/password', WithDecryption: true }))).Parameter?.Value, SECRET);
    const described = await client.send(new ssm.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: ['/app/db/password'] }] }));
    assert.deepEqual(described.Parameters?.map((p) => [p.Type, p.KeyId, p.Description, p.LastModifiedUser]), [['SecureString', 'alias/aws/ssm', 'db', `arn:aws:iam::${ACCOUNT}:root`]]);
    assert.ok(!berth.output().includes(SECRET), 'the value never reaches the log');
  });

  it('SecureString under a customer key; a disabled key is InvalidKeyId; an unknown one too', async () => {
    const key = (await aws('kms', 'create-key', '--description', 'ssm test')).KeyMetadata.KeyId;
    await aws('kms', 'create-alias', '--alias-name', 'alias/app-params', '--target-key-id', key);
    await client.send(new ssm.PutParameterCommand({ Name: '/app/api-key', Value: 'k-123', Type: 'SecureString', KeyId: 'alias/app-params' }));
    assert.equal((await client.send(new ssm.GetParameterCommand({ Name: '/app/api-key', WithDecryption: true }))).Parameter?.Value, 'k-123');
    await aws('kms', 'disable-key', '--key-id', key);
    assert.match(await fails(() => client.send(new ssm.GetParameterCommand({ Name: '/app/api-key', WithDecryption: true }))), /^InvalidKeyId\(400\): .*\(Service: AWSKMS; Status Code: 400; Error Code: DisabledException;/);
    assert.ok((await client.send(new ssm.GetParameterCommand({ Name: '/app/api-key' }))).Parameter?.Value, 'the ciphertext needs no key');
    await aws('kms', 'enable-key', '--key-id', key);
    assert.match(await fails(() => client.send(new ssm.PutParameterCommand({ Name: '/app/other', Value: 'v', Type: 'SecureString', KeyId: 'alias/nope' }))), /^InvalidKeyId\(400\): .*Error Code: NotFoundException/);
  });

  it('hierarchies: by path, one level or recursive, paged by the SDK paginator', async () => {
    for (let i = 0; i < 23; i++) await client.send(new ssm.PutParameterCommand({ Name: `/fleet/node-${i}/ip`, Value: `10.0.0.${i}`, Type: 'String' }));
    await client.send(new ssm.PutParameterCommand({ Name: '/fleet/size', Value: '23', Type: 'String' }));
    const names: string[] = [];
    for await (const page of ssm.paginateGetParametersByPath({ client, pageSize: 10 }, { Path: '/fleet', Recursive: true })) names.push(...(page.Parameters ?? []).map((p) => p.Name!));
    assert.equal(names.length, 24);
    const oneLevel = await client.send(new ssm.GetParametersByPathCommand({ Path: '/fleet/' }));
    assert.deepEqual(oneLevel.Parameters?.map((p) => p.Name), ['/fleet/size']);
  });

  it('labels and selectors; GetParameters lists what names nothing', async () => {
    await client.send(new ssm.PutParameterCommand({ Name: 'release', Value: 'v1', Type: 'String' }));
    await client.send(new ssm.PutParameterCommand({ Name: 'release', Value: 'v2', Type: 'String', Overwrite: true }));
    assert.deepEqual(await client.send(new ssm.LabelParameterVersionCommand({ Name: 'release', ParameterVersion: 1, Labels: ['stable', 'awsbad'] })).then((o) => [o.InvalidLabels, o.ParameterVersion]), [['awsbad'], 1]);
    const got = await client.send(new ssm.GetParametersCommand({ Names: ['release:stable', 'release:2', 'release:9', 'absent'] }));
    assert.deepEqual(got.Parameters?.map((p) => [p.Value, p.Selector]), [['v1', ':stable'], ['v2', ':2']]);
    assert.deepEqual(got.InvalidParameters, ['release:9', 'absent']);
    const history = await client.send(new ssm.GetParameterHistoryCommand({ Name: 'release' }));
    assert.deepEqual(history.Parameters?.map((p) => [p.Version, p.Labels]), [[1, ['stable']], [2, []]]);
  });

  it('a catastrophic AllowedPattern is refused without stalling the server', async () => {
    const started = Date.now();
    const slow = fails(() => client.send(new ssm.PutParameterCommand({ Name: '/hostile', Value: `${'a'.repeat(40)}!`, Type: 'String', AllowedPattern: '(?=(a|aa)*$)a*b' })));
    const other = await client.send(new ssm.GetParameterCommand({ Name: '/app/config/mode' }));
    assert.equal(other.Parameter?.Value, 'green');
    assert.ok(Date.now() - started < 400, 'another request was answered meanwhile');
    assert.match(await slow, /^InvalidAllowedPatternException\(400\): Berth could not evaluate the allowed pattern/);
    assert.equal(await fails(() => client.send(new ssm.PutParameterCommand({ Name: '/pin', Value: '12345', Type: 'String', AllowedPattern: '\\d{1,4}' }))), 'ParameterPatternMismatchException(400): Parameter value, cannot be validated against allowedPattern: \\d{1,4}');
  });

  it('the aws CLI: put, get with decryption, tags, filters, recursive listing, deletion', async () => {
    assert.deepEqual(await aws('ssm', 'put-parameter', '--name', '/cli/token', '--value', 's3cr3t', '--type', 'SecureString', '--tags', 'Key=team,Value=blue'), { Version: 1, Tier: 'Standard' });
    await aws('ssm', 'put-parameter', '--name', '/cli/list', '--value', 'a,b,c', '--type', 'StringList');
    assert.equal((await aws('ssm', 'get-parameter', '--name', '/cli/token', '--with-decryption')).Parameter.Value, 's3cr3t');
    await aws('ssm', 'add-tags-to-resource', '--resource-type', 'Parameter', '--resource-id', '/cli/list', '--tags', 'Key=team,Value=green');
    const tagged = await aws('ssm', 'describe-parameters', '--parameter-filters', 'Key=tag:team,Values=blue');
    assert.deepEqual(tagged.Parameters.map((p: { Name: string }) => p.Name), ['/cli/token']);
    const listed = await aws('ssm', 'get-parameters-by-path', '--path', '/cli', '--recursive', '--with-decryption');
    assert.deepEqual(listed.Parameters.map((p: { Name: string; Value: string }) => `${p.Name}=${p.Value}`).sort(), ['/cli/list=a,b,c', '/cli/token=s3cr3t']);
    assert.deepEqual((await aws('ssm', 'list-tags-for-resource', '--resource-type', 'Parameter', '--resource-id', '/cli/list')).TagList, [{ Key: 'team', Value: 'green' }]);
    assert.deepEqual(await aws('ssm', 'delete-parameters', '--names', '/cli/list', '/cli/none'), { DeletedParameters: ['/cli/list'], InvalidParameters: ['/cli/none'] });
    await assert.rejects(aws('ssm', 'delete-parameter', '--name', '/cli/list'), /ParameterNotFound/);
  });

  it('IAM authorizes each parameter by its ARN (a path by the path\'s); LastModifiedUser names the writer', async () => {
    const arn = (name: string) => `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/${name}`;
    const policy = { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParametersByPath'], Resource: arn('app/*') },
      { Effect: 'Allow', Action: 'ssm:PutParameter', Resource: arn('app/team/*') },
      { Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' },
    ] };
    await aws('iam', 'create-user', '--user-name', 'reader');
    await aws('iam', 'put-user-policy', '--user-name', 'reader', '--policy-name', 'app-params', '--policy-document', JSON.stringify(policy));
    const { AccessKeyId, SecretAccessKey } = (await aws('iam', 'create-access-key', '--user-name', 'reader')).AccessKey;
    const reader = new ssm.SSMClient({ endpoint: berth.endpoint, region: 'eu-west-1', credentials: { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey }, maxAttempts: 1 });
    assert.equal((await reader.send(new ssm.GetParameterCommand({ Name: '/app/config/mode' }))).Parameter?.Value, 'green');
    assert.ok((await reader.send(new ssm.GetParametersByPathCommand({ Path: '/app/config' }))).Parameters?.length);
    assert.match(await fails(() => reader.send(new ssm.GetParameterCommand({ Name: 'release' }))), new RegExp(`^AccessDeniedException\\(400\\): .*ssm:GetParameter on resource: ${arn('release')}`));
    assert.match(await fails(() => reader.send(new ssm.PutParameterCommand({ Name: '/app/x', Value: 'v', Type: 'String' }))), /^AccessDeniedException\(400\): .*ssm:PutParameter/);
    await reader.send(new ssm.PutParameterCommand({ Name: '/app/team/owner', Value: 'reader', Type: 'String' }));
    const written = await reader.send(new ssm.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: ['/app/team/owner'] }] }));
    assert.equal(written.Parameters?.[0].LastModifiedUser, `arn:aws:iam::${ACCOUNT}:user/reader`);
  });

  it('operations of SSM Berth does not serve yet answer 501 naming themselves', async () => {
    const err = (await client.send(new ssm.ListDocumentsCommand({})).catch((e) => e)) as WireError;
    assert.equal(err.$metadata.httpStatusCode, 501);
    assert.match(err.message, /Berth does not implement SSM operation ListDocuments yet/);
  });

  it('everything survives a restart: versions, labels, tags and decryptable SecureStrings', async () => {
    await berth.stop();
    berth = await startBerthProcess({ dataDir: berth.dataDir, args: ['--account-id', ACCOUNT] });
    connect();
    assert.equal((await client.send(new ssm.GetParameterCommand({ Name: '/app/db/password', WithDecryption: true }))).Parameter?.Value, SECRET);
    assert.equal((await client.send(new ssm.GetParameterCommand({ Name: 'release:stable' }))).Parameter?.Value, 'v1');
    assert.deepEqual((await client.send(new ssm.ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/cli/token' }))).TagList, [{ Key: 'team', Value: 'blue' }]);
    assert.equal((await client.send(new ssm.PutParameterCommand({ Name: '/app/config/mode', Value: 'red', Overwrite: true }))).Version, 3);
    assert.ok(!berth.output().includes(SECRET));
  });
});
