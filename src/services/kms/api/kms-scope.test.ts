/** What KMS calls touch for IAM: key ARNs behind any reference, KMS's condition keys, the key policy as resource policy. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { iamActionFor } from '../../../iam/actions.js';
import { policyAuthorizer } from '../../../iam/authorizer.js';
import { parsePolicy } from '../../../iam/policy/parse.js';
import { Principal, rootPrincipal } from '../../../iam/principal.js';
import { ACCOUNT, kmsApi, REGION } from './api-harness.js';
import { kmsCallScope } from './kms-scope.js';

const place = { region: REGION, accountId: ACCOUNT, requestId: 'r', accessKeyId: 'AKIA', now: new Date() };
const aliasArn = (name: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`;

describe('KMS resources and conditions for IAM', () => {
  it('names the key behind any reference, the alias for alias calls, * for CreateKey and lists', async () => {
    const { call, newKey, store } = kmsApi();
    const [key, other] = [await newKey(), await newKey()];
    await call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.KeyId });
    const blob = (await call('Encrypt', { KeyId: key.KeyId, Plaintext: Buffer.from('x') })).CiphertextBlob;
    const scope = (operation: string, input: object) => kmsCallScope(store)(operation, input, place);
    const missing = '11111111-2222-3333-4444-555555555555';
    const table: Array<[string, object, string[] | undefined]> = [
      ['DescribeKey', { KeyId: 'alias/app' }, [key.Arn]],
      ['Encrypt', { KeyId: aliasArn('alias/app'), Plaintext: Buffer.from('x') }, [key.Arn]],
      ['Decrypt', { CiphertextBlob: blob }, [key.Arn]],
      ['Decrypt', { CiphertextBlob: blob, KeyId: other.KeyId }, [other.Arn]],
      ['CreateAlias', { AliasName: 'alias/new', TargetKeyId: other.Arn }, [aliasArn('alias/new'), other.Arn]],
      ['UpdateAlias', { AliasName: 'alias/app', TargetKeyId: other.KeyId }, [aliasArn('alias/app'), other.Arn, key.Arn]],
      ['DeleteAlias', { AliasName: 'alias/app' }, [aliasArn('alias/app'), key.Arn]],
      ['DescribeKey', { KeyId: missing }, [`arn:aws:kms:${REGION}:${ACCOUNT}:key/${missing}`]],
      ['DescribeKey', { KeyId: 'alias/none' }, ['*']],
      ['CreateKey', {}, ['*']],
      ['ListAliases', { KeyId: key.KeyId }, undefined],
    ];
    for (const [operation, input, resources] of table) assert.deepEqual(scope(operation, input)?.resources, resources, `${operation} ${JSON.stringify(input)}`);
  });

  it('offers the condition keys each action lists', async () => {
    const { call, newKey, store } = kmsApi();
    const key = await newKey({ Tags: [{ TagKey: 'team', TagValue: 'a' }] });
    await call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.KeyId });
    const scope = (operation: string, input: object) => kmsCallScope(store)(operation, input, place)?.context;
    assert.deepEqual(scope('Encrypt', { KeyId: 'alias/app', Plaintext: Buffer.from('x'), EncryptionContext: { tenant: 't1' } }), {
      'kms:CallerAccount': ACCOUNT, 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT', 'kms:RequestAlias': 'alias/app', 'kms:EncryptionContextKeys': ['tenant'],
      'kms:EncryptionContext:tenant': 't1', 'aws:ResourceTag/team': 'a',
    });
    assert.deepEqual(scope('CreateKey', { Tags: [{ TagKey: 'env', TagValue: 'prod' }], MultiRegion: true }), {
      'kms:CallerAccount': ACCOUNT, 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT', 'kms:KeyOrigin': 'AWS_KMS', 'kms:MultiRegion': 'true',
      'aws:TagKeys': ['env'], 'aws:RequestTag/env': 'prod',
    });
    assert.deepEqual(scope('ScheduleKeyDeletion', { KeyId: key.KeyId, PendingWindowInDays: 7 }), {
      'kms:CallerAccount': ACCOUNT, 'kms:ScheduleKeyDeletionPendingWindowInDays': '7', 'aws:ResourceTag/team': 'a',
    });
    assert.equal(kmsCallScope(store)('ListKeys', {}, place), undefined);
  });

  it('the key policy decides with IAM policies: a principal it names, an account it defers to, a deny it holds', async () => {
    const { call, newKey, store } = kmsApi();
    const user: Principal = { accessKeyId: 'AKIAUSER', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/bob`, root: false, type: 'user', userId: 'AIDABOB', username: 'bob' };
    const identity: ReturnType<typeof parsePolicy>[] = [];
    const authorizer = policyAuthorizer({ policiesOf: () => ({ identity, session: [] }), revision: () => identity.length });
    const allowed = async (principal: Principal, keyId: string) => {
      const scoped = kmsCallScope(store)('DescribeKey', { KeyId: keyId }, place)!;
      return authorizer.authorize({ principal, action: iamActionFor('kms', 'DescribeKey')!, resources: scoped.resources, region: REGION, context: scoped.context, resourcePolicy: scoped.resourcePolicy }).allowed;
    };
    const byDefault = await newKey();
    assert.equal(await allowed(user, byDefault.KeyId), false, 'the default policy leaves it to IAM policies, and bob has none');
    identity.push(parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Describe*', Resource: '*' }] }), 'identity'));
    assert.equal(await allowed(user, byDefault.KeyId), true);
    identity.pop();
    const statement = (effect: string, principal: string) => ({ Effect: effect, Principal: { AWS: principal }, Action: 'kms:DescribeKey', Resource: '*' });
    const naming = await newKey({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement('Allow', user.arn)] }) });
    assert.equal(await allowed(user, naming.KeyId), true, 'a key policy naming bob allows him on its own');
    const denying = await newKey();
    await call('PutKeyPolicy', { KeyId: denying.KeyId, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement('Deny', '*')] }) });
    assert.equal(await allowed(rootPrincipal('AKIAROOT', ACCOUNT), denying.KeyId), false, 'a deny in the key policy holds even for the root');
    assert.equal(await allowed(rootPrincipal('AKIAROOT', ACCOUNT), byDefault.KeyId), true);
  });
});
