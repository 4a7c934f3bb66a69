import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { basicCredentials, issueToken, TOKEN_TTL_MS, verifyPassword } from './token.js';

const key = { accountId: '000000000000', secret: 'secret-a' };

function password(now: Date, k = key, accessKeyId = 'AKIAEXAMPLE'): string {
  const text = Buffer.from(issueToken(k, now, accessKeyId).authorizationToken, 'base64').toString('utf8');
  assert.ok(text.startsWith('AWS:'));
  assert.equal(text.split(':').length, 2, 'aws ecr get-login-password splits on the only colon');
  return text.slice(4);
}

describe('registry tokens', () => {
  it('name the access key they were issued to, for 12 hours with the same root secret', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const p = password(now);
    assert.equal(verifyPassword(key, 'AWS', p, new Date(now.getTime() + TOKEN_TTL_MS - 1)), 'AKIAEXAMPLE');
    assert.equal(verifyPassword(key, 'AWS', password(now, key, 'ASIASESSION'), now), 'ASIASESSION');
    assert.equal(verifyPassword(key, 'AWS', p, new Date(now.getTime() + TOKEN_TTL_MS)), undefined);
    assert.equal(verifyPassword({ ...key, secret: 'rotated' }, 'AWS', p, now), undefined);
    assert.equal(verifyPassword(key, 'root', p, now), undefined);
    assert.equal(verifyPassword(key, 'AWS', p.slice(0, -2) + 'xx', now), undefined);
    assert.equal(verifyPassword({ ...key, accountId: '111111111111' }, 'AWS', p, now), undefined);
  });

  it('refuse a genuine token that names no access key (who it stands for is unknown)', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const payload = Buffer.from(JSON.stringify({ a: key.accountId, e: now.getTime() + 1000 })).toString('base64url');
    const mac = createHmac('sha256', `berth-ecr-token:${key.secret}`).update(payload).digest('base64url');
    assert.equal(verifyPassword(key, 'AWS', `${payload}.${mac}`, now), undefined);
  });

  it('verify exactly a token: no trailing, leading or inner extras', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const p = password(now);
    for (const bad of [`${p}.x`, `${p}.`, `${p}x`, `x${p}`, `.${p}`, ` ${p}`, `${p} `, `${p}\n`, p.replace('.', '..'), p.replace('.', '.x.')]) {
      assert.equal(verifyPassword(key, 'AWS', bad, now), undefined, JSON.stringify(bad));
    }
  });

  it('read Basic credentials only from canonical base64', () => {
    const b64 = Buffer.from('AWS:secret').toString('base64');
    assert.deepEqual(basicCredentials(`Basic ${b64}`), { username: 'AWS', password: 'secret' });
    assert.deepEqual(basicCredentials(`Basic ${b64.replace(/=+$/, '')}`), { username: 'AWS', password: 'secret' }, 'padding is optional');
    assert.ok(b64.endsWith('=='));
    // Node's decoder stops at the padding and skips stray characters: these all decoded to AWS:secret.
    for (const bad of [`${b64}QUFB`, `${b64.slice(0, -1)}QUFB`, `${b64}=`, `${b64.slice(0, -3)}B==`]) {
      assert.equal(basicCredentials(`Basic ${bad}`), undefined, bad);
    }
  });

  it('reads Basic credentials', () => {
    assert.deepEqual(basicCredentials(`Basic ${Buffer.from('AWS:a:b').toString('base64')}`), { username: 'AWS', password: 'a:b' });
    assert.equal(basicCredentials('Bearer x'), undefined);
    assert.equal(basicCredentials(undefined), undefined);
  });
});
