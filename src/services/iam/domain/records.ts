/**
 * IAM's records in the Store. IAM is global: entities are keyed by account, then by the
 * lower-cased name (IAM names are unique regardless of case), so `<account>/` lists an
 * account's users, roles… in name order. Access keys and sessions are keyed by their key
 * id, which is what a signed request names. Relations are fields of the entity that holds
 * them (a user's groups, an entity's attached policy ARNs, a profile's roles) and indexes
 * answer the reverse questions (a group's members, a policy's attachments).
 *
 * AWS member names are kept for what the API answers; Berth's own fields are lower case.
 */
import { IndexDefinition } from '../../../state/store.js';

export const KIND = {
  account: 'iam/account',
  user: 'iam/user',
  group: 'iam/group',
  role: 'iam/role',
  policy: 'iam/policy',
  instanceProfile: 'iam/instance-profile',
  accessKey: 'iam/access-key',
  session: 'iam/session',
  sessionExpiry: 'iam/session-expiry',
  deletionTask: 'iam/deletion-task',
} as const;

export interface TagPair { Key: string; Value: string }

/** An inline policy: the document exactly as it was put. */
export interface InlinePolicy { name: string; document: string }

interface EntityBase {
  accountId: string;
  Path: string;
  Arn: string;
  /** ISO 8601, whole seconds. */
  CreateDate: string;
}

/** What users, groups and roles share: policies. */
export interface PolicyHolder {
  inline: InlinePolicy[];
  /** ARNs of the attached managed policies, in attachment order. */
  attached: string[];
}

export interface UserDoc extends EntityBase, PolicyHolder {
  UserName: string;
  UserId: string;
  tags: TagPair[];
  /** The permissions boundary's policy ARN. */
  boundary?: string;
  /** Keys (lower-cased names) of the groups the user belongs to. */
  groups: string[];
}

export interface GroupDoc extends EntityBase, PolicyHolder {
  GroupName: string;
  GroupId: string;
}

export interface RoleDoc extends EntityBase, PolicyHolder {
  RoleName: string;
  RoleId: string;
  /** The trust policy as given. */
  trust: string;
  Description?: string;
  MaxSessionDuration: number;
  tags: TagPair[];
  boundary?: string;
  lastUsed?: { date: string; region: string };
  /** For a service-linked role: the service principal (`ecs.amazonaws.com`). */
  serviceLinked?: string;
}

export interface PolicyVersionDoc {
  VersionId: string;
  document: string;
  CreateDate: string;
}

/** A customer managed policy (AWS managed ones are built in: aws-managed.ts). */
export interface ManagedPolicyDoc {
  accountId: string;
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
  DefaultVersionId: string;
  versions: PolicyVersionDoc[];
  /** Version numbers are never reused: the next one is this. */
  nextVersion: number;
  tags: TagPair[];
}

export interface InstanceProfileDoc extends EntityBase {
  InstanceProfileName: string;
  InstanceProfileId: string;
  /** Keys (lower-cased names) of the roles in the profile (at most one). */
  roles: string[];
  tags: TagPair[];
}

export type KeyStatus = 'Active' | 'Inactive';

/** An IAM user's access key. The secret is kept to verify signatures (the data dir is 0700). */
export interface AccessKeyDoc {
  accountId: string;
  /** The owner's entity key (`<account>/<lower name>`). */
  userKey: string;
  UserName: string;
  AccessKeyId: string;
  secret: string;
  Status: KeyStatus;
  CreateDate: string;
  lastUsed?: { date: string; service: string; region: string };
}

/** Who a session acts as: a role (AssumeRole), or a user or the root (GetSessionToken). */
export type SessionSubjectDoc =
  | { type: 'role'; roleKey: string; roleName: string; roleId: string; roleArn: string; sessionName: string; sourceIdentity?: string; tags: TagPair[]; transitiveTagKeys: string[] }
  | { type: 'user'; userKey: string; userName: string; userId: string; userArn: string }
  | { type: 'root' };

/** Temporary credentials: an ASIA key with its secret and session token. */
export interface SessionDoc {
  accountId: string;
  accessKeyId: string;
  secret: string;
  token: string;
  /** ISO 8601. */
  expiration: string;
  created: string;
  subject: SessionSubjectDoc;
  /** Inline session policies as given, and managed session policy ARNs. */
  policies: string[];
  policyArns: string[];
}

/** The expiry index of sessions: id `<expiration ISO>|<key id>`, so a range scan finds the expired ones. */
export interface SessionExpiryDoc { accessKeyId: string }

export interface DeletionTaskDoc {
  accountId: string;
  DeletionTaskId: string;
  Status: 'SUCCEEDED' | 'IN_PROGRESS' | 'FAILED' | 'NOT_STARTED';
}

export interface AccountDoc { accountId: string; CreateDate: string }

/** `<account>/<lower-cased name>`: IAM names are unique regardless of case. */
export const entityKey = (accountId: string, name: string) => `${accountId}/${name.toLowerCase()}`;
export const accountPrefix = (accountId: string) => `${accountId}/`;
export const sessionExpiryId = (expiration: string, accessKeyId: string) => `${expiration}|${accessKeyId}`;
export const deletionTaskKey = (accountId: string, taskId: string) => `${accountId}/${taskId}`;

/** Index keys name the account too: AWS managed policy ARNs are the same in every account. */
export const policyIndexKey = (accountId: string, policyArn: string) => `${accountId} ${policyArn}`;

export const INDEX = { policy: 'policy', boundary: 'boundary', group: 'group', role: 'role', user: 'user' } as const;

const attachedKeys = (doc: { accountId: string; attached: string[] }) => doc.attached.map((arn) => policyIndexKey(doc.accountId, arn));
const boundaryKeys = (doc: { accountId: string; boundary?: string }) => (doc.boundary ? [policyIndexKey(doc.accountId, doc.boundary)] : []);

/** Every index IAM defines: declared by the module before the first transaction. */
export const INDEXES: IndexDefinition[] = [
  { kind: KIND.user, name: INDEX.policy, version: 1, keys: (d: UserDoc) => attachedKeys(d) },
  { kind: KIND.group, name: INDEX.policy, version: 1, keys: (d: GroupDoc) => attachedKeys(d) },
  { kind: KIND.role, name: INDEX.policy, version: 1, keys: (d: RoleDoc) => attachedKeys(d) },
  { kind: KIND.user, name: INDEX.boundary, version: 1, keys: (d: UserDoc) => boundaryKeys(d) },
  { kind: KIND.role, name: INDEX.boundary, version: 1, keys: (d: RoleDoc) => boundaryKeys(d) },
  { kind: KIND.user, name: INDEX.group, version: 1, keys: (d: UserDoc) => d.groups.map((g) => `${d.accountId}/${g}`) },
  { kind: KIND.instanceProfile, name: INDEX.role, version: 1, keys: (d: InstanceProfileDoc) => d.roles.map((r) => `${d.accountId}/${r}`) },
  { kind: KIND.accessKey, name: INDEX.user, version: 1, keys: (d: AccessKeyDoc) => [d.userKey] },
];

/** The kinds that hold managed policy attachments (and permissions boundaries: users and roles). */
export const HOLDER_KINDS = [KIND.user, KIND.group, KIND.role] as const;
