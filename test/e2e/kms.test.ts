/**
 * KMS against a running Berth with the official SDK and the aws CLI: keys and their states,
 * aliases, encryption with contexts, data keys, AWS's errors on the wire, key policies in
 * authorization (an IAM user the policy names), and blobs that still decrypt after a
 * restart on the same data dir (the master key file kept 0600) but not under another
 * master key.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import * as iam from '@aws-sdk/client-iam';
import * as kms from '@aws-sdk/client-kms';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const run = promisify(execFile);
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

interface WireError { name: string; message: string; $metadata: { httpStatusCode?: number } }

const client = (endpoint: string, credentials = TEST_CREDENTIALS) => new kms.KMSClient({ endpoint, region: REGION, credentials, maxAttempts: 1 });

async function fails(send: () => Promise<unknown>): Promise<string> {
  const err = (await send().then(() => undefined, (e: WireError) => e)) as WireError | undefined;
  assert.ok(err, 'expected the call to fail');
  return `${err.name}(${err.$metadata.httpStatusCode}): ${err.message}`;
}

describe('KMS through the SDK and the aws CLI', () => {
  let berth: RunningBerth;
  let sdk: kms.KMSClient;
  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT] });
    sdk = client(berth.endpoint);
  });
  after(async () => berth?.destroy());

  it('creates, describes, lists, aliases and tags keys', async () => {
    const { KeyMetadata: key } = await sdk.send(new kms.CreateKeyCommand({ Description: 'e2e', Tags: [{ TagKey: 'team', TagValue: 'a' }] }));
    assert.equal(key?.Arn, `arn:aws:kms:${REGION}:${ACCOUNT}:key/${key?.KeyId}`);
    assert.ok(key?.CreationDate instanceof Date);
    assert.deepEqual([key?.KeyState, key?.KeyManager, key?.KeySpec, key?.EncryptionAlgorithms], ['Enabled', 'CUSTOMER', 'SYMMETRIC_DEFAULT', ['SYMMETRIC_DEFAULT']]);
    await sdk.send(new kms.CreateAliasCommand({ AliasName: 'alias/e2e', TargetKeyId: key!.KeyId }));
    assert.equal((await sdk.send(new kms.DescribeKeyCommand({ KeyId: 'alias/e2e' }))).KeyMetadata?.KeyId, key?.KeyId);
    const aliases = (await sdk.send(new kms.ListAliasesCommand({ KeyId: key!.Arn }))).Aliases ?? [];
    assert.deepEqual(aliases.map((a) => [a.AliasName, a.TargetKeyId]), [['alias/e2e', key?.KeyId]]);
    assert.ok(((await sdk.send(new kms.ListKeysCommand({}))).Keys ?? []).some((k) => k.KeyArn === key?.Arn));
    assert.deepEqual((await sdk.send(new kms.ListResourceTagsCommand({ KeyId: key!.KeyId }))).Tags, [{ TagKey: 'team', TagValue: 'a' }]);
    assert.equal(await fails(() => sdk.send(new kms.CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: key!.KeyId }))), 'NotAuthorizedException(400): UnknownError');
    assert.equal(await fails(() => sdk.send(new kms.DescribeKeyCommand({ KeyId: 'alias/missing' }))), `NotFoundException(400): Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/missing is not found.`);
    const managed = (await sdk.send(new kms.DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }))).KeyMetadata;
    assert.deepEqual([managed?.KeyManager, managed?.Description], ['AWS', 'Default key that protects my SSM parameters when no other key is defined']);
  });

  it('encrypts and decrypts with an encryption context, and refuses another context', async () => {
    const { KeyMetadata: key } = await sdk.send(new kms.CreateKeyCommand({}));
    const plaintext = randomBytes(100);
    const context = { tenant: 't1', purpose: 'e2e' };
    const encrypted = await sdk.send(new kms.EncryptCommand({ KeyId: key!.KeyId, Plaintext: plaintext, EncryptionContext: context }));
    assert.deepEqual([encrypted.KeyId, encrypted.EncryptionAlgorithm], [key?.Arn, 'SYMMETRIC_DEFAULT']);
    const decrypted = await sdk.send(new kms.DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { purpose: 'e2e', tenant: 't1' } }));
    assert.deepEqual([Buffer.from(decrypted.Plaintext!), decrypted.KeyId], [plaintext, key?.Arn]);
    assert.equal(await fails(() => sdk.send(new kms.DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { tenant: 't2', purpose: 'e2e' } }))), 'InvalidCiphertextException(400): UnknownError');
    const dataKey = await sdk.send(new kms.GenerateDataKeyCommand({ KeyId: key!.Arn, KeySpec: 'AES_256' }));
    assert.equal(dataKey.Plaintext?.length, 32);
    const moved = await sdk.send(new kms.ReEncryptCommand({ CiphertextBlob: dataKey.CiphertextBlob, DestinationKeyId: key!.KeyId, DestinationEncryptionContext: context }));
    const reopened = await sdk.send(new kms.DecryptCommand({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: context }));
    assert.deepEqual(Buffer.from(reopened.Plaintext!), Buffer.from(dataKey.Plaintext!));
    assert.equal((await sdk.send(new kms.GenerateRandomCommand({ NumberOfBytes: 64 }))).Plaintext?.length, 64);
    assert.equal(await fails(() => sdk.send(new kms.EncryptCommand({ KeyId: key!.KeyId, Plaintext: Buffer.alloc(4097) }))),
      "ValidationException(400): 1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
  });

  it('refuses a disabled key and one pending deletion with AWS\'s errors; cancelling leaves it disabled', async () => {
    const { KeyMetadata: key } = await sdk.send(new kms.CreateKeyCommand({}));
    const blob = (await sdk.send(new kms.EncryptCommand({ KeyId: key!.KeyId, Plaintext: Buffer.from('x') }))).CiphertextBlob;
    await sdk.send(new kms.DisableKeyCommand({ KeyId: key!.KeyId }));
    assert.equal(await fails(() => sdk.send(new kms.DecryptCommand({ CiphertextBlob: blob }))), `DisabledException(400): ${key?.Arn} is disabled.`);
    const scheduled = await sdk.send(new kms.ScheduleKeyDeletionCommand({ KeyId: key!.KeyId, PendingWindowInDays: 7 }));
    assert.deepEqual([scheduled.KeyState, scheduled.PendingWindowInDays], ['PendingDeletion', 7]);
    assert.ok(scheduled.DeletionDate instanceof Date);
    assert.equal(await fails(() => sdk.send(new kms.EncryptCommand({ KeyId: key!.KeyId, Plaintext: Buffer.from('x') }))), `KMSInvalidStateException(400): ${key?.Arn} is pending deletion.`);
    assert.equal((await sdk.send(new kms.CancelKeyDeletionCommand({ KeyId: key!.KeyId }))).KeyId, key?.Arn);
    assert.equal((await sdk.send(new kms.DescribeKeyCommand({ KeyId: key!.KeyId }))).KeyMetadata?.KeyState, 'Disabled');
  });

  it('aws kms encrypt and decrypt with fileb://', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-cli-'));
    try {
      const aws = async (...args: string[]) => (await run('aws', ['--endpoint-url', berth.endpoint, 'kms', ...args], { env: berth.cliEnv() })).stdout.trim();
      const keyId = JSON.parse(await aws('create-key', '--description', 'cli', '--output', 'json')).KeyMetadata.KeyId;
      const plaintext = randomBytes(300);
      writeFileSync(join(dir, 'plain'), plaintext);
      const ciphertext = await aws('encrypt', '--key-id', keyId, '--plaintext', `fileb://${join(dir, 'plain')}`, '--encryption-context', 'app=cli', '--output', 'text', '--query', 'CiphertextBlob');
      writeFileSync(join(dir, 'blob'), Buffer.from(ciphertext, 'base64'));
      const decrypted = await aws('decrypt', '--ciphertext-blob', `fileb://${join(dir, 'blob')}`, '--encryption-context', 'app=cli', '--output', 'text', '--query', 'Plaintext');
      assert.deepEqual(Buffer.from(decrypted, 'base64'), plaintext);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a key policy naming an IAM user lets it in; the default policy leaves it to its IAM policies', async () => {
    const iamClient = new iam.IAMClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const { User } = await iamClient.send(new iam.CreateUserCommand({ UserName: 'kms-user' }));
    const { AccessKey } = await iamClient.send(new iam.CreateAccessKeyCommand({ UserName: 'kms-user' }));
    const asUser = client(berth.endpoint, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'User', Effect: 'Allow', Principal: { AWS: User!.Arn }, Action: ['kms:DescribeKey', 'kms:Encrypt'], Resource: '*' }] });
    const named = (await sdk.send(new kms.CreateKeyCommand({ Policy: policy }))).KeyMetadata!;
    const plain = (await sdk.send(new kms.CreateKeyCommand({}))).KeyMetadata!;
    await sdk.send(new kms.CreateAliasCommand({ AliasName: 'alias/for-user', TargetKeyId: named.KeyId }));
    assert.equal((await asUser.send(new kms.DescribeKeyCommand({ KeyId: 'alias/for-user' }))).KeyMetadata?.Arn, named.Arn);
    await asUser.send(new kms.EncryptCommand({ KeyId: named.KeyId, Plaintext: Buffer.from('x') }));
    assert.equal(await fails(() => asUser.send(new kms.DescribeKeyCommand({ KeyId: plain.KeyId }))),
      `AccessDeniedException(400): User: ${User!.Arn} is not authorized to perform: kms:DescribeKey on resource: ${plain.Arn} because no identity-based policy allows the kms:DescribeKey action`);
  });
});

describe('KMS across restarts', () => {
  it('decrypts an old blob after a restart on the same data dir, and not under another master key', async () => {
    const first = await startBerthProcess({ args: ['--account-id', ACCOUNT] });
    const dataDir = first.dataDir;
    let blob: Uint8Array | undefined;
    try {
      const { KeyMetadata: key } = await client(first.endpoint).send(new kms.CreateKeyCommand({}));
      blob = (await client(first.endpoint).send(new kms.EncryptCommand({ KeyId: key!.KeyId, Plaintext: Buffer.from('kept'), EncryptionContext: { v: '1' } }))).CiphertextBlob;
      assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
      assert.equal(readFileSync(join(dataDir, 'state.db')).includes(Buffer.from(readFileSync(join(dataDir, 'master.key'), 'utf8').trim())), false);
    } finally {
      await first.stop();
    }
    const second = await startBerthProcess({ dataDir, args: ['--account-id', ACCOUNT] });
    try {
      const decrypted = await client(second.endpoint).send(new kms.DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { v: '1' } }));
      assert.equal(Buffer.from(decrypted.Plaintext!).toString(), 'kept');
    } finally {
      await second.stop();
    }
    const third = await startBerthProcess({ dataDir, args: ['--account-id', ACCOUNT], env: { BERTH_MASTER_KEY: randomBytes(32).toString('base64') } });
    try {
      const refused = await fails(() => client(third.endpoint).send(new kms.DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { v: '1' } })));
      assert.match(refused, /^KMSInternalException\(500\): The key material of arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]+ cannot be read with this Berth's master key\.$/);
    } finally {
      await third.destroy();
    }
  });
});
