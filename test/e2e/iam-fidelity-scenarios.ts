/**
 * How each AWS CLI example of IAM is replayed against Berth: the call equivalent to its
 * command, through the SDK, after creating what the example presupposes. Inputs come from
 * the example's own output where it shows them (names' shapes, paths, tags, policy
 * documents); names get a serial so scenarios never meet. Policy documents are decoded as
 * the aws CLI decodes them (URL-decoded JSON), since the recorded outputs are the CLI's.
 * Examples about features Berth lacks are skipped with the reason.
 */
import * as iam from '@aws-sdk/client-iam';
import { CliExample } from '../support/aws-cli-examples.js';
import { TEST_CREDENTIALS } from '../support/berth-process.js';
import { ReplayScenario, Skip } from '../support/fidelity-replay.js';

/** An answer as the aws CLI prints it; the replay reads it loosely. */
export type Wire = any;

const TRUST_EC2 = { Version: '2012-10-17', Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const S3_READ = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }] };
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
/** The members botocore's IAM customization decodes (shape policyDocumentType). */
const DOCUMENTS = new Set(['AssumeRolePolicyDocument', 'PolicyDocument', 'Document']);

function decodeDocuments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeDocuments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, DOCUMENTS.has(k) && typeof v === 'string' ? JSON.parse(decodeURIComponent(v)) : decodeDocuments(v)]));
}

export class IamFixtures {
  private serial = 0;
  private readonly client: iam.IAMClient;

  constructor(endpoint: string) {
    this.client = new iam.IAMClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  }

  /** One IAM call; the answer as the CLI prints it (no $metadata, times as strings, documents decoded). */
  async call(operation: string, input: object = {}): Promise<Wire> {
    const Command = (iam as Record<string, any>)[`${operation}Command`];
    if (!Command) throw new Error(`the SDK has no ${operation}`);
    const { $metadata: _, ...out } = await this.client.send(new Command(input));
    return decodeDocuments(JSON.parse(JSON.stringify(out)));
  }

  name(prefix: string): string {
    return `${prefix}-${++this.serial}`;
  }

  async user(input: object = {}): Promise<string> {
    return (await this.call('CreateUser', { UserName: this.name('Bob'), ...input })).User.UserName;
  }

  async group(): Promise<string> {
    return (await this.call('CreateGroup', { GroupName: this.name('Admins') })).Group.GroupName;
  }

  async role(trust: unknown = TRUST_EC2, input: object = {}): Promise<string> {
    return (await this.call('CreateRole', { RoleName: this.name('Test-Role'), AssumeRolePolicyDocument: documentOf(trust, TRUST_EC2), ...input })).Role.RoleName;
  }

  async policy(document: unknown = S3_READ, input: object = {}): Promise<string> {
    return (await this.call('CreatePolicy', { PolicyName: this.name('my-policy'), PolicyDocument: documentOf(document, S3_READ), ...input })).Policy.Arn;
  }

  async profile(roleName?: string, input: object = {}): Promise<string> {
    const name = (await this.call('CreateInstanceProfile', { InstanceProfileName: this.name('Webserver'), ...input })).InstanceProfile.InstanceProfileName;
    if (roleName) await this.call('AddRoleToInstanceProfile', { InstanceProfileName: name, RoleName: roleName });
    return name;
  }
}

/**
 * A document the example shows (an object), or the fallback when it shows a placeholder.
 * Principals of other accounts (the examples' redacted ids, some of 11 digits) become Berth's.
 */
function documentOf(shown: unknown, fallback: object): string {
  return JSON.stringify(shown !== null && typeof shown === 'object' ? shown : fallback).replace(/arn:aws:iam::\d+:root/g, 'arn:aws:iam::000000000000:root');
}

/** The value of `--<name>` in the example's command. */
function arg(ex: CliExample, name: string): string | undefined {
  return new RegExp(`--${name} (\\S+)`).exec(ex.command)?.[1];
}

const out = (ex: CliExample): Wire => ex.output;
/** The first inline policy document an authorization-details list shows. */
const firstInline = (details: Wire[] | undefined, list: string): unknown => details?.find((d) => d[list]?.length)?.[list][0].PolicyDocument;
const tagsOf = (shown: unknown) => (Array.isArray(shown) && shown.length ? shown : [{ Key: 'Department', Value: 'Accounting' }]);

export type IamScenario = ReplayScenario<IamFixtures>;

const USERS: IamScenario[] = [
  {
    file: 'create-user.rst',
    match: /--permissions-boundary/,
    note: 'a boundary of AmazonS3FullAccess (Berth has no S3 and no such policy) is replayed with ReadOnlyAccess',
    run: (f) => f.call('CreateUser', { UserName: f.name('Bob'), PermissionsBoundary: READ_ONLY }),
  },
  {
    file: 'create-user.rst',
    run: (f, ex) => f.call('CreateUser', { UserName: f.name('Bob'), ...(arg(ex, 'path') ? { Path: arg(ex, 'path') } : {}), ...(out(ex).User.Tags ? { Tags: out(ex).User.Tags } : {}) }),
  },
  { file: 'get-user.rst', run: async (f) => f.call('GetUser', { UserName: await f.user() }) },
  { file: 'list-users.rst', run: async (f) => (await f.user(), f.call('ListUsers')) },
  { file: 'list-user-tags.rst', run: async (f, ex) => f.call('ListUserTags', { UserName: await f.user({ Tags: tagsOf(out(ex).Tags) }) }) },
  { file: 'create-access-key.rst', run: async (f) => f.call('CreateAccessKey', { UserName: await f.user() }) },
  {
    file: 'list-access-keys.rst',
    run: async (f) => {
      const user = await f.user();
      await f.call('CreateAccessKey', { UserName: user });
      return f.call('ListAccessKeys', { UserName: user });
    },
  },
  {
    file: 'get-access-key-last-used.rst',
    note: 'the key is new: IAM answers LastUsedDate once a key has signed a request',
    run: async (f) => f.call('GetAccessKeyLastUsed', { AccessKeyId: (await f.call('CreateAccessKey', { UserName: await f.user() })).AccessKey.AccessKeyId }),
  },
  {
    file: 'get-user-policy.rst',
    run: async (f, ex) => {
      const user = await f.user();
      await f.call('PutUserPolicy', { UserName: user, PolicyName: 'ExamplePolicy', PolicyDocument: documentOf(out(ex).PolicyDocument, S3_READ) });
      return f.call('GetUserPolicy', { UserName: user, PolicyName: 'ExamplePolicy' });
    },
  },
  {
    file: 'list-user-policies.rst',
    run: async (f) => {
      const user = await f.user();
      await f.call('PutUserPolicy', { UserName: user, PolicyName: 'ExamplePolicy', PolicyDocument: documentOf(S3_READ, S3_READ) });
      return f.call('ListUserPolicies', { UserName: user });
    },
  },
  {
    file: 'list-attached-user-policies.rst',
    run: async (f) => {
      const user = await f.user();
      await f.call('AttachUserPolicy', { UserName: user, PolicyArn: READ_ONLY });
      return f.call('ListAttachedUserPolicies', { UserName: user });
    },
  },
  {
    file: 'list-groups-for-user.rst',
    run: async (f) => {
      const user = await f.user();
      for (let i = 0; i < 2; i++) await f.call('AddUserToGroup', { UserName: user, GroupName: await f.group() });
      return f.call('ListGroupsForUser', { UserName: user });
    },
  },
];

const GROUPS: IamScenario[] = [
  { file: 'create-group.rst', run: (f) => f.call('CreateGroup', { GroupName: f.name('Admins') }) },
  { file: 'get-group.rst', run: async (f) => f.call('GetGroup', { GroupName: await f.group() }) },
  { file: 'list-groups.rst', run: async (f) => (await f.group(), f.call('ListGroups')) },
  {
    file: 'get-group-policy.rst',
    run: async (f, ex) => {
      const group = await f.group();
      await f.call('PutGroupPolicy', { GroupName: group, PolicyName: 'S3-ReadOnly-Policy', PolicyDocument: documentOf(out(ex).PolicyDocument, S3_READ) });
      return f.call('GetGroupPolicy', { GroupName: group, PolicyName: 'S3-ReadOnly-Policy' });
    },
  },
  {
    file: 'list-group-policies.rst',
    run: async (f) => {
      const group = await f.group();
      await f.call('PutGroupPolicy', { GroupName: group, PolicyName: 'AdminRoot', PolicyDocument: documentOf(S3_READ, S3_READ) });
      return f.call('ListGroupPolicies', { GroupName: group });
    },
  },
  {
    file: 'list-attached-group-policies.rst',
    run: async (f) => {
      const group = await f.group();
      await f.call('AttachGroupPolicy', { GroupName: group, PolicyArn: READ_ONLY });
      return f.call('ListAttachedGroupPolicies', { GroupName: group });
    },
  },
];

const ROLES: IamScenario[] = [
  {
    file: 'create-role.rst',
    run: (f, ex) => {
      const shown = out(ex).Role;
      const duration = arg(ex, 'max-session-duration');
      return f.call('CreateRole', {
        RoleName: f.name('Test-Role'), AssumeRolePolicyDocument: documentOf(shown.AssumeRolePolicyDocument, TRUST_EC2),
        ...(duration ? { MaxSessionDuration: Number(duration) } : {}), ...(shown.Tags ? { Tags: shown.Tags } : {}),
      });
    },
  },
  {
    file: 'get-role.rst',
    note: 'the role has not been assumed (Berth does not serve STS AssumeRole yet): RoleLastUsed is empty',
    run: async (f) => f.call('GetRole', { RoleName: await f.role(TRUST_EC2, { Description: 'Test Role' }) }),
  },
  { file: 'list-roles.rst', run: async (f, ex) => (await f.role(out(ex).Roles?.[0]?.AssumeRolePolicyDocument), f.call('ListRoles')) },
  {
    file: 'update-role-description.rst',
    run: async (f, ex) => f.call('UpdateRoleDescription', { RoleName: await f.role(out(ex).Role.AssumeRolePolicyDocument), Description: 'Main production role' }),
  },
  { file: 'list-role-tags.rst', run: async (f, ex) => f.call('ListRoleTags', { RoleName: await f.role(TRUST_EC2, { Tags: tagsOf(out(ex).Tags) }) }) },
  {
    file: 'get-role-policy.rst',
    run: async (f, ex) => {
      const role = await f.role();
      await f.call('PutRolePolicy', { RoleName: role, PolicyName: 'ExamplePolicy', PolicyDocument: documentOf(out(ex).PolicyDocument, S3_READ) });
      return f.call('GetRolePolicy', { RoleName: role, PolicyName: 'ExamplePolicy' });
    },
  },
  {
    file: 'list-role-policies.rst',
    run: async (f) => {
      const role = await f.role();
      await f.call('PutRolePolicy', { RoleName: role, PolicyName: 'ExamplePolicy', PolicyDocument: documentOf(S3_READ, S3_READ) });
      return f.call('ListRolePolicies', { RoleName: role });
    },
  },
  {
    file: 'list-attached-role-policies.rst',
    note: "SecurityAudit is not among Berth's AWS managed policies: ReadOnlyAccess is attached instead",
    run: async (f) => {
      const role = await f.role();
      await f.call('AttachRolePolicy', { RoleName: role, PolicyArn: READ_ONLY });
      return f.call('ListAttachedRolePolicies', { RoleName: role });
    },
  },
  {
    file: 'create-service-linked-role.rst',
    note: 'replayed for ecs.amazonaws.com (Berth serves ECS, not Lex)',
    run: (f) => f.call('CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: f.name('x'), Description: 'My service-linked role' }),
  },
  {
    file: 'delete-service-linked-role.rst',
    note: 'replayed for ecs.amazonaws.com (Berth serves ECS, not Lex)',
    run: async (f) => {
      const role = (await f.call('CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: f.name('d') })).Role.RoleName;
      return f.call('DeleteServiceLinkedRole', { RoleName: role });
    },
  },
  {
    file: 'get-service-linked-role-deletion-status.rst',
    note: 'replayed for ecs.amazonaws.com (Berth serves ECS, not Lex)',
    run: async (f) => {
      const role = (await f.call('CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: f.name('s') })).Role.RoleName;
      const { DeletionTaskId } = await f.call('DeleteServiceLinkedRole', { RoleName: role });
      return f.call('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId });
    },
  },
];

const PROFILES: IamScenario[] = [
  { file: 'create-instance-profile.rst', run: (f) => f.call('CreateInstanceProfile', { InstanceProfileName: f.name('Webserver') }) },
  { file: 'get-instance-profile.rst', run: async (f) => f.call('GetInstanceProfile', { InstanceProfileName: await f.profile(await f.role()) }) },
  { file: 'list-instance-profiles.rst', run: async (f, ex) => (await f.profile(await f.role(out(ex).InstanceProfiles?.[0]?.Roles?.[0]?.AssumeRolePolicyDocument)), f.call('ListInstanceProfiles')) },
  {
    file: 'list-instance-profiles-for-role.rst',
    run: async (f) => {
      const role = await f.role();
      await f.profile(role);
      return f.call('ListInstanceProfilesForRole', { RoleName: role });
    },
  },
  { file: 'list-instance-profile-tags.rst', run: async (f, ex) => f.call('ListInstanceProfileTags', { InstanceProfileName: await f.profile(undefined, { Tags: tagsOf(out(ex).Tags) }) }) },
];

const POLICIES: IamScenario[] = [
  {
    file: 'create-policy.rst',
    run: (f, ex) => {
      const description = /--description "([^"]*)"/.exec(ex.command)?.[1];
      return f.call('CreatePolicy', { PolicyName: f.name('my-policy'), PolicyDocument: documentOf(S3_READ, S3_READ), ...(description ? { Description: description } : {}), ...(out(ex).Policy?.Tags ? { Tags: out(ex).Policy.Tags } : {}) });
    },
  },
  { file: 'get-policy.rst', run: async (f) => f.call('GetPolicy', { PolicyArn: await f.policy() }) },
  {
    file: 'list-policies.rst',
    exclude: { paths: /^NextToken$/, reason: "the CLI's own paging token (--max-items); the SDK call answers IAM's IsTruncated and Marker" },
    run: async (f, ex) => (await f.policy(), f.call('ListPolicies', { MaxItems: Number(arg(ex, 'max-items') ?? 3) })),
  },
  { file: 'list-policy-tags.rst', run: async (f, ex) => f.call('ListPolicyTags', { PolicyArn: await f.policy(S3_READ, { Tags: tagsOf(out(ex).Tags) }) }) },
  { file: 'create-policy-version.rst', run: async (f) => f.call('CreatePolicyVersion', { PolicyArn: await f.policy(), PolicyDocument: documentOf(S3_READ, S3_READ), SetAsDefault: true }) },
  {
    file: 'get-policy-version.rst',
    run: async (f, ex) => {
      const arn = await f.policy();
      await f.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: documentOf(out(ex).PolicyVersion.Document, S3_READ), SetAsDefault: true });
      return f.call('GetPolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    },
  },
  {
    file: 'list-policy-versions.rst',
    run: async (f) => {
      const arn = await f.policy();
      await f.call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: documentOf(S3_READ, S3_READ), SetAsDefault: true });
      return f.call('ListPolicyVersions', { PolicyArn: arn });
    },
  },
  {
    file: 'list-entities-for-policy.rst',
    run: async (f) => {
      const arn = await f.policy();
      await f.call('AttachGroupPolicy', { GroupName: await f.group(), PolicyArn: arn });
      await f.call('AttachUserPolicy', { UserName: await f.user(), PolicyArn: arn });
      await f.call('AttachRolePolicy', { RoleName: await f.role(), PolicyArn: arn });
      return f.call('ListEntitiesForPolicy', { PolicyArn: arn });
    },
  },
];

const ACCOUNT: IamScenario[] = [
  { file: 'get-account-summary.rst', run: (f) => f.call('GetAccountSummary') },
  {
    file: 'get-account-authorization-details.rst',
    note: "one account's details with the example's policy documents; the roles have not been assumed (no RoleLastUsed dates)",
    exclude: { paths: /^Marker$/, reason: 'the example is one page of a larger account; the replayed account fits in one page' },
    run: async (f, ex) => {
      const shown = out(ex);
      const user = await f.user();
      await f.call('PutUserPolicy', { UserName: user, PolicyName: 'inline', PolicyDocument: documentOf(firstInline(shown.UserDetailList, 'UserPolicyList'), S3_READ) });
      const group = await f.group();
      await f.call('AddUserToGroup', { UserName: user, GroupName: group });
      await f.call('PutGroupPolicy', { GroupName: group, PolicyName: 'inline', PolicyDocument: documentOf(firstInline(shown.GroupDetailList, 'GroupPolicyList'), S3_READ) });
      await f.call('AttachGroupPolicy', { GroupName: group, PolicyArn: READ_ONLY });
      const role = await f.role(shown.RoleDetailList?.[0]?.AssumeRolePolicyDocument);
      await f.profile(role);
      await f.call('AttachRolePolicy', { RoleName: role, PolicyArn: READ_ONLY });
      await f.call('AttachUserPolicy', { UserName: user, PolicyArn: await f.policy(shown.Policies?.[0]?.PolicyVersionList?.[0]?.Document) });
      return f.call('GetAccountAuthorizationDetails', { MaxItems: 1000 });
    },
  },
];

export const SCENARIOS: IamScenario[] = [...USERS, ...GROUPS, ...ROLES, ...PROFILES, ...POLICIES, ...ACCOUNT];

const skip = (reason: string, ...files: string[]): Skip[] => files.map((file) => ({ file: `${file}.rst`, reason }));

/** Examples of IAM features out of Berth's scope, with the reason. */
export const SKIPPED: Skip[] = [
  ...skip('console passwords (login profiles)', 'create-login-profile', 'get-login-profile'),
  ...skip('MFA devices', 'create-virtual-mfa-device', 'get-mfa-device', 'list-mfa-devices', 'list-mfa-device-tags', 'list-virtual-mfa-devices'),
  ...skip('OpenID Connect identity providers', 'create-open-id-connect-provider', 'get-open-id-connect-provider', 'list-open-id-connect-providers', 'list-open-id-connect-provider-tags'),
  ...skip('SAML identity providers', 'create-saml-provider', 'get-saml-provider', 'list-saml-providers', 'list-saml-provider-tags', 'update-saml-provider'),
  ...skip('server certificates', 'get-server-certificate', 'list-server-certificates', 'list-server-certificate-tags', 'upload-server-certificate'),
  ...skip('X.509 signing certificates', 'list-signing-certificates', 'upload-signing-certificate'),
  ...skip('SSH public keys (CodeCommit)', 'get-ssh-public-key', 'list-ssh-public-keys', 'upload-ssh-public-key'),
  ...skip('service-specific credentials', 'create-service-specific-credential', 'list-service-specific-credential', 'list-service-specific-credentials', 'reset-service-specific-credential'),
  ...skip('account aliases', 'list-account-aliases'),
  ...skip('the account password policy', 'get-account-password-policy'),
  ...skip('credential reports', 'generate-credential-report', 'get-credential-report'),
  ...skip('AWS Organizations', 'disable-organizations-root-credentials-management', 'disable-organizations-root-sessions', 'enable-organizations-root-credentials-management',
    'enable-organizations-root-sessions', 'generate-organizations-access-report', 'get-organizations-access-report', 'list-organizations-features'),
  ...skip('service last accessed data', 'generate-service-last-accessed-details', 'get-service-last-accessed-details', 'get-service-last-accessed-details-with-entities', 'list-policies-granting-service-access'),
  ...skip('the policy simulator', 'get-context-keys-for-custom-policy', 'get-context-keys-for-principal-policy', 'simulate-custom-policy', 'simulate-principal-policy'),
];
