/** The master key: from BERTH_MASTER_KEY or a 0600 file made on first use; wrapping bound to its AAD. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMasterKey, MasterKeyError } from './master-key.js';

const withDir = (fn: (dir: string) => void) => {
  const dir = mkdtempSync(join(tmpdir(), 'kms-master-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('master key', () => {
  it('wraps and unwraps material only for the same AAD and the same master key', () => {
    const env = randomBytes(32).toString('base64');
    const master = loadMasterKey('/nonexistent/master.key', env);
    const material = randomBytes(32);
    const wrapped = master.wrap(material, 'arn:key/1\nm1');
    assert.deepEqual(master.unwrap(wrapped, 'arn:key/1\nm1'), material);
    assert.equal(master.unwrap(wrapped, 'arn:key/2\nm1'), undefined);
    assert.equal(loadMasterKey('/nonexistent/master.key', randomBytes(32).toString('base64')).unwrap(wrapped, 'arn:key/1\nm1'), undefined);
    assert.equal(master.unwrap('AAAA', 'arn:key/1\nm1'), undefined);
    assert.equal(wrapped.includes(material.toString('base64')), false);
  });

  it('refuses a BERTH_MASTER_KEY that is not 32 bytes of base64, without echoing it', () => {
    for (const bad of ['secret-value', randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), `${randomBytes(32).toString('base64')}!`]) {
      assert.throws(() => loadMasterKey('/nonexistent/master.key', bad), (e: Error) => e instanceof MasterKeyError && !e.message.includes(bad), bad);
    }
  });

  it('without BERTH_MASTER_KEY, creates master.key (0600) on first use and reads it back after', () => withDir((dir) => {
    const file = join(dir, 'master.key');
    const first = loadMasterKey(file, undefined);
    assert.equal(existsSync(file), false, 'not created before a key needs it');
    const wrapped = first.wrap(Buffer.from('material'), 'aad');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').length, 32);
    assert.deepEqual(loadMasterKey(file, '').unwrap(wrapped, 'aad'), Buffer.from('material'));
  }));

  it('tightens a readable key file to 0600 and refuses one that is not a key', () => withDir((dir) => {
    const file = join(dir, 'master.key');
    writeFileSync(file, randomBytes(32).toString('base64'));
    chmodSync(file, 0o644);
    loadMasterKey(file, undefined).wrap(Buffer.from('m'), 'aad');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const garbage = join(dir, 'garbage.key');
    writeFileSync(garbage, 'not a key');
    assert.throws(() => loadMasterKey(garbage, undefined).wrap(Buffer.from('m'), 'aad'), MasterKeyError);
  }));
});
