/**
 * IAM, KMS, SSM and Secrets Manager read back after a fuzz run: users, roles, groups,
 * policies and instance profiles; keys and the aliases that must point at them; parameters;
 * secrets. A KMS key or secret whose own resource policy the fuzzer set to deny everyone may
 * refuse even the root: that is the policy working, not an inconsistency.
 */
import { GetGroupCommand, GetInstanceProfileCommand, GetPolicyCommand, GetRoleCommand, GetUserCommand, IAMClient, paginateListGroups, paginateListInstanceProfiles, paginateListPolicies, paginateListRoles, paginateListUsers } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient, paginateListAliases, paginateListKeys } from '@aws-sdk/client-kms';
import { GetParameterCommand, paginateDescribeParameters, SSMClient } from '@aws-sdk/client-ssm';
import { DescribeSecretCommand, paginateListSecrets, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Inspector, sample } from './inspector.js';

const DENIED_BY_RESOURCE_POLICY = /^AccessDenied/;

export async function inspectIam(client: IAMClient, ins: Inspector): Promise<void> {
  const users = (await ins.pages('iam ListUsers', paginateListUsers({ client }, {}))).flatMap((p) => p.Users ?? []);
  ins.record('iam user', users.map((u) => u.Arn));
  for (const u of sample(users)) await ins.check(`iam GetUser ${u.UserName}`, () => client.send(new GetUserCommand({ UserName: u.UserName })));
  const roles = (await ins.pages('iam ListRoles', paginateListRoles({ client }, {}))).flatMap((p) => p.Roles ?? []);
  ins.record('iam role', roles.map((r) => r.Arn));
  for (const r of sample(roles)) await ins.check(`iam GetRole ${r.RoleName}`, () => client.send(new GetRoleCommand({ RoleName: r.RoleName })));
  const groups = (await ins.pages('iam ListGroups', paginateListGroups({ client }, {}))).flatMap((p) => p.Groups ?? []);
  ins.record('iam group', groups.map((g) => g.Arn));
  for (const g of sample(groups)) {
    const out = await ins.check(`iam GetGroup ${g.GroupName}`, () => client.send(new GetGroupCommand({ GroupName: g.GroupName })));
    for (const member of out?.Users ?? []) if (!ins.has('iam user', member.Arn!)) ins.problem(`iam: group ${g.GroupName} lists a missing user ${member.Arn}`);
  }
  const policies = (await ins.pages('iam ListPolicies', paginateListPolicies({ client }, { Scope: 'Local' }))).flatMap((p) => p.Policies ?? []);
  ins.record('iam policy', policies.map((p) => p.Arn));
  for (const p of sample(policies)) await ins.check(`iam GetPolicy ${p.Arn}`, () => client.send(new GetPolicyCommand({ PolicyArn: p.Arn })));
  const profiles = (await ins.pages('iam ListInstanceProfiles', paginateListInstanceProfiles({ client }, {}))).flatMap((p) => p.InstanceProfiles ?? []);
  ins.record('iam instance profile', profiles.map((p) => p.Arn));
  for (const p of sample(profiles)) {
    const out = await ins.check(`iam GetInstanceProfile ${p.InstanceProfileName}`, () => client.send(new GetInstanceProfileCommand({ InstanceProfileName: p.InstanceProfileName })));
    for (const role of out?.InstanceProfile?.Roles ?? []) if (!ins.has('iam role', role.Arn!)) ins.problem(`iam: instance profile ${p.InstanceProfileName} holds a missing role ${role.Arn}`);
  }
}

export async function inspectKms(client: KMSClient, ins: Inspector): Promise<void> {
  const keys = (await ins.pages('kms ListKeys', paginateListKeys({ client }, {}))).flatMap((p) => p.Keys ?? []);
  ins.record('kms key', keys.map((k) => k.KeyId));
  for (const k of sample(keys)) await ins.check(`kms DescribeKey ${k.KeyId}`, () => client.send(new DescribeKeyCommand({ KeyId: k.KeyId })), DENIED_BY_RESOURCE_POLICY);
  const aliases = (await ins.pages('kms ListAliases', paginateListAliases({ client }, {}))).flatMap((p) => p.Aliases ?? []);
  ins.record('kms alias', aliases.map((a) => `${a.AliasName}->${a.TargetKeyId ?? ''}`));
  for (const a of aliases) {
    if (!a.AliasName?.startsWith('alias/')) ins.problem(`kms: an alias is named ${a.AliasName}, without the alias/ prefix every alias has`);
    if (a.TargetKeyId && !ins.has('kms key', a.TargetKeyId)) ins.problem(`kms: alias ${a.AliasName} points at a key ListKeys does not list: ${a.TargetKeyId}`);
  }
}

export async function inspectSsm(client: SSMClient, ins: Inspector): Promise<void> {
  const params = (await ins.pages('ssm DescribeParameters', paginateDescribeParameters({ client }, {}))).flatMap((p) => p.Parameters ?? []);
  ins.record('ssm parameter', params.map((p) => `${p.Name}@${p.Version}`));
  for (const p of sample(params)) {
    const out = await ins.check(`ssm GetParameter ${p.Name}`, () => client.send(new GetParameterCommand({ Name: p.Name })), DENIED_BY_RESOURCE_POLICY);
    if (out && out.Parameter?.Version !== p.Version) ins.problem(`ssm: ${p.Name} is listed at version ${p.Version} but reads as ${out.Parameter?.Version}`);
  }
}

export async function inspectSecrets(client: SecretsManagerClient, ins: Inspector): Promise<void> {
  const secrets = (await ins.pages('secretsmanager ListSecrets', paginateListSecrets({ client }, { IncludePlannedDeletion: true }))).flatMap((p) => p.SecretList ?? []);
  ins.record('secretsmanager secret', secrets.map((s) => s.ARN));
  for (const s of sample(secrets)) await ins.check(`secretsmanager DescribeSecret ${s.Name}`, () => client.send(new DescribeSecretCommand({ SecretId: s.ARN })), DENIED_BY_RESOURCE_POLICY);
}
