/** The API over the memory store and the fake key vault: secrets, versions, deletion, listing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sweepDeletions } from '../domain/deletion.js';
import { KIND, VersionDoc } from '../domain/records.js';
import { storeSecretReader } from '../domain/reader.js';
import { SecretReadError } from '../domain/ports.js';
import { place, smApi, token } from './api-harness.js';

const DAY = 86_400_000;

describe('Secrets Manager: secrets and values', () => {
  it('creates, reads by name, full ARN and partial ARN, and answers AWS errors', async () => {
    const { call, failure, secret } = smApi();
    const arn = await secret('prod/db', 'hunter2', { Description: 'db', Tags: [{ Key: 'team', Value: 'a' }] });
    assert.match(arn, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-[A-Za-z0-9]{6}$/);
    for (const id of ['prod/db', arn, arn.slice(0, -7)]) assert.equal((await call('GetSecretValue', { SecretId: id })).SecretString, 'hunter2', id);
    const table: Array<[string, object, string]> = [
      ['GetSecretValue', { SecretId: 'nope' }, "ResourceNotFoundException: Secrets Manager can't find the specified secret."],
      ['GetSecretValue', { SecretId: `${arn.slice(0, -6)}zzzzzz` }, "ResourceNotFoundException: Secrets Manager can't find the specified secret."],
      ['GetSecretValue', { SecretId: 'Inv Name' }, 'ValidationException: Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!'],
      ['GetSecretValue', { SecretId: 'prod/db', VersionStage: 'AWSPREVIOUS' }, "ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS"],
      ['GetSecretValue', { SecretId: 'prod/db', VersionId: 'x'.repeat(32) }, `ResourceNotFoundException: Secrets Manager can't find the specified secret value for VersionId: ${'x'.repeat(32)}`],
      ['CreateSecret', { Name: 'prod/db', SecretString: 'x', ClientRequestToken: token() }, 'ResourceExistsException: The operation failed because the secret prod/db already exists.'],
      ['CreateSecret', { Name: 'a b', SecretString: 'x', ClientRequestToken: token() }, /^ValidationException: Invalid name/.source],
      ['CreateSecret', { Name: 'n', SecretString: 'x' }, 'InvalidRequestException: You must provide a ClientRequestToken value. We recommend a UUID-type value.'],
      ['CreateSecret', { Name: 'n', SecretString: 'x', SecretBinary: Buffer.from('y'), ClientRequestToken: token() }, /^InvalidParameterException: You can't specify both/.source],
      ['CreateSecret', { Name: 'n', SecretString: 'é'.repeat(40_000), ClientRequestToken: token() }, /^ValidationException: 1 validation error detected: Value at 'SecretString'/.source],
      ['PutSecretValue', { SecretId: 'prod/db', ClientRequestToken: token() }, 'InvalidRequestException: You must provide either SecretString or SecretBinary.'],
    ];
    for (const [op, input, expected] of table) assert.match(await failure(op as never, input), new RegExp(expected.startsWith('^') ? expected : `^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), `${op} ${JSON.stringify(input).slice(0, 80)}`);
    const described = await call('DescribeSecret', { SecretId: 'prod/db' });
    assert.equal(described.Description, 'db');
    assert.deepEqual(described.Tags, [{ Key: 'team', Value: 'a' }]);
    assert.equal('KmsKeyId' in described, false, 'the AWS managed key is not reported');
  });

  it('ClientRequestToken: the same token and value is the same call; another value is refused', async () => {
    const { call, failure } = smApi();
    const t = token();
    const first = await call('CreateSecret', { Name: 's', SecretString: 'a', ClientRequestToken: t });
    assert.deepEqual(await call('CreateSecret', { Name: 's', SecretString: 'a', ClientRequestToken: t }), first);
    assert.equal(await failure('CreateSecret', { Name: 's', SecretString: 'b', ClientRequestToken: t }), `ResourceExistsException: You can't use ClientRequestToken ${t} because that value is already in use for a version of secret ${first.ARN}.`);
    const t2 = token();
    const put = await call('PutSecretValue', { SecretId: 's', SecretString: 'b', ClientRequestToken: t2 });
    assert.deepEqual(await call('PutSecretValue', { SecretId: 's', SecretString: 'b', ClientRequestToken: t2 }), put);
    assert.match(await failure('PutSecretValue', { SecretId: 's', SecretString: 'c', ClientRequestToken: t2 }), /^ResourceExistsException: You can't use ClientRequestToken/);
    assert.equal((await call('ListSecretVersionIds', { SecretId: 's' })).Versions.length, 2);
  });

  it('versions: AWSCURRENT moves to each new value, AWSPREVIOUS follows, older ones are deprecated', async () => {
    const { call, clock } = smApi();
    const v1 = (await call('CreateSecret', { Name: 's', SecretString: 'one', ClientRequestToken: token() })).VersionId;
    clock.advance(1000);
    const v2 = (await call('PutSecretValue', { SecretId: 's', SecretBinary: Buffer.from([0, 1, 2]), ClientRequestToken: token() })).VersionId;
    clock.advance(1000);
    const v3 = (await call('UpdateSecret', { SecretId: 's', SecretString: 'three', ClientRequestToken: token() })).VersionId;
    clock.advance(1000);
    const pending = await call('PutSecretValue', { SecretId: 's', SecretString: 'four', ClientRequestToken: token(), VersionStages: ['AWSPENDING'] });
    assert.deepEqual(pending.VersionStages, ['AWSPENDING']);
    assert.deepEqual((await call('DescribeSecret', { SecretId: 's' })).VersionIdsToStages, { [v3]: ['AWSCURRENT'], [v2]: ['AWSPREVIOUS'], [pending.VersionId]: ['AWSPENDING'] });
    assert.deepEqual((await call('GetSecretValue', { SecretId: 's', VersionStage: 'AWSPREVIOUS' })).SecretBinary, Buffer.from([0, 1, 2]));
    assert.equal((await call('GetSecretValue', { SecretId: 's', VersionId: v1 })).SecretString, 'one');
    const listed = (await call('ListSecretVersionIds', { SecretId: 's' })).Versions.map((v) => v.VersionId);
    assert.deepEqual(listed, [v2, v3, pending.VersionId]);
    const all = (await call('ListSecretVersionIds', { SecretId: 's', IncludeDeprecated: true })).Versions;
    assert.deepEqual(all.map((v) => [v.VersionId, v.VersionStages, v.KmsKeyIds]), [[v1, undefined, ['DefaultEncryptionKey']], [v2, ['AWSPREVIOUS'], ['DefaultEncryptionKey']], [v3, ['AWSCURRENT'], ['DefaultEncryptionKey']], [pending.VersionId, ['AWSPENDING'], ['DefaultEncryptionKey']]]);
    const page = await call('ListSecretVersionIds', { SecretId: 's', IncludeDeprecated: true, MaxResults: 3 });
    assert.equal(page.Versions.length, 3);
    assert.deepEqual((await call('ListSecretVersionIds', { SecretId: 's', IncludeDeprecated: true, NextToken: page.NextToken })).Versions.map((v) => v.VersionId), [pending.VersionId]);
    // Revert: AWSCURRENT back to v2, AWSPREVIOUS to v3.
    await call('UpdateSecretVersionStage', { SecretId: 's', VersionStage: 'AWSCURRENT', MoveToVersionId: v2, RemoveFromVersionId: v3 });
    assert.deepEqual((await call('GetSecretValue', { SecretId: 's' })).VersionStages, ['AWSCURRENT']);
    assert.equal((await call('GetSecretValue', { SecretId: 's', VersionStage: 'AWSPREVIOUS' })).VersionId, v3);
    assert.equal((await call('GetSecretValue', { SecretId: 's', VersionId: v3, VersionStage: 'AWSPREVIOUS' })).SecretString, 'three');
  });

  it('values are stored only encrypted, bound to the secret ARN and version id', async () => {
    const { call, store, vault } = smApi();
    const made = await call('CreateSecret', { Name: 's', SecretString: 'plain-text-value', ClientRequestToken: token() });
    const stored = JSON.stringify(store.list(KIND.version).concat(store.list(KIND.secret)));
    assert.equal(stored.includes('plain-text-value'), false);
    assert.equal(stored.includes(Buffer.from('plain-text-value').toString('base64')), false);
    assert.deepEqual(vault.contexts.at(-1), { SecretARN: made.ARN, SecretVersionId: made.VersionId });
    // A disabled key: the value is there but cannot be read.
    vault.addKey('alias/mine');
    await call('CreateSecret', { Name: 'k', KmsKeyId: 'alias/mine', SecretString: 'x', ClientRequestToken: token() });
    assert.equal((await call('DescribeSecret', { SecretId: 'k' })).KmsKeyId, 'alias/mine');
    vault.disable('alias/mine');
    const smApiFailure = await smApiCall(call, 'GetSecretValue', { SecretId: 'k' });
    assert.equal(smApiFailure, "DecryptionFailure: Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
    assert.match(await smApiCall(call, 'CreateSecret', { Name: 'z', KmsKeyId: 'alias/none', SecretString: 'x', ClientRequestToken: token() }), /^EncryptionFailure: /);
  });

  it('a key change re-encrypts the labeled versions and keeps the old encryption', async () => {
    const { call, store, vault } = smApi();
    vault.addKey('alias/new');
    await call('CreateSecret', { Name: 's', SecretString: 'v', ClientRequestToken: token() });
    assert.deepEqual(await call('UpdateSecret', { SecretId: 's', KmsKeyId: 'alias/new' }), { ARN: (await call('DescribeSecret', { SecretId: 's' })).ARN, Name: 's' });
    const [version] = store.list<VersionDoc>(KIND.version);
    assert.deepEqual(version.doc.sealed.map((s) => s.reported), ['alias/new', 'DefaultEncryptionKey']);
    assert.equal((await call('GetSecretValue', { SecretId: 's' })).SecretString, 'v');
  });
});

async function smApiCall(call: ReturnType<typeof smApi>['call'], op: string, input: object): Promise<string> {
  try {
    await call(op as never, input);
    return 'ok';
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
}

describe('Secrets Manager: deletion, restore and the sweep', () => {
  it('a scheduled secret refuses reads and changes, answers Describe, restores, and the sweep removes it', async () => {
    const { call, failure, secret, store, clock } = smApi();
    await secret('s');
    const deleted = await call('DeleteSecret', { SecretId: 's', RecoveryWindowInDays: 7 });
    assert.equal(new Date(deleted.DeletionDate).getTime(), clock.now().getTime() + 7 * DAY);
    const marked = "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion.";
    for (const [op, input] of [['GetSecretValue', { SecretId: 's' }], ['PutSecretValue', { SecretId: 's', SecretString: 'x', ClientRequestToken: token() }], ['TagResource', { SecretId: 's', Tags: [] }], ['UpdateSecret', { SecretId: 's', Description: 'd' }]] as const) {
      assert.equal(await failure(op, input), marked, op);
    }
    assert.equal(await failure('CreateSecret', { Name: 's', SecretString: 'x', ClientRequestToken: token() }), "InvalidRequestException: You can't create this secret because a secret with this name is already scheduled for deletion.");
    assert.ok((await call('DescribeSecret', { SecretId: 's' })).DeletedDate);
    assert.deepEqual((await call('ListSecrets', {})).SecretList, []);
    assert.equal((await call('ListSecrets', { IncludePlannedDeletion: true })).SecretList.length, 1);
    await call('RestoreSecret', { SecretId: 's' });
    assert.equal((await call('GetSecretValue', { SecretId: 's' })).SecretString, 'v1');
    await call('DeleteSecret', { SecretId: 's', RecoveryWindowInDays: 7 });
    clock.advance(7 * DAY - 1);
    assert.equal(sweepDeletions(store, clock.now()), 0);
    clock.advance(1);
    assert.equal(sweepDeletions(store, clock.now()), 1);
    assert.equal(store.list(KIND.version).length, 0);
    assert.match(await failure('DescribeSecret', { SecretId: 's' }), /^ResourceNotFoundException/);
    await secret('s');
    await call('DeleteSecret', { SecretId: 's' });
    assert.equal((await call('DeleteSecret', { SecretId: 's', ForceDeleteWithoutRecovery: true })).Name, 's');
    assert.equal(store.list(KIND.secret).length, 0);
  });
});

describe('Secrets Manager: listing, tags, policies, rotation', () => {
  it('ListSecrets filters, sorts and pages', async () => {
    const { call, secret, clock } = smApi();
    for (const name of ['alpha', 'beta', 'gamma', 'MyTestSecret']) {
      await secret(name, 'x', { Tags: [{ Key: 'n', Value: name }] });
      clock.advance(1000);
    }
    const names = async (input: object) => (await call('ListSecrets', input)).SecretList.map((s) => s.Name);
    assert.deepEqual(await names({}), ['MyTestSecret', 'gamma', 'beta', 'alpha']);
    assert.deepEqual(await names({ SortOrder: 'asc' }), ['alpha', 'beta', 'gamma', 'MyTestSecret']);
    assert.deepEqual(await names({ SortBy: 'name', SortOrder: 'asc' }), ['MyTestSecret', 'alpha', 'beta', 'gamma']);
    assert.deepEqual(await names({ Filters: [{ Key: 'name', Values: ['Test'] }] }), ['MyTestSecret']);
    assert.deepEqual(await names({ Filters: [{ Key: 'tag-value', Values: ['!alpha'] }], SortOrder: 'asc' }), ['beta', 'gamma', 'MyTestSecret']);
    const first = await call('ListSecrets', { MaxResults: 3 });
    assert.equal(first.SecretList.length, 3);
    assert.deepEqual((await call('ListSecrets', { MaxResults: 3, NextToken: first.NextToken })).SecretList.map((s) => s.Name), ['alpha']);
    assert.match(await smApiCall(call, 'ListSecrets', { NextToken: 'bogus' }), /^InvalidNextTokenException/);
  });

  it('tags, resource policies and rotation configuration', async () => {
    const { call, failure, secret } = smApi();
    await secret('s');
    await call('TagResource', { SecretId: 's', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
    await call('UntagResource', { SecretId: 's', TagKeys: ['a'] });
    assert.deepEqual((await call('DescribeSecret', { SecretId: 's' })).Tags, [{ Key: 'b', Value: '2' }]);
    assert.match(await failure('TagResource', { SecretId: 's', Tags: [{ Key: 'aws:x', Value: '1' }] }), /^InvalidParameterException/);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    await call('PutResourcePolicy', { SecretId: 's', ResourcePolicy: policy, BlockPublicPolicy: true });
    assert.equal((await call('GetResourcePolicy', { SecretId: 's' })).ResourcePolicy, policy);
    assert.match(await failure('PutResourcePolicy', { SecretId: 's', ResourcePolicy: open, BlockPublicPolicy: true }), /^PublicPolicyException/);
    assert.match(await failure('PutResourcePolicy', { SecretId: 's', ResourcePolicy: '{"Statement":[{"Effect":"Allow"}]}' }), /^MalformedPolicyDocumentException: /);
    assert.deepEqual(await call('ValidateResourcePolicy', { ResourcePolicy: policy }), { PolicyValidationPassed: true, ValidationErrors: [] });
    assert.equal((await call('ValidateResourcePolicy', { ResourcePolicy: open })).PolicyValidationPassed, false);
    await call('DeleteResourcePolicy', { SecretId: 's' });
    assert.equal('ResourcePolicy' in (await call('GetResourcePolicy', { SecretId: 's' })), false);
    assert.equal(await failure('RotateSecret', { SecretId: 's', ClientRequestToken: token() }), 'InvalidRequestException: No Lambda rotation function ARN is associated with this secret.');
    const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:rotate';
    const t = token();
    assert.equal((await call('RotateSecret', { SecretId: 's', ClientRequestToken: t, RotationLambdaARN: lambda, RotationRules: { ScheduleExpression: 'rate(10 days)' } })).VersionId, t);
    const described = await call('DescribeSecret', { SecretId: 's' });
    assert.deepEqual([described.RotationEnabled, described.RotationLambdaARN, described.RotationRules], [true, lambda, { ScheduleExpression: 'rate(10 days)' }]);
    assert.equal(Date.parse(String(described.NextRotationDate)) - Date.parse('2026-01-01T00:00:00Z'), 10 * DAY);
    assert.match(await failure('RotateSecret', { SecretId: 's', ClientRequestToken: token(), RotationRules: { ScheduleExpression: 'every day' } }), /^InvalidParameterException/);
    await call('CancelRotateSecret', { SecretId: 's' });
    assert.equal((await call('DescribeSecret', { SecretId: 's' })).RotationEnabled, false);
    assert.equal((await call('GetRandomPassword', { PasswordLength: 20 })).RandomPassword.length, 20);
  });

  it('BatchGetSecretValue: by ids with errors, by filters with pages, each secret authorized', async () => {
    const denied = new Set<string>();
    const { call, failure, secret } = smApi({ mayRead: (_ctx, arn) => (denied.has(arn) ? `not allowed on ${arn}` : undefined) });
    const arns = [await secret('app/a', 'A'), await secret('app/b', 'B'), await secret('other', 'O')];
    denied.add(arns[2]);
    const byIds = await call('BatchGetSecretValue', { SecretIdList: ['app/a', arns[1], 'missing', 'other'] });
    assert.deepEqual(byIds.SecretValues.map((v) => v.SecretString), ['A', 'B']);
    assert.deepEqual(byIds.Errors.map((e) => [e.SecretId, e.ErrorCode]), [['missing', 'ResourceNotFoundException'], ['other', 'AccessDeniedException']]);
    const page = await call('BatchGetSecretValue', { Filters: [{ Key: 'name', Values: ['app'] }], MaxResults: 1 });
    assert.deepEqual(page.SecretValues.map((v) => v.Name), ['app/a']);
    const rest = await call('BatchGetSecretValue', { Filters: [{ Key: 'name', Values: ['app'] }], MaxResults: 1, NextToken: page.NextToken });
    assert.deepEqual(rest.SecretValues.map((v) => v.Name), ['app/b']);
    assert.match(await failure('BatchGetSecretValue', { SecretIdList: ['a'], Filters: [] }), /^InvalidParameterException: Either 'SecretIdList' or 'Filters'/);
    assert.match(await failure('BatchGetSecretValue', { SecretIdList: ['a'], MaxResults: 2 }), /^InvalidParameterException: 'Filters' not specified/);
  });
});

describe('the secretReader port', () => {
  it('reads as GetSecretValue does and fails with its errors, never a value', async () => {
    const { call, store, vault, clock, secret } = smApi();
    const arn = await secret('db', 's3cret');
    const previous = (await call('PutSecretValue', { SecretId: 'db', SecretString: 'next', ClientRequestToken: token() })).VersionId;
    const reader = storeSecretReader(store, vault, clock);
    assert.deepEqual(reader.getSecretValue(place, arn.slice(0, -7)), { string: 'next', arn, versionId: previous });
    assert.equal(reader.getSecretValue(place, 'db', { versionStage: 'AWSPREVIOUS' }).string, 's3cret');
    const fails = (id: string, sel = {}) => {
      try {
        reader.getSecretValue(place, id, sel);
      } catch (e) {
        assert.ok(e instanceof SecretReadError);
        return `${e.code}: ${e.message}`;
      }
      return 'ok';
    };
    assert.equal(fails('nope'), "ResourceNotFoundException: Secrets Manager can't find the specified secret.");
    assert.equal(fails('db', { versionStage: 'AWSPENDING' }), "ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSPENDING");
    assert.ok((await call('DescribeSecret', { SecretId: 'db' })).LastAccessedDate);
  });
});
