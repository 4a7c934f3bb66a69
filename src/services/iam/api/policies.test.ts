/** Managed policies, versions, attachments, inline policies and boundaries through the handlers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, allow, iamApi, TRUST_EC2 } from './api-harness.js';

const ARN = `arn:aws:iam::${ACCOUNT}:policy/my-policy`;
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe('IAM managed policies', () => {
  it('CreatePolicy answers v1, AttachmentCount 0; GetPolicy adds the description and tags', async () => {
    const { call } = iamApi();
    const created = (await call('CreatePolicy', { PolicyName: 'my-policy', PolicyDocument: allow('s3:Get*'), Description: 'd', Tags: [{ Key: 'k', Value: 'v' }] })).Policy;
    assert.match(created.PolicyId, /^ANPA[A-Z0-9]{17}$/);
    assert.deepEqual([created.Arn, created.DefaultVersionId, created.AttachmentCount, created.PermissionsBoundaryUsageCount, created.IsAttachable], [ARN, 'v1', 0, 0, true]);
    const got = (await call('GetPolicy', { PolicyArn: ARN })).Policy;
    assert.deepEqual([got.Description, got.Tags], ['d', [{ Key: 'k', Value: 'v' }]]);
    const aws = (await call('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })).Policy;
    assert.deepEqual([aws.PolicyId, aws.DefaultVersionId, aws.CreateDate], ['ANPAIWMBCKSKIEE64ZLYK', 'v1', '2015-02-06T18:39:46Z']);
  });

  it('documents are checked: grammar, then 6,144 characters without white space', async () => {
    const { call, failure } = iamApi();
    assert.equal(await failure('CreatePolicy', { PolicyName: 'p', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}' }), 'MalformedPolicyDocument(400): Policy statement must contain resources.');
    assert.equal(await failure('CreatePolicy', { PolicyName: 'p', PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}' }), 'MalformedPolicyDocument(400): Policy document should not specify a principal.');
    const big = allow(`s3:${'x'.repeat(6100)}`);
    assert.equal(await failure('CreatePolicy', { PolicyName: 'p', PolicyDocument: big }), 'LimitExceeded(409): Cannot exceed quota for PolicySize: 6144');
    const spaced = allow('s3:GetObject').replace(/,/g, `,${' '.repeat(7000)}`);
    assert.ok(spaced.length > 6144);
    await call('CreatePolicy', { PolicyName: 'p', PolicyDocument: spaced });
  });

  it('versions: at most 5, newest first, the default cannot be deleted, SetDefault switches', async () => {
    const { call, failure } = iamApi();
    await call('CreatePolicy', { PolicyName: 'my-policy', PolicyDocument: allow('s3:Get*') });
    for (let i = 2; i <= 5; i++) assert.equal((await call('CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: allow(`s3:Get${i}`), SetAsDefault: i === 3 })).PolicyVersion.VersionId, `v${i}`);
    assert.equal(await failure('CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: allow('s3:Get6') }), 'LimitExceeded(409): A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    const versions = (await call('ListPolicyVersions', { PolicyArn: ARN })).Versions;
    assert.deepEqual(versions.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
    assert.equal(await failure('DeletePolicyVersion', { PolicyArn: ARN, VersionId: 'v3' }), 'DeleteConflict(409): Cannot delete the default version of a policy.');
    await call('DeletePolicyVersion', { PolicyArn: ARN, VersionId: 'v1' });
    assert.equal((await call('CreatePolicyVersion', { PolicyArn: ARN, PolicyDocument: allow('s3:Get6') })).PolicyVersion.VersionId, 'v6');
    await call('SetDefaultPolicyVersion', { PolicyArn: ARN, VersionId: 'v6' });
    const v6 = (await call('GetPolicyVersion', { PolicyArn: ARN, VersionId: 'v6' })).PolicyVersion;
    assert.deepEqual([v6.IsDefaultVersion, JSON.parse(decodeURIComponent(v6.Document))], [true, JSON.parse(allow('s3:Get6'))]);
    assert.equal((await call('GetPolicy', { PolicyArn: ARN })).Policy.DefaultVersionId, 'v6');
    assert.equal(await failure('GetPolicyVersion', { PolicyArn: ARN, VersionId: 'v1' }), `NoSuchEntity(404): Policy ${ARN} version v1 does not exist or is not attachable.`);
    assert.match(await failure('DeletePolicy', { PolicyArn: ARN }), /^DeleteConflict\(409\): This policy has more than one version\./);
  });

  it('attachments count per holder; a policy in use cannot be deleted; ListEntitiesForPolicy names the holders', async () => {
    const { call, failure } = iamApi();
    await call('CreatePolicy', { PolicyName: 'my-policy', PolicyDocument: allow('s3:Get*') });
    await call('CreateUser', { UserName: 'Alice' });
    await call('CreateGroup', { GroupName: 'Admins' });
    await call('CreateRole', { RoleName: 'DevRole', AssumeRolePolicyDocument: TRUST_EC2 });
    await call('CreateRole', { RoleName: 'Bounded', AssumeRolePolicyDocument: TRUST_EC2, PermissionsBoundary: ARN });
    await call('AttachUserPolicy', { UserName: 'Alice', PolicyArn: ARN });
    await call('AttachUserPolicy', { UserName: 'Alice', PolicyArn: ARN });
    await call('AttachGroupPolicy', { GroupName: 'Admins', PolicyArn: ARN });
    await call('AttachRolePolicy', { RoleName: 'DevRole', PolicyArn: ARN });
    const policy = (await call('GetPolicy', { PolicyArn: ARN })).Policy;
    assert.deepEqual([policy.AttachmentCount, policy.PermissionsBoundaryUsageCount], [3, 1]);
    const entities = await call('ListEntitiesForPolicy', { PolicyArn: ARN });
    assert.deepEqual(entities.PolicyGroups.map((g) => g.GroupName), ['Admins']);
    assert.deepEqual(entities.PolicyUsers.map((u) => u.UserName), ['Alice']);
    assert.deepEqual(entities.PolicyRoles.map((r) => r.RoleName).sort(), ['Bounded', 'DevRole']);
    assert.deepEqual((await call('ListEntitiesForPolicy', { PolicyArn: ARN, PolicyUsageFilter: 'PermissionsBoundary' })).PolicyRoles.map((r) => r.RoleName), ['Bounded']);
    assert.deepEqual((await call('ListEntitiesForPolicy', { PolicyArn: ARN, EntityFilter: 'User' })).PolicyRoles, []);
    assert.equal(await failure('DeletePolicy', { PolicyArn: ARN }), 'DeleteConflict(409): Cannot delete a policy attached to entities.');
    assert.deepEqual((await call('ListAttachedUserPolicies', { UserName: 'Alice' })).AttachedPolicies, [{ PolicyName: 'my-policy', PolicyArn: ARN }]);
    for (const [op, holder] of [['DetachUserPolicy', { UserName: 'Alice' }], ['DetachGroupPolicy', { GroupName: 'Admins' }], ['DetachRolePolicy', { RoleName: 'DevRole' }]] as const) await call(op, { ...holder, PolicyArn: ARN });
    await call('DeleteRolePermissionsBoundary', { RoleName: 'Bounded' });
    assert.equal(await failure('DetachRolePolicy', { RoleName: 'DevRole', PolicyArn: ARN }), `NoSuchEntity(404): Policy ${ARN} was not found.`);
    await call('DeletePolicy', { PolicyArn: ARN });
    assert.equal(await failure('GetPolicy', { PolicyArn: ARN }), `NoSuchEntity(404): Policy ${ARN} was not found.`);
  });

  it('ten managed policies per holder; unknown or malformed ARNs are refused', async () => {
    const { call, failure } = iamApi();
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 });
    for (let i = 0; i < 10; i++) {
      const arn = (await call('CreatePolicy', { PolicyName: `p${i}`, PolicyDocument: allow('s3:Get*') })).Policy.Arn;
      await call('AttachRolePolicy', { RoleName: 'r', PolicyArn: arn });
    }
    assert.equal(await failure('AttachRolePolicy', { RoleName: 'r', PolicyArn: READ_ONLY }), 'LimitExceeded(409): Cannot exceed quota for PoliciesPerRole: 10');
    assert.equal(await failure('AttachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/Nope' }), 'NoSuchEntity(404): Policy arn:aws:iam::aws:policy/Nope does not exist or is not attachable.');
    assert.equal(await failure('AttachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:iam::123456789012:role/x' }), 'InvalidInput(400): ARN arn:aws:iam::123456789012:role/x is not valid.');
  });

  it('ListPolicies: Scope, OnlyAttached, PathPrefix, paging; AWS and local sorted by name', async () => {
    const { call } = iamApi();
    await call('CreatePolicy', { PolicyName: 'AWSCloudTrailAccessPolicy', PolicyDocument: allow('cloudtrail:*') });
    await call('CreatePolicy', { PolicyName: 'team', Path: '/team/', PolicyDocument: allow('s3:*') });
    await call('CreateUser', { UserName: 'u' });
    await call('AttachUserPolicy', { UserName: 'u', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    const all = (await call('ListPolicies', {})).Policies.map((p) => p.PolicyName);
    assert.deepEqual(all.slice(0, 2), ['AWSCloudTrailAccessPolicy', 'AdministratorAccess']);
    assert.deepEqual((await call('ListPolicies', { Scope: 'Local' })).Policies.map((p) => p.PolicyName), ['AWSCloudTrailAccessPolicy', 'team']);
    assert.deepEqual((await call('ListPolicies', { OnlyAttached: true })).Policies.map((p) => [p.PolicyName, p.AttachmentCount]), [['AdministratorAccess', 1]]);
    assert.deepEqual((await call('ListPolicies', { PathPrefix: '/team/' })).Policies.map((p) => p.PolicyName), ['team']);
    assert.ok((await call('ListPolicies', { Scope: 'AWS', PathPrefix: '/service-role/' })).Policies.some((p) => p.PolicyName === 'AmazonECSTaskExecutionRolePolicy'));
    let marker: string | undefined;
    const paged: string[] = [];
    do {
      const page = await call('ListPolicies', { MaxItems: 5, ...(marker ? { Marker: marker } : {}) });
      paged.push(...page.Policies.map((p) => p.PolicyName));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    assert.deepEqual(paged, all);
  });
});

describe('IAM inline policies and boundaries', () => {
  it('Put replaces by name; Get answers the document URL-encoded; sizes are per holder', async () => {
    const { call, failure } = iamApi();
    await call('CreateUser', { UserName: 'u' });
    await call('PutUserPolicy', { UserName: 'u', PolicyName: 'b', PolicyDocument: allow('s3:Get*') });
    await call('PutUserPolicy', { UserName: 'u', PolicyName: 'a', PolicyDocument: allow('s3:Put*') });
    await call('PutUserPolicy', { UserName: 'u', PolicyName: 'b', PolicyDocument: allow('s3:List*') });
    assert.deepEqual((await call('ListUserPolicies', { UserName: 'u' })).PolicyNames, ['a', 'b']);
    const got = await call('GetUserPolicy', { UserName: 'U', PolicyName: 'b' });
    assert.deepEqual([got.UserName, got.PolicyName, decodeURIComponent(got.PolicyDocument)], ['u', 'b', allow('s3:List*')]);
    assert.equal(await failure('PutUserPolicy', { UserName: 'u', PolicyName: 'c', PolicyDocument: allow(`s3:${'x'.repeat(1900)}`) }), 'LimitExceeded(409): Maximum policy size of 2048 bytes exceeded for user u');
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 });
    await call('PutRolePolicy', { RoleName: 'r', PolicyName: 'c', PolicyDocument: allow(`s3:${'x'.repeat(9000)}`) });
    await call('CreateGroup', { GroupName: 'g' });
    assert.equal(await failure('PutGroupPolicy', { GroupName: 'g', PolicyName: 'c', PolicyDocument: allow(`s3:${'x'.repeat(5100)}`) }), 'LimitExceeded(409): Maximum policy size of 5120 bytes exceeded for group g');
    await call('DeleteUserPolicy', { UserName: 'u', PolicyName: 'a' });
    assert.equal(await failure('GetUserPolicy', { UserName: 'u', PolicyName: 'a' }), 'NoSuchEntity(404): The user policy with name a cannot be found.');
    assert.equal(await failure('DeleteRolePolicy', { RoleName: 'r', PolicyName: 'zz' }), 'NoSuchEntity(404): The role policy with name zz cannot be found.');
  });

  it('boundaries name a managed policy; GetUser and GetRole show them', async () => {
    const { call, failure } = iamApi();
    await call('CreateUser', { UserName: 'u' });
    await call('PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: READ_ONLY });
    assert.equal((await call('GetUser', { UserName: 'u' })).User.PermissionsBoundary.PermissionsBoundaryArn, READ_ONLY);
    assert.equal((await call('GetPolicy', { PolicyArn: READ_ONLY })).Policy.PermissionsBoundaryUsageCount, 1);
    await call('DeleteUserPermissionsBoundary', { UserName: 'u' });
    assert.equal('PermissionsBoundary' in (await call('GetUser', { UserName: 'u' })).User, false);
    assert.equal(await failure('PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: 'arn:aws:iam::aws:policy/Nope' }), 'NoSuchEntity(404): Scope ARN: arn:aws:iam::aws:policy/Nope does not exist or is not attachable.');
    await call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST_EC2 });
    await call('PutRolePermissionsBoundary', { RoleName: 'r', PermissionsBoundary: READ_ONLY });
    assert.equal((await call('GetRole', { RoleName: 'r' })).Role.PermissionsBoundary.PermissionsBoundaryType, 'PermissionsBoundaryPolicy');
  });
});
