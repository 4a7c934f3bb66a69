/** The ciphertext blob: round trips, the encryption context as AAD, and refusals of anything altered or foreign. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { canonicalContext, EncryptionContext, openBlob, readBlobHeader, sealBlob } from './envelope.js';

const material = randomBytes(32);
const target = { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', materialId: 'ab'.repeat(32) };
const plaintext = Buffer.from('a secret value');

describe('ciphertext blob', () => {
  it('round-trips with and without an encryption context, and names its key and material', () => {
    const contexts: Array<EncryptionContext | undefined> = [undefined, {}, { purpose: 'test' }, { a: '1', b: 'ü', '': '' }];
    for (const context of contexts) {
      const blob = sealBlob(target, material, plaintext, context);
      assert.deepEqual(readBlobHeader(blob), target);
      assert.deepEqual(openBlob(blob, material, context), plaintext, JSON.stringify(context));
    }
    const mrk = { keyId: `mrk-${'0'.repeat(32)}`, materialId: 'cd'.repeat(32) };
    assert.deepEqual(readBlobHeader(sealBlob(mrk, material, plaintext, undefined)), mrk);
  });

  it('each blob differs (a fresh IV) though the plaintext is the same', () => {
    assert.notDeepEqual(sealBlob(target, material, plaintext, undefined), sealBlob(target, material, plaintext, undefined));
  });

  it('opens only with the same context, in any member order; absent and empty are the same', () => {
    const sealedWith: EncryptionContext = { tenant: 'a', purpose: 'test' };
    const blob = sealBlob(target, material, plaintext, sealedWith);
    const table: Array<[EncryptionContext | undefined, boolean]> = [
      [{ purpose: 'test', tenant: 'a' }, true],
      [{ tenant: 'a', purpose: 'test' }, true],
      [undefined, false],
      [{}, false],
      [{ tenant: 'a' }, false],
      [{ tenant: 'b', purpose: 'test' }, false],
      [{ tenant: 'a', purpose: 'test', extra: 'x' }, false],
      [{ Tenant: 'a', purpose: 'test' }, false],
    ];
    for (const [context, opens] of table) assert.equal(openBlob(blob, material, context) !== undefined, opens, JSON.stringify(context));
    assert.equal(canonicalContext(undefined), canonicalContext({}));
    const plain = sealBlob(target, material, plaintext, undefined);
    assert.deepEqual(openBlob(plain, material, {}), plaintext);
  });

  it('does not open under another material or with any byte altered', () => {
    const blob = sealBlob(target, material, plaintext, { k: 'v' });
    assert.equal(openBlob(blob, randomBytes(32), { k: 'v' }), undefined);
    for (let i = 0; i < blob.length; i++) {
      const altered = Buffer.from(blob);
      altered[i] ^= 0x01;
      assert.equal(openBlob(altered, material, { k: 'v' }), undefined, `byte ${i}`);
    }
  });

  it('is not read from bytes that are not a version 1 blob', () => {
    const blob = sealBlob(target, material, plaintext, undefined);
    const table: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['magic only', Buffer.from('BK')],
      ['another magic', Buffer.concat([Buffer.from('XK'), blob.subarray(2)])],
      ['version 2', Buffer.concat([blob.subarray(0, 2), Buffer.from([2]), blob.subarray(3)])],
      ['no key id', Buffer.concat([blob.subarray(0, 3), Buffer.from([0]), blob.subarray(4)])],
      ['truncated', blob.subarray(0, 4 + target.keyId.length + 32 + 28)],
      ['an AWS blob', Buffer.from('AQICAHi6LtupRpdKl2aJTzkK6FbhOtQkMlQJJH3PdtHvS/y+hAEnX/QQNmMwDfg2korNMEc8AAAAfjB8BgkqhkiG9w0BBwagbzBtAgEAMGgGCSqGSIb3DQEHATAeBglghkgBZQMEAS4wEQQM', 'base64')],
    ];
    for (const [what, bytes] of table) {
      assert.equal(readBlobHeader(bytes), undefined, what);
      assert.equal(openBlob(bytes, material, undefined), undefined, what);
    }
  });
});
