/** Users and access keys through the handlers (memory store). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, iamApi, ROOT_KEY } from './api-harness.js';

describe('IAM users', () => {
  it('CreateUser answers the user with an AIDA id, its ARN with the path, tags and boundary', async () => {
    const { call } = iamApi();
    const { User } = await call('CreateUser', { UserName: 'Bob', Path: '/division_abc/subdivision_xyz/', Tags: [{ Key: 'Department', Value: 'Accounting' }], PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    assert.match(User.UserId, /^AIDA[A-Z0-9]{17}$/);
    assert.equal(User.Arn, `arn:aws:iam::${ACCOUNT}:user/division_abc/subdivision_xyz/Bob`);
    assert.equal(User.CreateDate, '2026-01-01T00:00:00Z');
    assert.deepEqual(User.Tags, [{ Key: 'Department', Value: 'Accounting' }]);
    assert.deepEqual(User.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
  });

  it('names are unique regardless of case and found in any case', async () => {
    const { call, failure } = iamApi();
    await call('CreateUser', { UserName: 'Bob' });
    assert.equal(await failure('CreateUser', { UserName: 'BOB' }), 'EntityAlreadyExists(409): User with name BOB already exists.');
    assert.equal((await call('GetUser', { UserName: 'bob' })).User.UserName, 'Bob');
  });

  it('ListUsers pages in name order with Marker/MaxItems and filters by PathPrefix', async () => {
    const { call } = iamApi();
    for (const [name, path] of [['carol', '/eng/'], ['alice', '/eng/'], ['bob', '/ops/'], ['dave', '/']]) await call('CreateUser', { UserName: name, Path: path });
    const first = await call('ListUsers', { MaxItems: 2 });
    assert.deepEqual(first.Users.map((u) => u.UserName), ['alice', 'bob']);
    assert.equal(first.IsTruncated, true);
    const second = await call('ListUsers', { MaxItems: 2, Marker: first.Marker });
    assert.deepEqual(second.Users.map((u) => u.UserName), ['carol', 'dave']);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    assert.deepEqual((await call('ListUsers', { PathPrefix: '/eng' })).Users.map((u) => u.UserName), ['alice', 'carol']);
    // Listings leave tags out, as IAM's do.
    assert.equal('Tags' in first.Users[0], false);
  });

  it('UpdateUser renames (keeping the id and the access keys) and moves the path', async () => {
    const { call, failure } = iamApi();
    const { User } = await call('CreateUser', { UserName: 'bob' });
    const { AccessKey } = await call('CreateAccessKey', { UserName: 'bob' });
    await call('CreateUser', { UserName: 'taken' });
    assert.match(await failure('UpdateUser', { UserName: 'bob', NewUserName: 'Taken' }), /^EntityAlreadyExists/);
    await call('UpdateUser', { UserName: 'bob', NewUserName: 'robert', NewPath: '/x/' });
    const renamed = (await call('GetUser', { UserName: 'robert' })).User;
    assert.equal(renamed.UserId, User.UserId);
    assert.equal(renamed.Arn, `arn:aws:iam::${ACCOUNT}:user/x/robert`);
    assert.deepEqual((await call('ListAccessKeys', { UserName: 'robert' })).AccessKeyMetadata.map((k) => [k.AccessKeyId, k.UserName]), [[AccessKey.AccessKeyId, 'robert']]);
    assert.match(await failure('GetUser', { UserName: 'bob' }), /^NoSuchEntity\(404\): The user with name bob cannot be found\.$/);
  });

  it('DeleteUser refuses while keys, policies or groups remain, in that order', async () => {
    const { call, failure } = iamApi();
    await call('CreateUser', { UserName: 'u' });
    await call('CreateGroup', { GroupName: 'g' });
    const { AccessKey } = await call('CreateAccessKey', { UserName: 'u' });
    await call('PutUserPolicy', { UserName: 'u', PolicyName: 'p', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' });
    await call('AttachUserPolicy', { UserName: 'u', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await call('AddUserToGroup', { UserName: 'u', GroupName: 'g' });
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['must delete access keys first.', () => call('DeleteAccessKey', { UserName: 'u', AccessKeyId: AccessKey.AccessKeyId })],
      ['must delete policies first.', () => call('DeleteUserPolicy', { UserName: 'u', PolicyName: 'p' })],
      ['must detach all policies first.', () => call('DetachUserPolicy', { UserName: 'u', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })],
      ['must remove users from group first.', () => call('RemoveUserFromGroup', { UserName: 'u', GroupName: 'g' })],
    ];
    for (const [message, fix] of steps) {
      assert.equal(await failure('DeleteUser', { UserName: 'u' }), `DeleteConflict(409): Cannot delete entity, ${message}`);
      await fix();
    }
    await call('DeleteUser', { UserName: 'u' });
  });

  it('GetUser without a name answers for the caller: a user, the root, never a role session', async () => {
    const { call, failure, directory } = iamApi();
    await call('CreateUser', { UserName: 'me' });
    const { AccessKey } = await call('CreateAccessKey', { UserName: 'me' });
    assert.equal((await call('GetUser', {}, { accessKeyId: AccessKey.AccessKeyId })).User.UserName, 'me');
    const root = (await call('GetUser', {})).User;
    assert.deepEqual([root.UserId, root.Arn, 'UserName' in root], [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, false]);
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}' });
    const session = directory.createSession({ accountId: ACCOUNT, region: 'us-east-1', subject: { type: 'role', roleArn: `arn:aws:iam::${ACCOUNT}:role/r`, sessionName: 's' }, durationSeconds: 900 });
    assert.equal(await failure('GetUser', {}, { accessKeyId: session.accessKeyId }), 'ValidationError(400): Must specify userName when calling with non-User credentials');
  });
});

describe('IAM access keys', () => {
  it('CreateAccessKey answers the secret once; ListAccessKeys never does', async () => {
    const { call } = iamApi();
    await call('CreateUser', { UserName: 'Bob' });
    const { AccessKey } = await call('CreateAccessKey', { UserName: 'Bob' });
    assert.match(AccessKey.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.match(AccessKey.SecretAccessKey, /^[A-Za-z0-9+/]{40}$/);
    assert.equal(AccessKey.Status, 'Active');
    const listed = (await call('ListAccessKeys', { UserName: 'Bob' })).AccessKeyMetadata;
    assert.deepEqual(listed, [{ UserName: 'Bob', AccessKeyId: AccessKey.AccessKeyId, Status: 'Active', CreateDate: AccessKey.CreateDate }]);
  });

  it('two keys per user at most (Inactive ones count)', async () => {
    const { call, failure } = iamApi();
    await call('CreateUser', { UserName: 'u' });
    const first = (await call('CreateAccessKey', { UserName: 'u' })).AccessKey;
    await call('UpdateAccessKey', { UserName: 'u', AccessKeyId: first.AccessKeyId, Status: 'Inactive' });
    await call('CreateAccessKey', { UserName: 'u' });
    assert.equal(await failure('CreateAccessKey', { UserName: 'u' }), 'LimitExceeded(409): Cannot exceed quota for AccessKeysPerUser: 2');
  });

  it("Update/Delete name the caller's key when UserName is left out; another user's key is NoSuchEntity", async () => {
    const { call, failure } = iamApi();
    await call('CreateUser', { UserName: 'a' });
    await call('CreateUser', { UserName: 'b' });
    const ka = (await call('CreateAccessKey', { UserName: 'a' })).AccessKey;
    const kb = (await call('CreateAccessKey', { UserName: 'b' })).AccessKey;
    assert.equal(await failure('UpdateAccessKey', { AccessKeyId: ka.AccessKeyId, Status: 'Inactive' }, { accessKeyId: kb.AccessKeyId }), `NoSuchEntity(404): The Access Key with id ${ka.AccessKeyId} cannot be found.`);
    await call('UpdateAccessKey', { AccessKeyId: ka.AccessKeyId, Status: 'Inactive' }, { accessKeyId: ka.AccessKeyId });
    assert.equal((await call('ListAccessKeys', { UserName: 'a' })).AccessKeyMetadata[0].Status, 'Inactive');
    assert.equal(await failure('DeleteAccessKey', { UserName: 'b', AccessKeyId: ka.AccessKeyId }), `NoSuchEntity(404): The Access Key with id ${ka.AccessKeyId} cannot be found.`);
    await call('DeleteAccessKey', { AccessKeyId: kb.AccessKeyId }, { accessKeyId: kb.AccessKeyId });
    assert.deepEqual((await call('ListAccessKeys', { UserName: 'b' })).AccessKeyMetadata, []);
  });

  it('GetAccessKeyLastUsed: N/A until used, then the service and region', async () => {
    const { call, directory, clock } = iamApi();
    await call('CreateUser', { UserName: 'u' });
    const { AccessKey } = await call('CreateAccessKey', { UserName: 'u' });
    assert.deepEqual(await call('GetAccessKeyLastUsed', { AccessKeyId: AccessKey.AccessKeyId }), { UserName: 'u', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    clock.advance(1000);
    directory.noteKeyUsed(AccessKey.AccessKeyId, 'ecs', 'eu-west-1');
    assert.deepEqual(await call('GetAccessKeyLastUsed', { AccessKeyId: AccessKey.AccessKeyId }), { UserName: 'u', AccessKeyLastUsed: { LastUsedDate: '2026-01-01T00:00:01Z', ServiceName: 'ecs', Region: 'eu-west-1' } });
  });

  it("the root's key is listed for the root; creating one for it is refused", async () => {
    const { call, failure } = iamApi();
    assert.deepEqual((await call('ListAccessKeys', {})).AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status]), [[ROOT_KEY, 'Active']]);
    assert.match(await failure('CreateAccessKey', {}), /^InvalidInput\(400\): The account root's access key is Berth's own/);
  });
});
