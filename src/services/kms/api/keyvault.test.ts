/** The keyVault port as SSM and Secrets Manager use it: AWS managed keys on first use, blobs the API reads too, KMS's refusals. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyRing } from '../domain/keyring.js';
import { loadMasterKey } from '../domain/master-key.js';
import { KeyVaultError } from '../domain/ports.js';
import { StoreKeyVault } from '../domain/vault.js';
import { kmsApi, SCOPE } from './api-harness.js';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeyVaultError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'ok';
}

describe('keyVault port', () => {
  it('creates alias/aws/ssm and alias/aws/secretsmanager keys on first use, once, as AWS managed keys', async () => {
    const { call, vault } = kmsApi();
    assert.equal(vault.resolveKeyArn(SCOPE, 'alias/aws/ssm'), undefined, 'resolving creates nothing');
    const first = vault.encrypt(SCOPE, 'alias/aws/ssm', Buffer.from('value'), { PARAMETER_ARN: 'p' });
    const second = vault.encrypt(SCOPE, 'alias/aws/ssm', Buffer.from('value'));
    assert.equal(first.keyArn, second.keyArn);
    assert.equal(vault.resolveKeyArn(SCOPE, 'alias/aws/ssm'), first.keyArn);
    const sm = vault.encrypt(SCOPE, 'alias/aws/secretsmanager', Buffer.alloc(65_536, 1));
    const metadata = (await call('DescribeKey', { KeyId: sm.keyArn })).KeyMetadata;
    assert.deepEqual([metadata.KeyManager, metadata.Description], ['AWS', 'Default key that protects my Secrets Manager data when no other key is defined']);
    assert.deepEqual(vault.decrypt(SCOPE, sm.ciphertext), { plaintext: Buffer.alloc(65_536, 1), keyArn: sm.keyArn });
    assert.equal((await call('ListKeys', {})).Keys.length, 2);
  });

  it('shares blobs with the API and refuses as KMS does', async () => {
    const { call, newKey, vault } = kmsApi();
    const key = await newKey();
    await call('CreateAlias', { AliasName: 'alias/params', TargetKeyId: key.KeyId });
    const sealed = vault.encrypt(SCOPE, 'alias/params', Buffer.from('p4ss'), { k: 'v' });
    assert.equal(sealed.keyArn, key.Arn);
    assert.deepEqual((await call('Decrypt', { CiphertextBlob: sealed.ciphertext, EncryptionContext: { k: 'v' } })).Plaintext, Buffer.from('p4ss'));
    assert.equal(refusal(() => vault.decrypt(SCOPE, sealed.ciphertext)), 'InvalidCiphertextException: ');
    assert.equal(refusal(() => vault.encrypt(SCOPE, 'alias/none', Buffer.from('x'))), 'NotFoundException: Alias arn:aws:kms:eu-west-1:123456789012:alias/none is not found.');
    assert.equal(vault.resolveKeyArn(SCOPE, 'not-a-key'), undefined);
    await call('DisableKey', { KeyId: key.KeyId });
    assert.equal(refusal(() => vault.encrypt(SCOPE, key.KeyId, Buffer.from('x'))), `DisabledException: ${key.Arn} is disabled.`);
    await call('ScheduleKeyDeletion', { KeyId: key.KeyId });
    assert.equal(refusal(() => vault.decrypt(SCOPE, sealed.ciphertext, { k: 'v' })), `KMSInvalidStateException: ${key.Arn} is pending deletion.`);
  });

  it('reads no key material with another master key', async () => {
    const { newKey, store, clock, vault } = kmsApi();
    const key = await newKey();
    const sealed = vault.encrypt(SCOPE, key.KeyId, Buffer.from('x'));
    const stranger = new StoreKeyVault(store, new KeyRing(loadMasterKey('/nonexistent', Buffer.alloc(32, 9).toString('base64'))), clock, () => undefined);
    assert.equal(refusal(() => stranger.decrypt(SCOPE, sealed.ciphertext)), `KMSInternalException: The key material of ${key.Arn} cannot be read with this Berth's master key.`);
  });
});
