/**
 * IAM's quotas (the defaults of "IAM and AWS STS quotas") and how policy sizes are
 * counted: characters, white space not counted. Pure.
 */

export const QUOTAS = {
  accessKeysPerUser: 2,
  versionsPerPolicy: 5,
  policiesPerUser: 10,
  policiesPerGroup: 10,
  policiesPerRole: 10,
  groupsPerUser: 10,
  rolesPerInstanceProfile: 1,
  tagsPerResource: 50,
  users: 5000,
  groups: 300,
  roles: 1000,
  policies: 1500,
  instanceProfiles: 1000,
  /** Characters without white space. */
  managedPolicySize: 6144,
  userInlineSize: 2048,
  groupInlineSize: 5120,
  roleInlineSize: 10240,
  trustPolicySize: 2048,
  serverCertificates: 20,
  signingCertificatesPerUser: 2,
  policyVersionsInUse: 10000,
} as const;

/** A policy's size as IAM counts it against its quotas: white space does not count. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

export type HolderType = 'user' | 'group' | 'role';

/** The aggregate quota on a user's, group's or role's inline policies. */
export const INLINE_QUOTA: Record<HolderType, number> = { user: QUOTAS.userInlineSize, group: QUOTAS.groupInlineSize, role: QUOTAS.roleInlineSize };

/** The quota on attached managed policies, and the name IAM gives it in LimitExceeded. */
export const ATTACHED_QUOTA: Record<HolderType, [name: string, max: number]> = {
  user: ['PoliciesPerUser', QUOTAS.policiesPerUser],
  group: ['PoliciesPerGroup', QUOTAS.policiesPerGroup],
  role: ['PoliciesPerRole', QUOTAS.policiesPerRole],
};

/**
 * Whether replacing (or adding) the inline policy `name` with `document` keeps the holder's
 * inline policies within its aggregate quota.
 */
export function inlineFits(type: HolderType, existing: { name: string; document: string }[], name: string, document: string): boolean {
  const others = existing.filter((p) => p.name !== name).reduce((n, p) => n + policySize(p.document), 0);
  return others + policySize(document) <= INLINE_QUOTA[type];
}

export const MIN_SESSION_SECONDS = 3600;
export const MAX_SESSION_SECONDS = 43200;

/** A role's MaxSessionDuration out of 3,600–43,200 seconds, in AWS's validation wording. */
export function sessionDurationProblem(member: string, value: number): string | undefined {
  const shown = `Value '${value}' at '${member}' failed to satisfy constraint: Member must have value`;
  if (value < MIN_SESSION_SECONDS) return `${shown} greater than or equal to ${MIN_SESSION_SECONDS}`;
  if (value > MAX_SESSION_SECONDS) return `${shown} less than or equal to ${MAX_SESSION_SECONDS}`;
  return undefined;
}
