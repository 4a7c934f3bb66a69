/** Encrypt, Decrypt, ReEncrypt, data keys and random bytes through the API: contexts, key states, sizes and refusals. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kmsApi } from './api-harness.js';

const secret = Buffer.from('s3cr3t plaintext');

describe('KMS cryptographic operations', () => {
  it('encrypts under any reference and decrypts without a KeyId; the context must match', async () => {
    const { call, failure, newKey } = kmsApi();
    const key = await newKey();
    await call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.KeyId });
    const context = { tenant: 'a', purpose: 'test' };
    for (const ref of [key.KeyId, key.Arn, 'alias/app', `arn:aws:kms:eu-west-1:123456789012:alias/app`]) {
      const encrypted = await call('Encrypt', { KeyId: ref, Plaintext: secret, EncryptionContext: context });
      assert.deepEqual([encrypted.KeyId, encrypted.EncryptionAlgorithm], [key.Arn, 'SYMMETRIC_DEFAULT'], ref);
      assert.equal(encrypted.CiphertextBlob.includes(secret), false);
      const decrypted = await call('Decrypt', { CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { purpose: 'test', tenant: 'a' } });
      assert.deepEqual([decrypted.Plaintext, decrypted.KeyId, decrypted.KeyMaterialId], [secret, key.Arn, key.CurrentKeyMaterialId]);
      for (const wrong of [undefined, { tenant: 'a' }, { tenant: 'b', purpose: 'test' }]) {
        assert.equal(await failure('Decrypt', { CiphertextBlob: encrypted.CiphertextBlob, ...(wrong ? { EncryptionContext: wrong } : {}) }), 'InvalidCiphertextException(400): ');
      }
    }
  });

  it('refuses disabled and pending-deletion keys, other keys, foreign blobs and oversize input', async () => {
    const { call, failure, newKey } = kmsApi();
    const key = await newKey();
    const other = await newKey();
    const blob = (await call('Encrypt', { KeyId: key.KeyId, Plaintext: secret })).CiphertextBlob;
    assert.equal(await failure('Decrypt', { CiphertextBlob: blob, KeyId: other.KeyId }), 'IncorrectKeyException(400): The key ID in the request does not identify a CMK that can perform this operation.');
    assert.equal(await failure('Decrypt', { CiphertextBlob: Buffer.from('not a blob at all') }), 'InvalidCiphertextException(400): ');
    assert.equal(await failure('Encrypt', { KeyId: key.KeyId, Plaintext: Buffer.alloc(4097) }),
      "ValidationException(400): 1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
    assert.equal(await failure('Encrypt', { KeyId: key.KeyId, Plaintext: secret, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
      'InvalidKeyUsageException(400): Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.');
    await call('DisableKey', { KeyId: key.KeyId });
    for (const [operation, input] of [['Encrypt', { KeyId: key.KeyId, Plaintext: secret }], ['Decrypt', { CiphertextBlob: blob }], ['GenerateDataKey', { KeyId: key.KeyId, KeySpec: 'AES_256' }]] as const) {
      assert.equal(await failure(operation, input), `DisabledException(400): ${key.Arn} is disabled.`, operation);
    }
    await call('ScheduleKeyDeletion', { KeyId: key.KeyId, PendingWindowInDays: 7 });
    assert.equal(await failure('Decrypt', { CiphertextBlob: blob }), `KMSInvalidStateException(400): ${key.Arn} is pending deletion.`);
    const elsewhere = await failure('Decrypt', { CiphertextBlob: blob }, { region: 'us-east-2' });
    assert.equal(elsewhere, `NotFoundException(400): Key 'arn:aws:kms:us-east-2:123456789012:key/${key.KeyId}' does not exist`);
  });

  it('ReEncrypt moves a blob to another key and context', async () => {
    const { call, failure, newKey } = kmsApi();
    const [source, destination] = [await newKey(), await newKey()];
    const blob = (await call('Encrypt', { KeyId: source.KeyId, Plaintext: secret, EncryptionContext: { v: '1' } })).CiphertextBlob;
    const moved = await call('ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: destination.Arn, DestinationEncryptionContext: { v: '2' } });
    assert.deepEqual([moved.SourceKeyId, moved.KeyId, moved.SourceKeyMaterialId, moved.DestinationKeyMaterialId, moved.SourceEncryptionAlgorithm],
      [source.Arn, destination.Arn, source.CurrentKeyMaterialId, destination.CurrentKeyMaterialId, 'SYMMETRIC_DEFAULT']);
    assert.deepEqual((await call('Decrypt', { CiphertextBlob: moved.CiphertextBlob, EncryptionContext: { v: '2' } })).Plaintext, secret);
    assert.equal(await failure('ReEncrypt', { CiphertextBlob: blob, SourceKeyId: destination.KeyId, SourceEncryptionContext: { v: '1' }, DestinationKeyId: destination.KeyId }),
      'IncorrectKeyException(400): The key ID in the request does not identify a CMK that can perform this operation.');
  });

  it('GenerateDataKey: NumberOfBytes or KeySpec, a plaintext the blob decrypts to', async () => {
    const { call, failure, newKey } = kmsApi();
    const key = await newKey();
    const table: Array<[object, number]> = [[{ KeySpec: 'AES_256' }, 32], [{ KeySpec: 'AES_128' }, 16], [{ NumberOfBytes: 64 }, 64], [{ NumberOfBytes: 1 }, 1]];
    for (const [spec, length] of table) {
      const dataKey = await call('GenerateDataKey', { KeyId: key.KeyId, EncryptionContext: { f: 'x' }, ...spec });
      assert.deepEqual([dataKey.Plaintext.length, dataKey.KeyId, dataKey.KeyMaterialId], [length, key.Arn, key.CurrentKeyMaterialId]);
      assert.deepEqual((await call('Decrypt', { CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: { f: 'x' } })).Plaintext, dataKey.Plaintext);
    }
    const bare = await call('GenerateDataKeyWithoutPlaintext', { KeyId: key.KeyId, KeySpec: 'AES_256' });
    assert.deepEqual(Object.keys(bare).sort(), ['CiphertextBlob', 'KeyId', 'KeyMaterialId']);
    assert.equal((await call('Decrypt', { CiphertextBlob: bare.CiphertextBlob })).Plaintext.length, 32);
    for (const both of [{}, { KeySpec: 'AES_256', NumberOfBytes: 32 }]) {
      assert.equal(await failure('GenerateDataKey', { KeyId: key.KeyId, ...both }), 'ValidationException(400): Please specify either number of bytes or key spec.');
    }
  });

  it('DryRun answers DryRunOperationException after the checks and does nothing', async () => {
    const { call, failure, newKey } = kmsApi();
    const key = await newKey();
    const dryRun = 'DryRunOperationException(400): The request would have succeeded, but the DryRun option is set.';
    assert.equal(await failure('Encrypt', { KeyId: key.KeyId, Plaintext: secret, DryRun: true }), dryRun);
    const blob = (await call('Encrypt', { KeyId: key.KeyId, Plaintext: secret })).CiphertextBlob;
    assert.equal(await failure('Decrypt', { CiphertextBlob: blob, DryRun: true }), dryRun);
    assert.equal(await failure('Decrypt', { KeyId: key.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] }), dryRun);
    await call('DisableKey', { KeyId: key.KeyId });
    assert.match(await failure('Encrypt', { KeyId: key.KeyId, Plaintext: secret, DryRun: true }), /^DisabledException/);
  });

  it('GenerateRandom gives the bytes asked for', async () => {
    const { call, failure } = kmsApi();
    assert.equal((await call('GenerateRandom', { NumberOfBytes: 1024 })).Plaintext.length, 1024);
    assert.equal(await failure('GenerateRandom', {}), 'ValidationException(400): NumberOfBytes is required.');
  });
});
