/**
 * IAM against a running Berth with the official SDK and the aws CLI: users, keys, groups,
 * roles, managed and inline policies, instance profiles, service-linked roles, tags, AWS's
 * errors on the wire (codes, statuses, messages), paging, and state kept across a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as iam from '@aws-sdk/client-iam';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const run = promisify(execFile);
const ACCOUNT = '123456789012';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const allow = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

interface WireError { name: string; message: string; $metadata: { httpStatusCode?: number } }

describe('IAM through the SDK and the aws CLI', () => {
  let berth: RunningBerth;
  let client: iam.IAMClient;
  const fails = async (send: () => Promise<unknown>): Promise<string> => {
    const err = (await send().then(() => undefined, (e: WireError) => e)) as WireError | undefined;
    assert.ok(err, 'expected the call to fail');
    return `${err.name}(${err.$metadata.httpStatusCode}): ${err.message}`;
  };
  const aws = async (...args: string[]) => {
    const { stdout } = await run('aws', ['--endpoint-url', berth.endpoint, '--output', 'json', 'iam', ...args], { env: berth.cliEnv() });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT] });
    client = new iam.IAMClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  after(async () => berth?.destroy());

  it('users and access keys: the secret once, two keys at most, DeleteConflict while keys remain', async () => {
    const { User } = await client.send(new iam.CreateUserCommand({ UserName: 'Bob', Path: '/eng/', Tags: [{ Key: 'team', Value: 'blue' }] }));
    assert.equal(User?.Arn, `arn:aws:iam::${ACCOUNT}:user/eng/Bob`);
    assert.match(User?.UserId ?? '', /^AIDA[A-Z0-9]{17}$/);
    assert.ok(User?.CreateDate instanceof Date);
    const { AccessKey } = await client.send(new iam.CreateAccessKeyCommand({ UserName: 'Bob' }));
    assert.match(AccessKey?.AccessKeyId ?? '', /^AKIA[A-Z2-7]{16}$/);
    assert.equal(AccessKey?.SecretAccessKey?.length, 40);
    await client.send(new iam.CreateAccessKeyCommand({ UserName: 'Bob' }));
    assert.equal(await fails(() => client.send(new iam.CreateAccessKeyCommand({ UserName: 'Bob' }))), 'LimitExceededException(409): Cannot exceed quota for AccessKeysPerUser: 2');
    const keys = (await client.send(new iam.ListAccessKeysCommand({ UserName: 'Bob' }))).AccessKeyMetadata ?? [];
    assert.equal(keys.length, 2);
    assert.equal(await fails(() => client.send(new iam.DeleteUserCommand({ UserName: 'Bob' }))), 'DeleteConflictException(409): Cannot delete entity, must delete access keys first.');
    assert.equal(await fails(() => client.send(new iam.GetUserCommand({ UserName: 'nobody' }))), 'NoSuchEntityException(404): The user with name nobody cannot be found.');
    assert.equal(await fails(() => client.send(new iam.CreateUserCommand({ UserName: 'bob' }))), 'EntityAlreadyExistsException(409): User with name bob already exists.');
    const invalid = await fails(() => client.send(new iam.CreateUserCommand({ UserName: 'bad name' })));
    assert.match(invalid, /^ValidationError\(400\): 1 validation error detected: Value 'bad name' at 'UserName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });

  it('GetUser without a name answers for the root caller', async () => {
    const { User } = await client.send(new iam.GetUserCommand({}));
    assert.deepEqual([User?.UserId, User?.Arn, User?.UserName], [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, undefined]);
  });

  it('ListUsers pages with the SDK paginator', async () => {
    for (let i = 0; i < 7; i++) await client.send(new iam.CreateUserCommand({ UserName: `page-${i}` }));
    const names: string[] = [];
    for await (const page of iam.paginateListUsers({ client, pageSize: 3 }, { PathPrefix: '/' })) names.push(...(page.Users ?? []).map((u) => u.UserName ?? ''));
    assert.deepEqual(names.filter((n) => n.startsWith('page-')), Array.from({ length: 7 }, (_v, i) => `page-${i}`));
  });

  it('roles: the trust policy goes out URL-encoded; malformed ones are MalformedPolicyDocument', async () => {
    const { Role } = await client.send(new iam.CreateRoleCommand({ RoleName: 'task-exec', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 7200, Description: 'ECS task execution' }));
    assert.equal(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''), TRUST);
    const got = (await client.send(new iam.GetRoleCommand({ RoleName: 'TASK-EXEC' }))).Role;
    assert.deepEqual([got?.RoleName, got?.MaxSessionDuration, got?.Description, got?.RoleLastUsed], ['task-exec', 7200, 'ECS task execution', {}]);
    assert.equal(await fails(() => client.send(new iam.CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: allow('s3:*') }))), 'MalformedPolicyDocumentException(400): Has prohibited field Resource');
    assert.match(await fails(() => client.send(new iam.CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 60 }))), /^ValidationError\(400\): 1 validation error detected: Value '60' at 'MaxSessionDuration'/);
    await client.send(new iam.AttachRolePolicyCommand({ RoleName: 'task-exec', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }));
    const attached = (await client.send(new iam.ListAttachedRolePoliciesCommand({ RoleName: 'task-exec' }))).AttachedPolicies;
    assert.deepEqual(attached, [{ PolicyName: 'AmazonECSTaskExecutionRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' }]);
    assert.equal(await fails(() => client.send(new iam.DeleteRoleCommand({ RoleName: 'task-exec' }))), 'DeleteConflictException(409): Cannot delete entity, must detach all policies first.');
  });

  it('managed policies: versions, attachment counts, DeleteConflict, entities', async () => {
    const { Policy } = await client.send(new iam.CreatePolicyCommand({ PolicyName: 'readers', PolicyDocument: allow('ecs:Describe*'), Tags: [{ Key: 'k', Value: 'v' }] }));
    const arn = Policy?.Arn ?? '';
    assert.equal(arn, `arn:aws:iam::${ACCOUNT}:policy/readers`);
    for (let i = 0; i < 4; i++) await client.send(new iam.CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow(`ecs:List${i}`), SetAsDefault: true }));
    assert.equal(await fails(() => client.send(new iam.CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('ecs:X') }))), 'LimitExceededException(409): A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    const version = (await client.send(new iam.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))).PolicyVersion;
    assert.deepEqual([version?.IsDefaultVersion, JSON.parse(decodeURIComponent(version?.Document ?? '')).Statement[0].Action], [true, 'ecs:List3']);
    await client.send(new iam.CreateGroupCommand({ GroupName: 'ops' }));
    await client.send(new iam.AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: arn }));
    assert.equal((await client.send(new iam.GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
    assert.equal(await fails(() => client.send(new iam.DeletePolicyCommand({ PolicyArn: arn }))), 'DeleteConflictException(409): Cannot delete a policy attached to entities.');
    const entities = await client.send(new iam.ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    assert.deepEqual(entities.PolicyGroups?.map((g) => g.GroupName), ['ops']);
    assert.equal(await fails(() => client.send(new iam.GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/nope` }))), `NoSuchEntityException(404): Policy arn:aws:iam::${ACCOUNT}:policy/nope was not found.`);
    const aws = (await client.send(new iam.ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/service-role/' }))).Policies?.map((p) => p.PolicyName);
    assert.ok(aws?.includes('AmazonECSTaskExecutionRolePolicy'));
  });

  it('inline policies and their aggregate size', async () => {
    await client.send(new iam.PutUserPolicyCommand({ UserName: 'Bob', PolicyName: 'ecs', PolicyDocument: allow('ecs:*') }));
    const got = await client.send(new iam.GetUserPolicyCommand({ UserName: 'Bob', PolicyName: 'ecs' }));
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), allow('ecs:*'));
    assert.equal(await fails(() => client.send(new iam.PutUserPolicyCommand({ UserName: 'Bob', PolicyName: 'big', PolicyDocument: allow(`s3:${'x'.repeat(2100)}`) }))), 'LimitExceededException(409): Maximum policy size of 2048 bytes exceeded for user Bob');
  });

  it('the aws CLI: roles (documents decoded), service-linked roles, instance profiles, the account summary', async () => {
    const role = (await aws('create-role', '--role-name', 'cli-role', '--assume-role-policy-document', TRUST, '--tags', 'Key=env,Value=dev')).Role;
    assert.deepEqual(role.AssumeRolePolicyDocument, JSON.parse(TRUST));
    assert.deepEqual((await aws('list-role-tags', '--role-name', 'cli-role')).Tags, [{ Key: 'env', Value: 'dev' }]);
    const slr = (await aws('create-service-linked-role', '--aws-service-name', 'ecs.amazonaws.com')).Role;
    assert.equal(slr.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`);
    await aws('create-instance-profile', '--instance-profile-name', 'cli-profile');
    await aws('add-role-to-instance-profile', '--instance-profile-name', 'cli-profile', '--role-name', 'cli-role');
    const profile = (await aws('get-instance-profile', '--instance-profile-name', 'cli-profile')).InstanceProfile;
    assert.deepEqual(profile.Roles.map((r: { RoleName: string }) => r.RoleName), ['cli-role']);
    const err = await aws('delete-instance-profile', '--instance-profile-name', 'cli-profile').then(() => '', (e: { stderr?: string }) => String(e.stderr));
    assert.match(err, /An error occurred \(DeleteConflict\) when calling the DeleteInstanceProfile operation: Cannot delete entity, must remove roles from instance profile first\./);
    const summary = (await aws('get-account-summary')).SummaryMap;
    assert.ok(summary.Users >= 8 && summary.Roles === 3 && summary.InstanceProfiles === 1, JSON.stringify(summary));
    const policy = (await aws('get-policy-version', '--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess', '--version-id', 'v1')).PolicyVersion;
    assert.deepEqual(policy.Document, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  });

  it("an IAM user's key signs requests; its policies decide, on resources named with their paths", async () => {
    await client.send(new iam.CreateUserCommand({ UserName: 'dev', Path: '/eng/' }));
    const { AccessKey } = await client.send(new iam.CreateAccessKeyCommand({ UserName: 'dev' }));
    const dev = new iam.IAMClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }, maxAttempts: 1 });
    const denied = await fails(() => dev.send(new iam.GetUserCommand({})));
    assert.equal(denied, `AccessDenied(403): User: arn:aws:iam::${ACCOUNT}:user/eng/dev is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${ACCOUNT}:user/eng/dev because no identity-based policy allows the iam:GetUser action`);
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListAccessKeys'], Resource: `arn:aws:iam::${ACCOUNT}:user/eng/\${aws:username}` }] };
    await client.send(new iam.PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'self', PolicyDocument: JSON.stringify(policy) }));
    assert.equal((await dev.send(new iam.GetUserCommand({}))).User?.Arn, `arn:aws:iam::${ACCOUNT}:user/eng/dev`);
    assert.equal((await dev.send(new iam.ListAccessKeysCommand({}))).AccessKeyMetadata?.[0].AccessKeyId, AccessKey?.AccessKeyId);
    assert.match(await fails(() => dev.send(new iam.GetUserCommand({ UserName: 'Bob' }))), /^AccessDenied\(403\): .* on resource: arn:aws:iam::123456789012:user\/eng\/Bob because/);
    await client.send(new iam.UpdateAccessKeyCommand({ UserName: 'dev', AccessKeyId: AccessKey?.AccessKeyId, Status: 'Inactive' }));
    await new Promise((r) => setTimeout(r, 1100));
    assert.match(await fails(() => dev.send(new iam.GetUserCommand({}))), /^InvalidClientTokenId\(403\)/);
  });

  it('state survives a restart', async () => {
    await berth.stop();
    berth = await startBerthProcess({ dataDir: berth.dataDir, args: ['--account-id', ACCOUNT] });
    client = new iam.IAMClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const user = (await client.send(new iam.GetUserCommand({ UserName: 'Bob' }))).User;
    assert.deepEqual(user?.Tags, [{ Key: 'team', Value: 'blue' }]);
    assert.equal((await client.send(new iam.ListAccessKeysCommand({ UserName: 'Bob' }))).AccessKeyMetadata?.length, 2);
    assert.equal((await client.send(new iam.GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/readers` }))).Policy?.DefaultVersionId, 'v5');
    assert.deepEqual((await client.send(new iam.GetGroupCommand({ GroupName: 'ops' }))).Group?.GroupName, 'ops');
  });
});
