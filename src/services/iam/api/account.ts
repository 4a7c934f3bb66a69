/** GetAccountSummary: the account's IAM entity counts and IAM's default quotas. */
import { Operations } from '../../../protocol/generated/iam.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { AWS_MANAGED } from '../domain/aws-managed.js';
import { QUOTAS } from '../domain/limits.js';
import { attachmentCount, boundaryUsageCount } from '../domain/lookups.js';
import { accountPrefix, KIND, ManagedPolicyDoc } from '../domain/records.js';
import { IamDeps } from './context.js';

/** Versions of the account's own policies, and AWS managed policies the account uses. */
function policyVersionsInUse(tx: ReadTx, accountId: string): number {
  const local = tx.list<ManagedPolicyDoc>(KIND.policy, { prefix: accountPrefix(accountId) }).reduce((n, r) => n + r.doc.versions.length, 0);
  const aws = AWS_MANAGED.filter((p) => attachmentCount(tx, accountId, p.Arn) + boundaryUsageCount(tx, accountId, p.Arn) > 0).length;
  return local + aws;
}

export function summaryMap(tx: ReadTx, accountId: string): Record<string, number> {
  const count = (kind: string) => tx.count(kind, { prefix: accountPrefix(accountId) });
  return {
    Users: count(KIND.user),
    UsersQuota: QUOTAS.users,
    Groups: count(KIND.group),
    GroupsQuota: QUOTAS.groups,
    Roles: count(KIND.role),
    RolesQuota: QUOTAS.roles,
    Policies: count(KIND.policy),
    PoliciesQuota: QUOTAS.policies,
    InstanceProfiles: count(KIND.instanceProfile),
    InstanceProfilesQuota: QUOTAS.instanceProfiles,
    PolicyVersionsInUse: policyVersionsInUse(tx, accountId),
    PolicyVersionsInUseQuota: QUOTAS.policyVersionsInUse,
    VersionsPerPolicyQuota: QUOTAS.versionsPerPolicy,
    PolicySizeQuota: QUOTAS.managedPolicySize,
    UserPolicySizeQuota: QUOTAS.userInlineSize,
    GroupPolicySizeQuota: QUOTAS.groupInlineSize,
    RolePolicySizeQuota: QUOTAS.roleInlineSize,
    AssumeRolePolicySizeQuota: QUOTAS.trustPolicySize,
    AttachedPoliciesPerUserQuota: QUOTAS.policiesPerUser,
    AttachedPoliciesPerGroupQuota: QUOTAS.policiesPerGroup,
    AttachedPoliciesPerRoleQuota: QUOTAS.policiesPerRole,
    GroupsPerUserQuota: QUOTAS.groupsPerUser,
    AccessKeysPerUserQuota: QUOTAS.accessKeysPerUser,
    SigningCertificatesPerUserQuota: QUOTAS.signingCertificatesPerUser,
    ServerCertificates: 0,
    ServerCertificatesQuota: QUOTAS.serverCertificates,
    Providers: 0,
    MFADevices: 0,
    MFADevicesInUse: 0,
    // The root has access keys: Berth's own.
    AccountAccessKeysPresent: 1,
    AccountMFAEnabled: 0,
    AccountSigningCertificatesPresent: 0,
    GlobalEndpointTokenVersion: 1,
  };
}

export function accountOps(deps: IamDeps): TypedHandlers<Operations> {
  return {
    GetAccountSummary: (_input, ctx) => deps.store.transact((tx) => ({ SummaryMap: summaryMap(tx, ctx.accountId) })),
  };
}
