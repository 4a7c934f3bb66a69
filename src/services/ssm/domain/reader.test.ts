import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, SCOPE, ssmApi } from '../api/api-harness.js';
import { ParameterReadError } from './ports.js';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParameterReadError) return `${e.code}${e.kmsCode ? `/${e.kmsCode}` : ''}: ${e.message}`;
    throw e;
  }
  throw new Error('the read succeeded');
}

describe('the parameterReader port', () => {
  it('reads values by name or ARN, with selectors, decrypting only when asked', async () => {
    const { put, call, reader } = ssmApi();
    await put('/app/db/password', 'hunter2', { Type: 'SecureString' });
    await put('/app/db/password', 'correct horse', { Type: 'SecureString', Overwrite: true });
    await put('/app/url', 'https://app');
    await call('LabelParameterVersion', { Name: '/app/db/password', ParameterVersion: 1, Labels: ['old'] });
    const arn = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/db/password`;
    assert.deepEqual(reader.getParameterValue(SCOPE, arn, true), { name: '/app/db/password', arn, type: 'SecureString', version: 2, value: 'correct horse' });
    assert.equal(reader.getParameterValue(SCOPE, 'app/db/password:old', true).value, 'hunter2');
    assert.equal(reader.getParameterValue(SCOPE, '/app/url', false).value, 'https://app');
    assert.notEqual(reader.getParameterValue(SCOPE, '/app/db/password', false).value, 'correct horse');
  });

  it('fails naming the parameter, the version or KMS\'s reason, never the value', async () => {
    const { put, vault, reader } = ssmApi();
    const key = vault.createKey(SCOPE, 'alias/app');
    await put('/s', 'hunter2', { Type: 'SecureString', KeyId: 'alias/app' });
    vault.setEnabled(key, false);
    assert.equal(failure(() => reader.getParameterValue(SCOPE, '/missing', true)), `ParameterNotFound: SSM parameter /missing does not exist in account ${ACCOUNT}, Region eu-west-1.`);
    assert.equal(failure(() => reader.getParameterValue(SCOPE, '/s:4', true)), 'ParameterVersionNotFound: Systems Manager could not find version 4 of /s. Verify the version and try again.');
    const refused = failure(() => reader.getParameterValue(SCOPE, '/s', true));
    assert.match(refused, /^DecryptionFailed\/DisabledException: SSM parameter \/s \(version 1\) could not be decrypted: DisabledException: /);
    assert.ok(!refused.includes('hunter2'));
    assert.equal(failure(() => reader.getParameterValue({ region: 'us-east-1', accountId: ACCOUNT }, '/s', false)).split(':')[0], 'ParameterNotFound');
  });
});
