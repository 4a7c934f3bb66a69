/** Rotation: status, automatic rotation by the sweep, on-demand rotation; old blobs still decrypt. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sweepKeys } from '../domain/sweep.js';
import { kmsApi } from './api-harness.js';

const DAY = 86_400_000;

describe('KMS key rotation', () => {
  it('status follows Enable/DisableKeyRotation; the sweep rotates when the period has passed', async () => {
    const { call, clock, newKey, ring, store } = kmsApi();
    const key = await newKey();
    assert.deepEqual(await call('GetKeyRotationStatus', { KeyId: key.Arn }), { KeyId: key.KeyId, KeyRotationEnabled: false });
    await call('EnableKeyRotation', { KeyId: key.KeyId, RotationPeriodInDays: 90 });
    const status = await call('GetKeyRotationStatus', { KeyId: key.KeyId });
    assert.deepEqual([status.KeyRotationEnabled, status.RotationPeriodInDays, status.NextRotationDate.toISOString()], [true, 90, '2026-04-01T00:00:00.000Z']);
    const old = (await call('Encrypt', { KeyId: key.KeyId, Plaintext: Buffer.from('old') })).CiphertextBlob;
    clock.advance(90 * DAY);
    assert.deepEqual(sweepKeys(store, ring, clock.now()), { deleted: 0, rotated: 1 });
    const rotated = (await call('DescribeKey', { KeyId: key.KeyId })).KeyMetadata;
    assert.notEqual(rotated.CurrentKeyMaterialId, key.CurrentKeyMaterialId);
    assert.equal((await call('GetKeyRotationStatus', { KeyId: key.KeyId })).NextRotationDate.toISOString(), '2026-06-30T00:00:00.000Z');
    assert.deepEqual((await call('Decrypt', { CiphertextBlob: old })).Plaintext, Buffer.from('old'));
    const fresh = await call('Encrypt', { KeyId: key.KeyId, Plaintext: Buffer.from('new') });
    assert.equal((await call('Decrypt', { CiphertextBlob: fresh.CiphertextBlob })).KeyMaterialId, rotated.CurrentKeyMaterialId);
    await call('DisableKeyRotation', { KeyId: key.KeyId });
    assert.deepEqual(await call('GetKeyRotationStatus', { KeyId: key.KeyId }), { KeyId: key.KeyId, KeyRotationEnabled: false });
    clock.advance(400 * DAY);
    assert.deepEqual(sweepKeys(store, ring, clock.now()), { deleted: 0, rotated: 0 });
  });

  it('a disabled key is not rotated until enabled again', async () => {
    const { call, clock, newKey, ring, store } = kmsApi();
    const { KeyId } = await newKey();
    await call('EnableKeyRotation', { KeyId });
    await call('DisableKey', { KeyId });
    clock.advance(366 * DAY);
    assert.equal(sweepKeys(store, ring, clock.now()).rotated, 0);
    await call('EnableKey', { KeyId });
    assert.equal(sweepKeys(store, ring, clock.now()).rotated, 1);
  });

  it('RotateKeyOnDemand rotates at once, up to the limit; ListKeyRotations lists rotations', async () => {
    const { call, failure, newKey } = kmsApi();
    const key = await newKey();
    assert.deepEqual(await call('RotateKeyOnDemand', { KeyId: key.KeyId }), { KeyId: key.Arn });
    const rotations = (await call('ListKeyRotations', { KeyId: key.KeyId })).Rotations;
    assert.deepEqual(rotations.map((r) => [r.KeyId, r.RotationType, r.KeyMaterialState]), [[key.KeyId, 'ON_DEMAND', 'CURRENT']]);
    const all = (await call('ListKeyRotations', { KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations;
    assert.deepEqual(all.map((r) => [r.KeyMaterialId === key.CurrentKeyMaterialId, r.KeyMaterialState]), [[true, 'NON_CURRENT'], [false, 'CURRENT']]);
    for (let i = 1; i < 25; i++) await call('RotateKeyOnDemand', { KeyId: key.KeyId });
    assert.equal(await failure('RotateKeyOnDemand', { KeyId: key.KeyId }),
      `LimitExceededException(400): The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`);
    await call('DisableKey', { KeyId: key.KeyId });
    assert.match(await failure('EnableKeyRotation', { KeyId: key.KeyId }), /^DisabledException/);
  });
});
