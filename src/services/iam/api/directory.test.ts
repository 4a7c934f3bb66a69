/**
 * The iamDirectory port: keys → principals, the policies that apply (evaluated with
 * src/iam/policy as the authorizer does), roles for STS, sessions and their expiry.
 * Entities are made through the API, as in a running Berth.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyError } from '../../../iam/policy/errors.js';
import { evaluate } from '../../../iam/policy/evaluate.js';
import { Principal } from '../../../iam/principal.js';
import { StoreDirectory } from '../domain/directory.js';
import { IamDirectoryError } from '../domain/ports.js';
import { sweepSessions } from '../domain/sessions.js';
import { KIND } from '../domain/records.js';
import { ACCOUNT, allow, iamApi } from './api-harness.js';

const TRUST_ACCOUNT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app/web`;

function decide(directory: StoreDirectory, principal: Principal, action: string, resource = '*'): string {
  const { identity, boundary, session } = directory.policiesOf(principal);
  return evaluate({ principal, action, resource, identityPolicies: identity, permissionsBoundary: boundary, sessionPolicies: session }).effect;
}

async function userWithKey(api: ReturnType<typeof iamApi>, name = 'alice') {
  await api.call('CreateUser', { UserName: name, Tags: [{ Key: 'team', Value: 'blue' }] });
  return (await api.call('CreateAccessKey', { UserName: name })).AccessKey;
}

describe('the iamDirectory port: user keys', () => {
  it('an Active key → its secret and the user as principal; Inactive or unknown → undefined', async () => {
    const api = iamApi();
    const key = await userWithKey(api);
    const found = api.directory.credentialFor(key.AccessKeyId)!;
    assert.equal(found.secret, key.SecretAccessKey);
    assert.deepEqual(found.principal, {
      accessKeyId: key.AccessKeyId, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, root: false, type: 'user',
      userId: (await api.call('GetUser', { UserName: 'alice' })).User.UserId, username: 'alice', tags: { team: 'blue' },
    });
    assert.equal(found.sessionToken, undefined);
    await api.call('UpdateAccessKey', { UserName: 'alice', AccessKeyId: key.AccessKeyId, Status: 'Inactive' });
    assert.equal(api.directory.credentialFor(key.AccessKeyId), undefined);
    assert.equal(api.directory.credentialFor('AKIANOSUCHKEYNOSUCH1'), undefined);
  });

  it("policiesOf a user: inline, attached, its groups' and its boundary", async () => {
    const api = iamApi();
    const key = await userWithKey(api);
    const principal = api.directory.credentialFor(key.AccessKeyId)!.principal;
    assert.equal(decide(api.directory, principal, 'ecs:ListClusters'), 'ImplicitDeny');
    await api.call('PutUserPolicy', { UserName: 'alice', PolicyName: 'ecs', PolicyDocument: allow('ecs:List*') });
    assert.equal(decide(api.directory, principal, 'ecs:ListClusters'), 'Allow');
    await api.call('CreateGroup', { GroupName: 'readers' });
    await api.call('AttachGroupPolicy', { GroupName: 'readers', PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' });
    assert.equal(decide(api.directory, principal, 'ecr:BatchGetImage'), 'ImplicitDeny');
    await api.call('AddUserToGroup', { GroupName: 'readers', UserName: 'alice' });
    assert.equal(decide(api.directory, principal, 'ecr:BatchGetImage'), 'Allow');
    await api.call('PutGroupPolicy', { GroupName: 'readers', PolicyName: 'no-ecr', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ecr:BatchGetImage', Resource: '*' }] }) });
    assert.equal(decide(api.directory, principal, 'ecr:BatchGetImage'), 'ExplicitDeny');
    const boundary = (await api.call('CreatePolicy', { PolicyName: 'only-ecr', PolicyDocument: allow('ecr:*') })).Policy.Arn;
    await api.call('PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: boundary });
    assert.equal(decide(api.directory, principal, 'ecs:ListClusters'), 'ImplicitDeny');
    assert.equal(decide(api.directory, principal, 'ecr:DescribeRepositories'), 'Allow');
    const { identity, boundary: parsed, session } = api.directory.policiesOf(principal);
    assert.deepEqual([identity.length, parsed?.name, session.length], [3, boundary, 0]);
  });

  it('the root has no policies; a deleted and re-created user does not inherit the old key', async () => {
    const api = iamApi();
    const key = await userWithKey(api);
    const principal = api.directory.credentialFor(key.AccessKeyId)!.principal;
    assert.deepEqual(api.directory.policiesOf({ ...principal, type: 'root', root: true }), { identity: [], session: [] });
    await api.call('DeleteAccessKey', { UserName: 'alice', AccessKeyId: key.AccessKeyId });
    await api.call('DeleteUser', { UserName: 'alice' });
    await api.call('CreateUser', { UserName: 'alice' });
    await api.call('PutUserPolicy', { UserName: 'alice', PolicyName: 'all', PolicyDocument: allow('*') });
    assert.deepEqual(api.directory.policiesOf(principal).identity, []);
  });
});

describe('the iamDirectory port: roles and sessions', () => {
  it('findRole: the parsed trust policy, MaxSessionDuration, tags; the path must match', async () => {
    const api = iamApi();
    await api.call('CreateRole', { RoleName: 'web', Path: '/app/', AssumeRolePolicyDocument: TRUST_ACCOUNT, MaxSessionDuration: 7200, Tags: [{ Key: 'env', Value: 'prod' }] });
    const role = api.directory.findRole(ACCOUNT, ROLE_ARN)!;
    assert.deepEqual([role.roleName, role.path, role.maxSessionDuration, role.tags, role.serviceLinked, role.trustPolicy.kind], ['web', '/app/', 7200, { env: 'prod' }, false, 'trust']);
    assert.match(role.roleId, /^AROA/);
    for (const arn of [`arn:aws:iam::${ACCOUNT}:role/web`, `arn:aws:iam::111111111111:role/app/web`, 'nonsense']) assert.equal(api.directory.findRole(ACCOUNT, arn), undefined, arn);
  });

  it("createSession for a role: ASIA key, token, expiration, the assumed-role principal; policies = role's ∩ session's", async () => {
    const api = iamApi();
    await api.call('CreateRole', { RoleName: 'web', Path: '/app/', AssumeRolePolicyDocument: TRUST_ACCOUNT, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'a' }] });
    await api.call('AttachRolePolicy', { RoleName: 'web', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    const creds = api.directory.createSession({
      accountId: ACCOUNT, region: 'eu-west-1', durationSeconds: 900, policies: [allow('ecs:Describe*')],
      subject: { type: 'role', roleArn: ROLE_ARN, sessionName: 'build-7', tags: { team: 'b' }, sourceIdentity: 'ci' },
    });
    assert.match(creds.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(creds.expiration.toISOString(), '2026-01-01T00:15:00.000Z');
    const role = api.directory.findRole(ACCOUNT, ROLE_ARN)!;
    assert.deepEqual(creds.principal, {
      accessKeyId: creds.accessKeyId, accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/web/build-7`, root: false, type: 'assumed-role',
      userId: `${role.roleId}:build-7`, tags: { env: 'prod', team: 'b' }, roleArn: ROLE_ARN, sessionName: 'build-7',
    });
    const found = api.directory.credentialFor(creds.accessKeyId)!;
    assert.deepEqual([found.secret, found.sessionToken, found.expiration?.getTime()], [creds.secretAccessKey, creds.sessionToken, creds.expiration.getTime()]);
    assert.equal(decide(api.directory, found.principal, 'ecs:DescribeClusters'), 'Allow');
    assert.equal(decide(api.directory, found.principal, 'ecs:ListClusters'), 'ImplicitDeny', 'read-only allows it, the session policy does not');
    const got = (await api.call('GetRole', { RoleName: 'web' })).Role;
    assert.deepEqual(got.RoleLastUsed, { LastUsedDate: '2026-01-01T00:00:00Z', Region: 'eu-west-1' });
  });

  it('sessions expire: credentialFor answers nothing at the expiration and the sweep deletes them', async () => {
    const api = iamApi();
    await api.call('CreateRole', { RoleName: 'web', Path: '/app/', AssumeRolePolicyDocument: TRUST_ACCOUNT });
    const session = (seconds: number) => api.directory.createSession({ accountId: ACCOUNT, region: 'us-east-1', durationSeconds: seconds, subject: { type: 'role', roleArn: ROLE_ARN, sessionName: 's' } });
    const short = session(900);
    const long = session(3600);
    api.clock.advance(899_000);
    assert.ok(api.directory.credentialFor(short.accessKeyId));
    assert.equal(sweepSessions(api.store, api.clock.now()), 0);
    api.clock.advance(1000);
    assert.equal(api.directory.credentialFor(short.accessKeyId), undefined);
    assert.equal(sweepSessions(api.store, api.clock.now()), 1);
    assert.equal(api.store.get(KIND.session, short.accessKeyId), undefined);
    assert.ok(api.directory.credentialFor(long.accessKeyId));
    assert.equal(api.store.count(KIND.sessionExpiry), 1);
  });

  it('a deleted (even re-created) role leaves its sessions with no role policies', async () => {
    const api = iamApi();
    await api.call('CreateRole', { RoleName: 'web', Path: '/app/', AssumeRolePolicyDocument: TRUST_ACCOUNT });
    await api.call('PutRolePolicy', { RoleName: 'web', PolicyName: 'all', PolicyDocument: allow('*') });
    const creds = api.directory.createSession({ accountId: ACCOUNT, region: 'us-east-1', durationSeconds: 900, subject: { type: 'role', roleArn: ROLE_ARN, sessionName: 's' } });
    assert.equal(decide(api.directory, creds.principal, 'iam:ListUsers'), 'Allow');
    await api.call('DeleteRolePolicy', { RoleName: 'web', PolicyName: 'all' });
    await api.call('DeleteRole', { RoleName: 'web' });
    await api.call('CreateRole', { RoleName: 'web', Path: '/app/', AssumeRolePolicyDocument: TRUST_ACCOUNT });
    await api.call('PutRolePolicy', { RoleName: 'web', PolicyName: 'all', PolicyDocument: allow('*') });
    assert.equal(decide(api.directory, api.directory.credentialFor(creds.accessKeyId)!.principal, 'iam:ListUsers'), 'ImplicitDeny');
  });

  it('GetSessionToken sessions act as the user or the root', async () => {
    const api = iamApi();
    await userWithKey(api);
    await api.call('PutUserPolicy', { UserName: 'alice', PolicyName: 'ecs', PolicyDocument: allow('ecs:*') });
    const user = api.directory.createSession({ accountId: ACCOUNT, region: 'us-east-1', durationSeconds: 3600, subject: { type: 'user', userName: 'alice' } });
    assert.deepEqual([user.principal.type, user.principal.arn, user.principal.accessKeyId], ['user', `arn:aws:iam::${ACCOUNT}:user/alice`, user.accessKeyId]);
    assert.equal(decide(api.directory, api.directory.credentialFor(user.accessKeyId)!.principal, 'ecs:RunTask'), 'Allow');
    assert.equal((await api.call('GetUser', {}, { accessKeyId: user.accessKeyId })).User.UserName, 'alice');
    const root = api.directory.createSession({ accountId: ACCOUNT, region: 'us-east-1', durationSeconds: 3600, subject: { type: 'root' } });
    assert.deepEqual([root.principal.root, root.principal.arn], [true, `arn:aws:iam::${ACCOUNT}:root`]);
  });

  it('createSession refuses what does not exist and malformed session policies, writing nothing', async () => {
    const api = iamApi();
    const base = { accountId: ACCOUNT, region: 'us-east-1', durationSeconds: 900 };
    assert.throws(() => api.directory.createSession({ ...base, subject: { type: 'role', roleArn: ROLE_ARN, sessionName: 's' } }), IamDirectoryError);
    assert.throws(() => api.directory.createSession({ ...base, subject: { type: 'user', userName: 'nobody' } }), /The user with name nobody cannot be found/);
    assert.throws(() => api.directory.createSession({ ...base, subject: { type: 'root' }, policyArns: ['arn:aws:iam::aws:policy/Nope'] }), /does not exist or is not attachable/);
    assert.throws(() => api.directory.createSession({ ...base, subject: { type: 'root' }, policies: ['{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}'] }), (e: unknown) => e instanceof PolicyError && e.message === 'Policy statement must contain resources.');
    assert.equal(api.store.count(KIND.session), 0);
  });

  it('noteKeyUsed writes at most once per key every five minutes', async () => {
    const api = iamApi();
    const key = await userWithKey(api);
    let writes = 0;
    api.store.watch(() => writes++);
    for (let i = 0; i < 100; i++) api.directory.noteKeyUsed(key.AccessKeyId, 'ecs', 'us-east-1');
    api.clock.advance(5 * 60 * 1000);
    api.directory.noteKeyUsed(key.AccessKeyId, 'ecr', 'us-east-1');
    assert.equal(writes, 2);
    assert.equal((await api.call('GetAccessKeyLastUsed', { AccessKeyId: key.AccessKeyId })).AccessKeyLastUsed.ServiceName, 'ecr');
  });
});
