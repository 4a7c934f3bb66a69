import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KIND, parameterId, ParameterDoc, VersionDoc, versionId } from '../domain/records.js';
import { ACCOUNT, SCOPE, ssmApi } from './api-harness.js';

describe('PutParameter', () => {
  it('creates version 1, then adds versions with Overwrite; without it the parameter already exists', async () => {
    const { call, put, failure } = ssmApi();
    assert.deepEqual(await put('/app/url', 'https://a'), { Version: 1, Tier: 'Standard' });
    assert.equal(await failure('PutParameter', { Name: '/app/url', Value: 'x', Type: 'String' }), 'ParameterAlreadyExists: The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    assert.deepEqual(await put('/app/url', 'https://b', { Overwrite: true }), { Version: 2, Tier: 'Standard' });
    const { Parameter } = await call('GetParameter', { Name: '/app/url' });
    assert.deepEqual([Parameter.Value, Parameter.Version, Parameter.ARN, Parameter.DataType], ['https://b', 2, `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/url`, 'text']);
  });

  it('a name is one parameter with or without its leading slash, and keeps the form it was created with', async () => {
    const { call, put, failure } = ssmApi();
    await put('plain', 'v');
    assert.match(await failure('PutParameter', { Name: '/plain', Value: 'w', Type: 'String' }), /^ParameterAlreadyExists/);
    await put('/plain', 'w', { Overwrite: true });
    assert.deepEqual([(await call('GetParameter', { Name: '/plain' })).Parameter.Name, (await call('GetParameter', { Name: 'plain' })).Parameter.Value], ['plain', 'w']);
  });

  it('refuses what AWS refuses, before writing anything', async () => {
    const { failure, put, store } = ssmApi();
    await put('/exists', 'v');
    const table: Array<[object, RegExp]> = [
      [{ Name: '/x', Value: 'v' }, /^ValidationException: A parameter type is required when you create a parameter\.$/],
      [{ Name: '/x', Value: 'v', Type: 'String', KeyId: 'alias/k' }, /^ValidationException: KeyId is required for SecureString type parameter only\.$/],
      [{ Name: '/x', Value: '', Type: 'String' }, /^ValidationException: 1 validation error detected: Value '' at 'value'/],
      [{ Name: '/exists', Value: 'v', Type: 'String', Overwrite: true, Tags: [{ Key: 'a', Value: 'b' }] }, /^ValidationException: Invalid request: tags and overwrite can't be used together/],
      [{ Name: '/x', Value: 'v', Type: 'String', Tags: Array.from({ length: 51 }, (_v, i) => ({ Key: `k${i}`, Value: '' })) }, /^TooManyTagsError/],
      [{ Name: '/x', Value: 'v', Type: 'String', Tags: [{ Key: 'aws:x', Value: '' }] }, /^ValidationException: Tag keys beginning with "aws:"/],
      [{ Name: 'ssm-param', Value: 'v', Type: 'String' }, /^ValidationException: Parameter name: can't be prefixed/],
      [{ Name: '/x', Value: 'x'.repeat(4097), Type: 'String' }, /^ValidationException: Standard tier parameters support a maximum parameter value of 4096 characters/],
      [{ Name: '/x', Value: 'x'.repeat(8193), Type: 'String', Tier: 'Advanced' }, /^ValidationException: 1 validation error detected: Value at 'value'.*8192$/],
      [{ Name: '/x', Value: 'abc', Type: 'String', AllowedPattern: '^\\d+$' }, /^ParameterPatternMismatchException: Parameter value, cannot be validated against allowedPattern: \^\\d\+\$$/],
      [{ Name: '/x', Value: 'abc', Type: 'String', AllowedPattern: '(' }, /^InvalidAllowedPatternException: The allowed pattern \( is not a valid regular expression/],
      [{ Name: '/x', Value: 'v', Type: 'String', DataType: 'integer' }, /^ValidationException: The following data type is not supported: integer/],
    ];
    for (const [input, expected] of table) assert.match(await failure('PutParameter', input), expected, JSON.stringify(input).slice(0, 80));
    assert.equal(store.count(KIND.parameter), 1, 'nothing was written');
  });

  it('carries over what an overwrite leaves out; a tier never goes back to Standard', async () => {
    const { call, put, failure } = ssmApi();
    await put('/p', '12', { Description: 'a number', AllowedPattern: '\\d+', Tier: 'Advanced' });
    assert.deepEqual(await call('PutParameter', { Name: '/p', Value: '13', Overwrite: true }), { Version: 2, Tier: 'Advanced' });
    assert.match(await failure('PutParameter', { Name: '/p', Value: 'x', Overwrite: true }), /^ParameterPatternMismatchException/);
    assert.match(await failure('PutParameter', { Name: '/p', Value: '1', Overwrite: true, Tier: 'Standard' }), /You can't downgrade a parameter from the advanced-parameter tier/);
    const [meta] = (await call('DescribeParameters', {})).Parameters;
    assert.deepEqual([meta.Type, meta.Description, meta.AllowedPattern, meta.Tier, meta.Version], ['String', 'a number', '\\d+', 'Advanced', 2]);
    assert.deepEqual(await put('/p', 'text', { Overwrite: true, AllowedPattern: '' }), { Version: 3, Tier: 'Advanced' }, 'an empty pattern removes it');
  });

  it('Intelligent-Tiering stores Advanced only for what needs it', async () => {
    const { put } = ssmApi();
    assert.equal((await put('/small', 'v', { Tier: 'Intelligent-Tiering' })).Tier, 'Standard');
    assert.equal((await put('/big', 'x'.repeat(5000), { Tier: 'Intelligent-Tiering' })).Tier, 'Advanced');
    const policies = JSON.stringify([{ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: '2030-01-01T00:00:00Z' } }]);
    assert.equal((await put('/expiring', 'v', { Tier: 'Intelligent-Tiering', Policies: policies })).Tier, 'Advanced');
  });

  it('SecureString values are stored only as KMS ciphertext bound to the parameter ARN', async () => {
    const { call, store, vault } = ssmApi();
    await call('PutParameter', { Name: '/db/password', Value: 'hunter2', Type: 'SecureString' });
    const stored = store.get<VersionDoc>(KIND.version, versionId(SCOPE, '/db/password', 1))!.doc;
    assert.equal(stored.value, undefined);
    assert.ok(!JSON.stringify(stored).includes('hunter2'));
    assert.equal(store.get<ParameterDoc>(KIND.parameter, parameterId(SCOPE, '/db/password'))!.doc.KeyId, 'alias/aws/ssm');
    const blob = Buffer.from(stored.ciphertext!, 'base64');
    assert.equal(vault.decrypt(SCOPE, blob, { PARAMETER_ARN: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/db/password` }).plaintext.toString(), 'hunter2');
    assert.throws(() => vault.decrypt(SCOPE, blob, { PARAMETER_ARN: 'arn:aws:ssm:eu-west-1:123456789012:parameter/other' }), (e: { code?: string }) => e.code === 'InvalidCiphertextException');
  });

  it('an unknown or disabled key is InvalidKeyId with KMS\'s reason, and nothing is written', async () => {
    const { failure, vault, store } = ssmApi();
    assert.equal(
      await failure('PutParameter', { Name: '/s', Value: 'v', Type: 'SecureString', KeyId: 'alias/missing' }),
      `InvalidKeyId: Alias arn:aws:kms:eu-west-1:${ACCOUNT}:alias/missing is not found. (Service: AWSKMS; Status Code: 400; Error Code: NotFoundException; Request ID: req-1; Proxy: null)`,
    );
    const key = vault.createKey(SCOPE, 'alias/app');
    vault.setEnabled(key, false);
    assert.match(await failure('PutParameter', { Name: '/s', Value: 'v', Type: 'SecureString', KeyId: 'alias/app' }), /^InvalidKeyId: .* is disabled\. \(Service: AWSKMS; Status Code: 400; Error Code: DisabledException/);
    assert.equal(store.count(KIND.parameter), 0);
  });

  it('keeps 100 versions: the oldest goes, unless a label holds it', async () => {
    const { call, put, failure } = ssmApi();
    await put('/v', '1');
    for (let i = 2; i <= 100; i++) await put('/v', String(i), { Overwrite: true });
    await call('LabelParameterVersion', { Name: '/v', ParameterVersion: 1, Labels: ['first'] });
    assert.equal(await failure('PutParameter', { Name: '/v', Value: '101', Overwrite: true }), 'ParameterMaxVersionLimitExceeded: You attempted to create a new version of /v by calling the PutParameter API with the overwrite flag. Version 1, the oldest version, can\'t be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.');
    await call('UnlabelParameterVersion', { Name: '/v', ParameterVersion: 1, Labels: ['first'] });
    assert.equal((await put('/v', '101', { Overwrite: true })).Version, 101);
    const history = await call('GetParameterHistory', { Name: '/v', MaxResults: 1 });
    assert.deepEqual([history.Parameters[0].Version, typeof history.NextToken], [2, 'string']);
    assert.equal(await failure('GetParameter', { Name: '/v:1' }), 'ParameterVersionNotFound: Systems Manager could not find version 1 of /v. Verify the version and try again.');
  });

  it('counts parameters per tier against the quota of the account and Region', async () => {
    const { put, failure, store } = ssmApi();
    store.transact((tx) => {
      for (let i = 0; i < 10_000; i++) {
        tx.put<Partial<ParameterDoc>>(KIND.parameter, parameterId(SCOPE, `filler-${i}`), { scope: SCOPE, Name: `filler-${i}`, Tier: 'Standard' });
      }
    });
    assert.equal(await failure('PutParameter', { Name: '/one-more', Value: 'v', Type: 'String' }), 'ParameterLimitExceeded: You have exceeded the number of parameters for this AWS account. Delete one or more parameters and try again.');
    assert.equal((await put('/advanced', 'v', { Tier: 'Advanced' })).Tier, 'Advanced');
  });
});
