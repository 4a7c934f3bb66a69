/**
 * Records → the contract's shapes. Policy documents go out URL-encoded (RFC 3986), as IAM
 * sends them (the aws CLI decodes them; SDK callers decodeURIComponent). Get* answers carry
 * tags and boundaries; List* answers leave them out, as IAM's listings do.
 */
import { AttachedPermissionsBoundary, Group, InstanceProfile, Policy, Role, User } from '../../../protocol/generated/iam.js';
import { ReadTx } from '../../../state/store.js';
import { AwsManagedPolicy } from '../domain/aws-managed.js';
import { attachmentCount, boundaryUsageCount, ManagedPolicy } from '../domain/lookups.js';
import { GroupDoc, InstanceProfileDoc, KIND, ManagedPolicyDoc, RoleDoc, TagPair, UserDoc } from '../domain/records.js';

export const encodeDocument = (document: string) => encodeURIComponent(document);

const boundaryOf = (arn: string | undefined): AttachedPermissionsBoundary | undefined =>
  arn === undefined ? undefined : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn };

const tagsOf = (tags: TagPair[]) => (tags.length ? { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {});

export function userView(doc: UserDoc, detail: boolean): User {
  const user: User = { Path: doc.Path, UserName: doc.UserName, UserId: doc.UserId, Arn: doc.Arn, CreateDate: doc.CreateDate };
  if (!detail) return user;
  const PermissionsBoundary = boundaryOf(doc.boundary);
  return { ...user, ...(PermissionsBoundary ? { PermissionsBoundary } : {}), ...tagsOf(doc.tags) };
}

/**
 * The account root as GetUser answers for it: its account id and ARN, no name or path.
 * The contract types every User with a name and path; the root has neither.
 */
export function rootUserView(accountId: string, partitionName: string, created: string): User {
  const root: Omit<User, 'Path' | 'UserName'> = { UserId: accountId, Arn: `arn:${partitionName}:iam::${accountId}:root`, CreateDate: created };
  return root as User;
}

export function groupView(doc: GroupDoc): Group {
  return { Path: doc.Path, GroupName: doc.GroupName, GroupId: doc.GroupId, Arn: doc.Arn, CreateDate: doc.CreateDate };
}

/**
 * A role as each answer shows it. `get` (GetRole): everything, RoleLastUsed always (empty
 * when never used). `list` (ListRoles): no tags, boundary or last use. `create` (CreateRole,
 * UpdateRoleDescription, CreateServiceLinkedRole): no MaxSessionDuration or last use.
 */
export function roleView(doc: RoleDoc, mode: 'get' | 'list' | 'create'): Role {
  const role: Role = {
    Path: doc.Path, RoleName: doc.RoleName, RoleId: doc.RoleId, Arn: doc.Arn, CreateDate: doc.CreateDate,
    AssumeRolePolicyDocument: encodeDocument(doc.trust),
    ...(doc.Description !== undefined ? { Description: doc.Description } : {}),
    ...(mode !== 'create' ? { MaxSessionDuration: doc.MaxSessionDuration } : {}),
  };
  if (mode === 'list') return role;
  const PermissionsBoundary = boundaryOf(doc.boundary);
  const extra = { ...(PermissionsBoundary ? { PermissionsBoundary } : {}), ...tagsOf(doc.tags) };
  if (mode === 'create') return { ...role, ...extra };
  return { ...role, ...extra, RoleLastUsed: doc.lastUsed ? { LastUsedDate: doc.lastUsed.date, Region: doc.lastUsed.region } : {} };
}

/** A role as an instance profile lists it. */
export function profileRoleView(doc: RoleDoc): Role {
  return { Path: doc.Path, RoleName: doc.RoleName, RoleId: doc.RoleId, Arn: doc.Arn, CreateDate: doc.CreateDate, AssumeRolePolicyDocument: encodeDocument(doc.trust) };
}

export function instanceProfileView(tx: ReadTx, doc: InstanceProfileDoc, withTags: boolean): InstanceProfile {
  const roles = doc.roles.flatMap((key) => {
    const role = tx.get<RoleDoc>(KIND.role, `${doc.accountId}/${key}`)?.doc;
    return role ? [profileRoleView(role)] : [];
  });
  return {
    Path: doc.Path, InstanceProfileName: doc.InstanceProfileName, InstanceProfileId: doc.InstanceProfileId, Arn: doc.Arn,
    CreateDate: doc.CreateDate, Roles: roles, ...(withTags ? tagsOf(doc.tags) : {}),
  };
}

function awsPolicyView(tx: ReadTx, accountId: string, p: AwsManagedPolicy): Policy {
  return {
    PolicyName: p.PolicyName, PolicyId: p.PolicyId, Arn: p.Arn, Path: p.Path, DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: attachmentCount(tx, accountId, p.Arn), PermissionsBoundaryUsageCount: boundaryUsageCount(tx, accountId, p.Arn),
    IsAttachable: true, CreateDate: p.CreateDate, UpdateDate: p.UpdateDate,
  };
}

/** `detail`: GetPolicy and CreatePolicy (description, tags). */
export function localPolicyView(tx: ReadTx, doc: ManagedPolicyDoc, detail: boolean): Policy {
  return {
    PolicyName: doc.PolicyName, PolicyId: doc.PolicyId, Arn: doc.Arn, Path: doc.Path, DefaultVersionId: doc.DefaultVersionId,
    AttachmentCount: attachmentCount(tx, doc.accountId, doc.Arn), PermissionsBoundaryUsageCount: boundaryUsageCount(tx, doc.accountId, doc.Arn),
    IsAttachable: true, ...(detail && doc.Description !== undefined ? { Description: doc.Description } : {}),
    CreateDate: doc.CreateDate, UpdateDate: doc.UpdateDate, ...(detail ? tagsOf(doc.tags) : {}),
  };
}

export function policyView(tx: ReadTx, accountId: string, policy: ManagedPolicy, detail: boolean): Policy {
  return policy.source === 'aws' ? awsPolicyView(tx, accountId, policy.policy) : localPolicyView(tx, policy.record.doc, detail);
}
