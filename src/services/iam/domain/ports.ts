/**
 * What IAM offers the edge and other services (the `iamDirectory` port): who an access
 * key belongs to and its secret, the policies that apply to a principal, roles for STS,
 * and temporary credentials. See the README's "The iamDirectory port".
 */
import { Principal } from '../../../iam/principal.js';
import { Policy } from '../../../iam/policy/model.js';

/** A verified key's secret and who it is; for temporary credentials also the token and expiry. */
export interface IamCredential {
  secret: string;
  principal: Principal;
  /** Temporary credentials only: the request must carry this X-Amz-Security-Token. */
  sessionToken?: string;
  expiration?: Date;
}

/** The parsed policies that apply to a principal, for src/iam/policy evaluate(). */
export interface PrincipalPolicies {
  /** Identity-based: inline and attached (a user's groups' too; a session's role's). */
  identity: Policy[];
  /** The user's or role's permissions boundary. */
  boundary?: Policy;
  /** Session policies passed when the session was created (inline and managed). */
  session: Policy[];
}

/** A role as STS AssumeRole needs it. */
export interface RoleFacts {
  arn: string;
  roleId: string;
  roleName: string;
  path: string;
  accountId: string;
  /** The parsed trust (assume-role) policy. */
  trustPolicy: Policy;
  maxSessionDuration: number;
  tags: Record<string, string>;
  permissionsBoundaryArn?: string;
  serviceLinked: boolean;
}

/** Who temporary credentials act as. */
export type SessionSubject =
  /** AssumeRole: a role session named `sessionName`. */
  | { type: 'role'; roleArn: string; sessionName: string; sourceIdentity?: string; tags?: Record<string, string>; transitiveTagKeys?: string[] }
  /** GetSessionToken by an IAM user: the session is the user itself. */
  | { type: 'user'; userName: string }
  /** GetSessionToken by the account root. */
  | { type: 'root' };

export interface SessionRequest {
  accountId: string;
  /** The region the call was made in: recorded as the role's RoleLastUsed region. */
  region: string;
  subject: SessionSubject;
  /** Lifetime; STS checks it against its limits and the role's MaxSessionDuration first. */
  durationSeconds: number;
  /** Inline session policies (JSON documents), parsed as IAM parses session policies. */
  policies?: string[];
  /** Managed policies used as session policies; they must exist. */
  policyArns?: string[];
}

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  /** Who the credentials act as (for AssumeRole: the assumed-role user). */
  principal: Principal;
}

/**
 * Why createSession refused: the role, user or a session policy ARN does not exist. A
 * malformed session policy throws the policy parser's PolicyError (code MalformedPolicyDocument).
 */
export class IamDirectoryError extends Error {
  readonly code = 'NoSuchEntity';
  constructor(message: string) {
    super(message);
    this.name = 'IamDirectoryError';
  }
}

export interface IamDirectory {
  /**
   * An Active IAM user key (AKIA…) → its secret and the user; an unexpired session key
   * (ASIA…) → its secret, token, expiration and principal. Undefined for anything else
   * (unknown, Inactive, expired, or the root key, which the edge knows itself).
   */
  credentialFor(accessKeyId: string): IamCredential | undefined;
  /** The policies that apply to a principal credentialFor returned (none for the root). */
  policiesOf(principal: Principal): PrincipalPolicies;
  /** A role of the account by ARN (path included), or undefined. */
  findRole(accountId: string, roleArn: string): RoleFacts | undefined;
  /** Stores temporary credentials (ASIA…) and returns them; throws IamDirectoryError or PolicyError. */
  createSession(request: SessionRequest): SessionCredentials;
  /**
   * Records that a user key was used (GetAccessKeyLastUsed). Cheap to call per request:
   * at most one write per key every few minutes.
   */
  noteKeyUsed(accessKeyId: string, service: string, region: string): void;
  /** Changes whenever a user, group, role, policy, key or session changes: caches key on it. */
  revision(): number;
}
