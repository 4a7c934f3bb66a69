/** IAM's resources for the authorize step: entity ARNs with their paths, new ones from the request. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, allow, iamApi, TRUST_EC2 } from './api-harness.js';
import { iamCallScope } from './iam-scope.js';

const ctx = { region: 'us-east-1', accountId: ACCOUNT };
const A = `arn:aws:iam::${ACCOUNT}`;

describe('IAM resources for IAM', () => {
  it('names existing entities with their paths and new ones from the request', async () => {
    const { call, store } = iamApi();
    await call('CreateUser', { UserName: 'bob', Path: '/eng/' });
    await call('CreateRole', { RoleName: 'web', Path: '/app/', AssumeRolePolicyDocument: TRUST_EC2 });
    const policy = (await call('CreatePolicy', { PolicyName: 'p', Path: '/team/', PolicyDocument: allow('s3:*') })).Policy.Arn;
    const key = (await call('CreateAccessKey', { UserName: 'bob' })).AccessKey.AccessKeyId;
    const scope = (operation: string, input: object, place: { region: string; accountId: string }, accessKeyId = 'AKIAROOTROOTROOTROOT') =>
      iamCallScope(store)(operation, input, { ...place, accessKeyId, requestId: 'r', now: new Date() });
    const table: Array<[string, object, string[] | undefined]> = [
      ['GetUser', { UserName: 'BOB' }, [`${A}:user/eng/bob`]],
      ['CreateUser', { UserName: 'new', Path: '/x/' }, [`${A}:user/x/new`]],
      ['UpdateUser', { UserName: 'bob', NewUserName: 'robert' }, [`${A}:user/eng/bob`, `${A}:user/eng/robert`]],
      ['GetAccessKeyLastUsed', { AccessKeyId: key }, [`${A}:user/eng/bob`]],
      ['AttachRolePolicy', { RoleName: 'web', PolicyArn: policy }, [`${A}:role/app/web`]],
      ['CreatePolicy', { PolicyName: 'q', Path: '/t/', PolicyDocument: '{}' }, [`${A}:policy/t/q`]],
      ['CreatePolicyVersion', { PolicyArn: policy, PolicyDocument: '{}' }, [policy]],
      ['CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' }, [`${A}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`]],
      ['CreateInstanceProfile', { InstanceProfileName: 'ip' }, [`${A}:instance-profile/ip`]],
      ['ListUsers', {}, undefined],
    ];
    for (const [operation, input, resources] of table) assert.deepEqual(scope(operation, input, ctx)?.resources, resources, operation);
    assert.deepEqual(scope('AttachRolePolicy', { RoleName: 'web', PolicyArn: policy }, ctx)?.context, { 'iam:PolicyARN': policy });
    // Without a user name, a user's own key acts on that user.
    assert.deepEqual(scope('GetUser', {}, ctx, key)?.resources, [`${A}:user/eng/bob`]);
    assert.deepEqual(scope('ListAccessKeys', {}, ctx, key)?.resources, [`${A}:user/eng/bob`]);
    assert.equal(scope('GetUser', {}, ctx), undefined);
    assert.deepEqual(scope('CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' }, ctx)?.context, { 'iam:AWSServiceName': 'ecs.amazonaws.com' });
  });
});
