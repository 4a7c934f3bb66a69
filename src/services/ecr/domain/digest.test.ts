import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDigest, sha256Digest } from './digest.js';

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

  it('computes sha256 digests', () => {
    assert.equal(sha256Digest(''), 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
