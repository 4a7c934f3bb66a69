/** Roles, service-linked roles and instance profiles through the handlers (memory store). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, iamApi, TRUST_EC2 } from './api-harness.js';

const decode = (doc: string) => JSON.parse(decodeURIComponent(doc));

describe('IAM roles', () => {
  it('CreateRole answers the role with its URL-encoded trust policy; GetRole adds MaxSessionDuration and RoleLastUsed', async () => {
    const { call } = iamApi();
    const created = (await call('CreateRole', { RoleName: 'Test-Role', AssumeRolePolicyDocument: TRUST_EC2, Description: 'Test Role', Tags: [{ Key: 'a', Value: 'b' }] })).Role;
    assert.match(created.RoleId, /^AROA[A-Z0-9]{17}$/);
    assert.equal(created.Arn, `arn:aws:iam::${ACCOUNT}:role/Test-Role`);
    assert.deepEqual(decode(created.AssumeRolePolicyDocument), JSON.parse(TRUST_EC2));
    assert.equal('MaxSessionDuration' in created, false);
    const role = (await call('GetRole', { RoleName: 'test-role' })).Role;
    assert.deepEqual([role.RoleName, role.Description, role.MaxSessionDuration, role.RoleLastUsed, role.Tags], ['Test-Role', 'Test Role', 3600, {}, [{ Key: 'a', Value: 'b' }]]);
    const listed = (await call('ListRoles', {})).Roles[0];
    assert.deepEqual(Object.keys(listed).sort(), ['Arn', 'AssumeRolePolicyDocument', 'CreateDate', 'Description', 'MaxSessionDuration', 'Path', 'RoleId', 'RoleName']);
  });

  it('trust policies are validated with IAM grammar and size', async () => {
    const { failure } = iamApi();
    const table: Array<[string, string]> = [
      ['{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}', 'MalformedPolicyDocument(400): Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!'],
      ['{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}', 'MalformedPolicyDocument(400): Has prohibited field Resource'],
      ['not json', 'MalformedPolicyDocument(400): Syntax errors in policy.'],
      [JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: Array.from({ length: 80 }, (_v, i) => `arn:aws:iam::${String(i).padStart(12, '0')}:root`) }, Action: 'sts:AssumeRole' }] }), 'LimitExceeded(409): Cannot exceed quota for ACLSizePerRole: 2048'],
    ];
    for (const [doc, error] of table) assert.equal(await failure('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: doc }), error);
  });

  it('MaxSessionDuration is 3,600–43,200; UpdateRole and UpdateAssumeRolePolicy change the role', async () => {
    const { call, failure } = iamApi();
    assert.match(await failure('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2, MaxSessionDuration: 100 }), /^ValidationError\(400\): 1 validation error detected: Value '100' at 'maxSessionDuration'/);
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2, MaxSessionDuration: 7200 });
    assert.match(await failure('UpdateRole', { RoleName: 'r', MaxSessionDuration: 50000 }), /less than or equal to 43200/);
    await call('UpdateRole', { RoleName: 'r', MaxSessionDuration: 43200, Description: 'd' });
    const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    await call('UpdateAssumeRolePolicy', { RoleName: 'r', PolicyDocument: trust });
    const role = (await call('GetRole', { RoleName: 'r' })).Role;
    assert.deepEqual([role.MaxSessionDuration, role.Description, decodeURIComponent(role.AssumeRolePolicyDocument)], [43200, 'd', trust]);
    assert.equal((await call('UpdateRoleDescription', { RoleName: 'r', Description: 'e' })).Role.Description, 'e');
  });

  it('DeleteRole refuses while inline policies, attached policies or instance profiles remain', async () => {
    const { call, failure } = iamApi();
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 });
    await call('PutRolePolicy', { RoleName: 'r', PolicyName: 'p', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' });
    await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await call('CreateInstanceProfile', { InstanceProfileName: 'ip' });
    await call('AddRoleToInstanceProfile', { InstanceProfileName: 'ip', RoleName: 'r' });
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['must delete policies first.', () => call('DeleteRolePolicy', { RoleName: 'r', PolicyName: 'p' })],
      ['must detach all policies first.', () => call('DetachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })],
      ['must remove roles from instance profile first.', () => call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'ip', RoleName: 'r' })],
    ];
    for (const [message, fix] of steps) {
      assert.equal(await failure('DeleteRole', { RoleName: 'r' }), `DeleteConflict(409): Cannot delete entity, ${message}`);
      await fix();
    }
    await call('DeleteRole', { RoleName: 'r' });
    assert.deepEqual((await call('ListRoles', {})).Roles, []);
  });
});

describe('IAM service-linked roles', () => {
  it('AWSServiceRoleForECS: its path, trust policy and policy; AWS changes it, not the account', async () => {
    const { call, failure } = iamApi();
    const role = (await call('CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' })).Role;
    assert.equal(role.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`);
    assert.equal(role.Path, '/aws-service-role/ecs.amazonaws.com/');
    assert.deepEqual(decode(role.AssumeRolePolicyDocument).Statement[0].Principal, { Service: ['ecs.amazonaws.com'] });
    assert.deepEqual((await call('ListAttachedRolePolicies', { RoleName: 'AWSServiceRoleForECS' })).AttachedPolicies, [{ PolicyName: 'AmazonECSServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' }]);
    assert.equal(await failure('CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' }), 'InvalidInput(400): Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.');
    const protectedRole = "UnmodifiableEntity(400): Cannot perform the operation on the protected role 'AWSServiceRoleForECS' - this role is only modifiable by AWS";
    assert.equal(await failure('DeleteRole', { RoleName: 'AWSServiceRoleForECS' }), protectedRole);
    assert.equal(await failure('PutRolePolicy', { RoleName: 'AWSServiceRoleForECS', PolicyName: 'p', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' }), protectedRole);
    assert.equal(await failure('DetachRolePolicy', { RoleName: 'AWSServiceRoleForECS', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' }), protectedRole);
    const { DeletionTaskId } = await call('DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForECS' });
    assert.match(DeletionTaskId, /^task\/aws-service-role\/ecs\.amazonaws\.com\/AWSServiceRoleForECS\/[0-9a-f-]{36}$/);
    assert.deepEqual(await call('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId }), { Status: 'SUCCEEDED' });
    assert.match(await failure('GetRole', { RoleName: 'AWSServiceRoleForECS' }), /^NoSuchEntity/);
  });

  it('service role policies attach only to service-linked roles; a custom suffix names another role', async () => {
    const { call, failure } = iamApi();
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 });
    assert.equal(await failure('AttachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' }), 'PolicyNotAttachable(400): Cannot attach a Service Role Policy to a Customer Role.');
    assert.equal((await call('CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: 'x' })).Role.RoleName, 'AWSServiceRoleForECS_x');
    assert.match(await failure('CreateServiceLinkedRole', { AWSServiceName: 'nope.amazonaws.com' }), /^InvalidInput/);
    // Fuzz finding: a name of Object.prototype was looked up as a service (a 500).
    assert.match(await failure('CreateServiceLinkedRole', { AWSServiceName: 'toString' }), /^InvalidInput\(400\): Berth has no service-linked role for toString/);
    assert.match(await failure('DeleteServiceLinkedRole', { RoleName: 'r' }), /^InvalidInput\(400\): Role r is not a service-linked role\./);
  });
});

describe('IAM instance profiles', () => {
  it('one role per profile; profiles list their roles; a role lists its profiles', async () => {
    const { call, failure } = iamApi();
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 });
    await call('CreateRole', { RoleName: 'r2', AssumeRolePolicyDocument: TRUST_EC2 });
    const created = (await call('CreateInstanceProfile', { InstanceProfileName: 'web', Path: '/x/' })).InstanceProfile;
    assert.match(created.InstanceProfileId, /^AIPA[A-Z0-9]{17}$/);
    assert.equal(created.Arn, `arn:aws:iam::${ACCOUNT}:instance-profile/x/web`);
    assert.deepEqual(created.Roles, []);
    await call('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'r' });
    assert.equal(await failure('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'r2' }), 'LimitExceeded(409): Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    const profile = (await call('GetInstanceProfile', { InstanceProfileName: 'web' })).InstanceProfile;
    assert.deepEqual(profile.Roles.map((r) => r.RoleName), ['r']);
    assert.deepEqual((await call('ListInstanceProfilesForRole', { RoleName: 'r' })).InstanceProfiles.map((p) => p.InstanceProfileName), ['web']);
    assert.deepEqual((await call('ListInstanceProfilesForRole', { RoleName: 'r2' })).InstanceProfiles, []);
    assert.equal(await failure('DeleteInstanceProfile', { InstanceProfileName: 'web' }), 'DeleteConflict(409): Cannot delete entity, must remove roles from instance profile first.');
    await call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web', RoleName: 'r' });
    await call('DeleteInstanceProfile', { InstanceProfileName: 'web' });
    assert.equal(await failure('GetInstanceProfile', { InstanceProfileName: 'web' }), 'NoSuchEntity(404): Instance Profile web cannot be found.');
    await call('CreateInstanceProfile', { InstanceProfileName: 'dup' });
    assert.equal(await failure('CreateInstanceProfile', { InstanceProfileName: 'DUP' }), 'EntityAlreadyExists(409): Instance Profile DUP already exists.');
  });
});
