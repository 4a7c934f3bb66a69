/** Keys through the API: metadata as AWS answers it, the lifecycle and its refusals, AWS managed keys, policies and tags. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, kmsApi, REGION } from './api-harness.js';

const ARN_PREFIX = `arn:aws:kms:${REGION}:${ACCOUNT}:key/`;
const ADMIN_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/admin` }, Action: 'kms:*', Resource: '*' }] });

describe('KMS keys', () => {
  it('CreateKey answers the metadata DescribeKey gives, with the default policy', async () => {
    const { call, newKey } = kmsApi();
    const created = await newKey({ Description: 'app key', Tags: [{ TagKey: 'team', TagValue: 'a' }] });
    assert.match(created.KeyId, /^[0-9a-f-]{36}$/);
    assert.equal(created.Arn, ARN_PREFIX + created.KeyId);
    assert.deepEqual({ ...created, CreationDate: undefined, CurrentKeyMaterialId: undefined }, {
      AWSAccountId: ACCOUNT, KeyId: created.KeyId, Arn: created.Arn, CreationDate: undefined, Enabled: true, Description: 'app key',
      KeyState: 'Enabled', KeyManager: 'CUSTOMER', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT', EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], MultiRegion: false, CurrentKeyMaterialId: undefined,
    });
    assert.match(created.CurrentKeyMaterialId, /^[0-9a-f]{64}$/);
    assert.deepEqual((await call('DescribeKey', { KeyId: created.Arn })).KeyMetadata, created);
    const policy = await call('GetKeyPolicy', { KeyId: created.KeyId, PolicyName: 'default' });
    assert.equal(policy.PolicyName, 'default');
    assert.equal(JSON.parse(policy.Policy).Statement[0].Principal.AWS, `arn:aws:iam::${ACCOUNT}:root`);
    assert.deepEqual((await call('ListResourceTags', { KeyId: created.KeyId })).Tags, [{ TagKey: 'team', TagValue: 'a' }]);
    const mrk = await newKey({ MultiRegion: true });
    assert.match(mrk.KeyId, /^mrk-[0-9a-f]{32}$/);
    assert.deepEqual(mrk.MultiRegionConfiguration, { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: mrk.Arn, Region: REGION }, ReplicaKeys: [] });
  });

  it('CreateKey refuses what Berth does not make, and bad policies and tags', async () => {
    const { failure } = kmsApi();
    const table: Array<[object, string]> = [
      [{ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }, 'UnsupportedOperationException(400): Berth supports symmetric encryption keys only (KeySpec SYMMETRIC_DEFAULT), not RSA_2048.'],
      [{ KeyUsage: 'SIGN_VERIFY' }, 'ValidationException(400): KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT'],
      [{ KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' }, 'ValidationException(400): You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.'],
      [{ Origin: 'EXTERNAL' }, 'UnsupportedOperationException(400): Berth supports keys with Origin AWS_KMS only, not EXTERNAL.'],
      [{ Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}' }, 'MalformedPolicyDocumentException(400): Missing required field Principal'],
      [{ Tags: [{ TagKey: 'aws:x', TagValue: '' }] }, 'TagException(400): Tags beginning with aws: are reserved'],
      [{ Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }] }, 'TagException(400): Duplicate tag keys'],
      [{ Tags: Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: '' })) }, 'TagException(400): Too many tags'],
    ];
    for (const [input, expected] of table) assert.equal(await failure('CreateKey', input), expected, JSON.stringify(input).slice(0, 80));
  });

  it('moves through the key states as AWS does, refusing what a state does not allow', async () => {
    const { call, failure, newKey } = kmsApi();
    const { KeyId, Arn } = await newKey();
    const state = async () => (await call('DescribeKey', { KeyId })).KeyMetadata;
    await call('DisableKey', { KeyId });
    assert.deepEqual([(await state()).KeyState, (await state()).Enabled], ['Disabled', false]);
    assert.equal(await failure('CancelKeyDeletion', { KeyId }), `KMSInvalidStateException(400): ${Arn} is not pending deletion.`);
    await call('EnableKey', { KeyId });
    assert.equal(await failure('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 6 }), 'ValidationException(400): PendingWindowInDays should be between 7 and 30, but it is 6');
    const scheduled = await call('ScheduleKeyDeletion', { KeyId });
    assert.deepEqual({ ...scheduled, DeletionDate: scheduled.DeletionDate.toISOString() }, { KeyId: Arn, DeletionDate: '2026-01-31T00:00:00.000Z', KeyState: 'PendingDeletion', PendingWindowInDays: 30 });
    assert.equal((await state()).DeletionDate?.toISOString(), '2026-01-31T00:00:00.000Z');
    const pending = `KMSInvalidStateException(400): ${Arn} is pending deletion.`;
    for (const operation of ['EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'EnableKeyRotation'] as const) assert.equal(await failure(operation, { KeyId }), pending, operation);
    assert.equal(await failure('UpdateKeyDescription', { KeyId, Description: 'x' }), pending);
    assert.equal(await failure('TagResource', { KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }), pending);
    assert.deepEqual(await call('CancelKeyDeletion', { KeyId }), { KeyId: Arn });
    const after = await state();
    assert.deepEqual([after.KeyState, after.DeletionDate], ['Disabled', undefined]);
    await call('UpdateKeyDescription', { KeyId, Description: 'renamed' });
    assert.equal((await state()).Description, 'renamed');
  });

  it('names missing keys as AWS does', async () => {
    const { failure } = kmsApi();
    const missing = '11111111-2222-3333-4444-555555555555';
    assert.equal(await failure('DescribeKey', { KeyId: missing }), `NotFoundException(400): Key '${ARN_PREFIX}${missing}' does not exist`);
    assert.equal(await failure('DescribeKey', { KeyId: 'nope' }), "NotFoundException(400): Invalid keyId 'nope'");
    assert.equal(await failure('DescribeKey', { KeyId: 'alias/none' }), `NotFoundException(400): Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/none is not found.`);
  });

  it('ListKeys pages through the scope\'s keys; another region has its own', async () => {
    const { call, failure, newKey } = kmsApi();
    for (let i = 0; i < 6; i++) await newKey();
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await call('ListKeys', { Limit: 2, ...(marker ? { Marker: marker } : {}) });
      assert.ok(page.Keys.length <= 2);
      seen.push(...page.Keys.map((k) => k.KeyId));
      assert.equal(page.Truncated, page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker);
    assert.equal(seen.length, 6);
    assert.deepEqual(seen, [...seen].sort());
    assert.deepEqual((await call('ListKeys', {}, { region: 'us-east-2' })).Keys, []);
    assert.match(await failure('ListKeys', { Marker: 'garbage' }), /^InvalidMarkerException\(400\)/);
  });

  it('DescribeKey of a predefined AWS alias creates its AWS managed key once; the API only reads it', async () => {
    const { call, failure } = kmsApi();
    const first = (await call('DescribeKey', { KeyId: 'alias/aws/ssm' })).KeyMetadata;
    assert.deepEqual([first.KeyManager, first.Description], ['AWS', 'Default key that protects my SSM parameters when no other key is defined']);
    assert.equal((await call('DescribeKey', { KeyId: 'alias/aws/ssm' })).KeyMetadata.KeyId, first.KeyId);
    assert.deepEqual((await call('GetKeyRotationStatus', { KeyId: first.KeyId })).KeyRotationEnabled, true);
    const denied = (action: string) => `AccessDeniedException(400): User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: kms:${action} on resource: ${first.Arn} because no resource-based policy allows the kms:${action} action`;
    assert.equal(await failure('ScheduleKeyDeletion', { KeyId: first.KeyId }), denied('ScheduleKeyDeletion'));
    assert.equal(await failure('Encrypt', { KeyId: 'alias/aws/ssm', Plaintext: Buffer.from('x') }), denied('Encrypt'));
    assert.equal(await failure('PutKeyPolicy', { KeyId: first.KeyId, Policy: ADMIN_POLICY }), denied('PutKeyPolicy'));
    assert.equal(await failure('DeleteAlias', { AliasName: 'alias/aws/ssm' }), 'NotAuthorizedException(400): ');
  });

  it('key policies: one named default, kept as given; tags merge and unset', async () => {
    const { call, failure, newKey } = kmsApi();
    const { KeyId } = await newKey();
    await call('PutKeyPolicy', { KeyId, Policy: ADMIN_POLICY });
    assert.equal((await call('GetKeyPolicy', { KeyId })).Policy, ADMIN_POLICY);
    assert.deepEqual(await call('ListKeyPolicies', { KeyId }), { PolicyNames: ['default'], Truncated: false });
    assert.equal(await failure('GetKeyPolicy', { KeyId, PolicyName: 'other' }), 'NotFoundException(400): No such policy exists');
    await call('TagResource', { KeyId, Tags: [{ TagKey: 'b', TagValue: '1' }, { TagKey: 'a', TagValue: '1' }] });
    await call('TagResource', { KeyId, Tags: [{ TagKey: 'b', TagValue: '2' }] });
    await call('UntagResource', { KeyId, TagKeys: ['a', 'missing'] });
    assert.deepEqual(await call('ListResourceTags', { KeyId }), { Tags: [{ TagKey: 'b', TagValue: '2' }], Truncated: false });
  });
});
