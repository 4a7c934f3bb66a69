/** Groups, tags and the account summary through the handlers (memory store). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, allow, iamApi, TRUST_EC2 } from './api-harness.js';

describe('IAM groups', () => {
  it('members: add (idempotent), list both ways, remove; at most 10 groups per user', async () => {
    const { call, failure } = iamApi();
    const group = (await call('CreateGroup', { GroupName: 'Admins', Path: '/ops/' })).Group;
    assert.match(group.GroupId, /^AGPA[A-Z0-9]{17}$/);
    assert.equal(group.Arn, `arn:aws:iam::${ACCOUNT}:group/ops/Admins`);
    await call('CreateUser', { UserName: 'bob' });
    await call('AddUserToGroup', { GroupName: 'admins', UserName: 'bob' });
    await call('AddUserToGroup', { GroupName: 'Admins', UserName: 'bob' });
    const got = await call('GetGroup', { GroupName: 'Admins' });
    assert.deepEqual([got.Group.GroupName, got.Users.map((u) => u.UserName), got.IsTruncated], ['Admins', ['bob'], false]);
    assert.deepEqual((await call('ListGroupsForUser', { UserName: 'bob' })).Groups.map((g) => g.GroupName), ['Admins']);
    for (let i = 1; i < 10; i++) {
      await call('CreateGroup', { GroupName: `g${i}` });
      await call('AddUserToGroup', { GroupName: `g${i}`, UserName: 'bob' });
    }
    await call('CreateGroup', { GroupName: 'g10' });
    assert.equal(await failure('AddUserToGroup', { GroupName: 'g10', UserName: 'bob' }), 'LimitExceeded(409): Cannot exceed quota for GroupsPerUser: 10');
    assert.equal(await failure('DeleteGroup', { GroupName: 'Admins' }), 'DeleteConflict(409): Cannot delete entity, must remove users from group first.');
    await call('RemoveUserFromGroup', { GroupName: 'Admins', UserName: 'bob' });
    assert.equal(await failure('RemoveUserFromGroup', { GroupName: 'Admins', UserName: 'bob' }), 'NoSuchEntity(404): The user with name bob cannot be found.');
    await call('DeleteGroup', { GroupName: 'Admins' });
    assert.equal(await failure('GetGroup', { GroupName: 'Admins' }), 'NoSuchEntity(404): The group with name Admins cannot be found.');
  });

  it('UpdateGroup renames, keeping members; ListGroups filters by path', async () => {
    const { call } = iamApi();
    await call('CreateGroup', { GroupName: 'a', Path: '/x/' });
    await call('CreateGroup', { GroupName: 'b' });
    await call('CreateUser', { UserName: 'u' });
    await call('AddUserToGroup', { GroupName: 'a', UserName: 'u' });
    await call('UpdateGroup', { GroupName: 'a', NewGroupName: 'c' });
    assert.deepEqual((await call('GetGroup', { GroupName: 'c' })).Users.map((u) => u.UserName), ['u']);
    assert.deepEqual((await call('ListGroupsForUser', { UserName: 'u' })).Groups.map((g) => g.Arn), [`arn:aws:iam::${ACCOUNT}:group/x/c`]);
    assert.deepEqual((await call('ListGroups', { PathPrefix: '/x/' })).Groups.map((g) => g.GroupName), ['c']);
  });
});

describe('IAM tags', () => {
  it('Tag/Untag/List for users, roles, policies and instance profiles; keys are case-insensitive', async () => {
    const { call, failure } = iamApi();
    await call('CreateUser', { UserName: 'u' });
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 });
    const arn = (await call('CreatePolicy', { PolicyName: 'p', PolicyDocument: allow('s3:*') })).Policy.Arn;
    await call('CreateInstanceProfile', { InstanceProfileName: 'ip' });
    const targets = [
      ['TagUser', 'UntagUser', 'ListUserTags', { UserName: 'u' }],
      ['TagRole', 'UntagRole', 'ListRoleTags', { RoleName: 'r' }],
      ['TagPolicy', 'UntagPolicy', 'ListPolicyTags', { PolicyArn: arn }],
      ['TagInstanceProfile', 'UntagInstanceProfile', 'ListInstanceProfileTags', { InstanceProfileName: 'ip' }],
    ] as const;
    for (const [tag, untag, list, id] of targets) {
      await call(tag, { ...id, Tags: [{ Key: 'Dept', Value: 'a' }, { Key: 'Loc', Value: 'b' }] });
      await call(tag, { ...id, Tags: [{ Key: 'dept', Value: 'c' }] });
      assert.deepEqual((await call(list, id)).Tags, [{ Key: 'Loc', Value: 'b' }, { Key: 'dept', Value: 'c' }], list);
      await call(untag, { ...id, TagKeys: ['LOC'] });
      assert.deepEqual((await call(list, id)).Tags, [{ Key: 'dept', Value: 'c' }], list);
    }
    assert.equal(await failure('TagUser', { UserName: 'u', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] }), 'InvalidInput(400): Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    assert.match(await failure('TagUser', { UserName: 'u', Tags: [{ Key: 'aws:x', Value: '1' }] }), /^InvalidInput/);
    assert.equal(await failure('TagUser', { UserName: 'u', Tags: Array.from({ length: 50 }, (_v, i) => ({ Key: `k${i}`, Value: '' })) }), 'LimitExceeded(409): The number of tags has reached the maximum limit.');
    assert.equal(await failure('TagPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', Tags: [{ Key: 'a', Value: '1' }] }), 'NoSuchEntity(404): Policy arn:aws:iam::aws:policy/ReadOnlyAccess was not found.');
  });
});

describe('IAM account summary', () => {
  it("counts the account's entities next to IAM's quotas", async () => {
    const { call } = iamApi();
    await call('CreateUser', { UserName: 'u' });
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 });
    await call('CreatePolicy', { PolicyName: 'p', PolicyDocument: allow('s3:*') });
    await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    const map = (await call('GetAccountSummary', {})).SummaryMap;
    assert.deepEqual([map.Users, map.Roles, map.Groups, map.Policies, map.PolicyVersionsInUse], [1, 1, 0, 1, 2]);
    assert.deepEqual([map.UsersQuota, map.AccessKeysPerUserQuota, map.VersionsPerPolicyQuota, map.RolePolicySizeQuota, map.AssumeRolePolicySizeQuota], [5000, 2, 5, 10240, 2048]);
  });
});

describe('IAM GetAccountAuthorizationDetails', () => {
  it('lists users, groups, roles and the policies in use, with their documents, in pages', async () => {
    const { call } = iamApi();
    await call('CreateUser', { UserName: 'u' });
    await call('CreateGroup', { GroupName: 'g' });
    await call('AddUserToGroup', { GroupName: 'g', UserName: 'u' });
    await call('PutUserPolicy', { UserName: 'u', PolicyName: 'inline', PolicyDocument: allow('s3:*') });
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 });
    await call('CreateInstanceProfile', { InstanceProfileName: 'ip' });
    await call('AddRoleToInstanceProfile', { InstanceProfileName: 'ip', RoleName: 'r' });
    await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await call('CreatePolicy', { PolicyName: 'p', PolicyDocument: allow('ecs:*') });
    const all = await call('GetAccountAuthorizationDetails', {});
    assert.deepEqual(all.UserDetailList.map((u) => [u.UserName, u.GroupList, u.UserPolicyList.map((p) => p.PolicyName)]), [['u', ['g'], ['inline']]]);
    assert.deepEqual(all.RoleDetailList[0].InstanceProfileList.map((p) => p.InstanceProfileName), ['ip']);
    assert.deepEqual(all.RoleDetailList[0].AttachedManagedPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    assert.deepEqual(all.Policies.map((p) => p.PolicyName), ['p', 'ReadOnlyAccess']);
    assert.equal(decodeURIComponent(all.Policies[0].PolicyVersionList[0].Document), allow('ecs:*'));
    const roles = await call('GetAccountAuthorizationDetails', { Filter: ['Role'], MaxItems: 1 });
    assert.deepEqual([roles.RoleDetailList.length, roles.UserDetailList.length, roles.IsTruncated], [1, 0, false]);
    const first = await call('GetAccountAuthorizationDetails', { MaxItems: 2 });
    const rest = await call('GetAccountAuthorizationDetails', { MaxItems: 10, Marker: first.Marker });
    assert.deepEqual([first.UserDetailList.length, first.GroupDetailList.length, rest.RoleDetailList.length, rest.Policies.length], [1, 1, 1, 2]);
  });
});
