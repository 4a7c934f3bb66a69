import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MultiHasher, parseDigest, sha256Digest } from './digest.js';

describe('digests', () => {
  it('parses sha256 and sha512 with the right lengths only', () => {
    const hex = 'a'.repeat(64);
    assert.deepEqual(parseDigest(`sha256:${hex}`), { algorithm: 'sha256', hex });
    assert.ok(parseDigest(`sha512:${'b'.repeat(128)}`));
    assert.equal(parseDigest(`sha256:${'a'.repeat(63)}`), undefined);
    assert.equal(parseDigest(`sha256:${'A'.repeat(64)}`), undefined);
    assert.equal(parseDigest('md5:abc'), undefined);
    assert.equal(parseDigest('sha256:totallywrong'), undefined);
  });

  it('verifies streamed content against either algorithm', () => {
    const data = Buffer.from('hello registry');
    const h256 = new MultiHasher();
    h256.update(data.subarray(0, 5));
    h256.update(data.subarray(5));
    assert.ok(h256.matches(parseDigest(sha256Digest(data))!));
    const h512 = new MultiHasher();
    h512.update(data);
    assert.ok(h512.matches({ algorithm: 'sha512', hex: createHash('sha512').update(data).digest('hex') }));
    const wrong = new MultiHasher();
    wrong.update(Buffer.from('other'));
    assert.ok(!wrong.matches(parseDigest(sha256Digest(data))!));
  });
});
