/** Secrets Manager's resources for the authorize step: full ARNs for secrets that exist, the -?????? pattern for others. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { place, smApi } from './api-harness.js';
import { secretsManagerCallScope } from './secretsmanager-scope.js';

const P = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:';

describe('Secrets Manager resources for IAM', () => {
  it('names the secret by its ARN however the call names it, and brings its resource policy', async () => {
    const { call, store, secret } = smApi();
    const arn = await secret('prod/db');
    const scope = secretsManagerCallScope(store);
    const table: Array<[string, object, string[] | undefined]> = [
      ['GetSecretValue', { SecretId: 'prod/db' }, [arn]],
      ['GetSecretValue', { SecretId: arn.slice(0, -7) }, [arn]],
      ['DescribeSecret', { SecretId: arn }, [arn]],
      ['CreateSecret', { Name: 'new/one' }, [`${P}new/one-??????`]],
      ['GetSecretValue', { SecretId: `${P}gone-AbCdEf` }, [`${P}gone-AbCdEf`]],
      ['GetSecretValue', { SecretId: 'Inv Name' }, undefined],
      ['ListSecrets', {}, undefined],
      ['GetRandomPassword', {}, undefined],
    ];
    for (const [operation, input, resources] of table) assert.deepEqual(scope(operation, input, place)?.resources, resources, operation);
    assert.deepEqual(scope('GetSecretValue', { SecretId: 'prod/db', VersionStage: 'AWSPREVIOUS' }, place)?.context, { 'secretsmanager:SecretId': arn, 'secretsmanager:VersionStage': 'AWSPREVIOUS' });
    assert.equal(scope('GetSecretValue', { SecretId: 'prod/db' }, place)?.resourcePolicy, undefined);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    await call('PutResourcePolicy', { SecretId: 'prod/db', ResourcePolicy: policy });
    assert.equal(scope('GetSecretValue', { SecretId: 'prod/db' }, place)?.resourcePolicy?.statements[0].effect, 'Deny');
  });
});
