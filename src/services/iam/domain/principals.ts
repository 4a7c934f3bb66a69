/** The Principal behind an IAM user's key or a session's key. Pure. */
import { Principal, rootPrincipal } from '../../../iam/principal.js';
import { assumedRoleArn } from './names.js';
import { SessionDoc, TagPair, UserDoc } from './records.js';

export function tagRecord(tags: readonly TagPair[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

export function userPrincipal(user: UserDoc, accessKeyId: string): Principal {
  return {
    accessKeyId, accountId: user.accountId, arn: user.Arn, root: false, type: 'user',
    userId: user.UserId, username: user.UserName, tags: tagRecord(user.tags),
  };
}

/**
 * The principal of a session. For a role session, `roleTags` are the role's current tags;
 * session tags win over a role tag of the same key (case-insensitively, as IAM's tag keys).
 */
export function sessionPrincipal(session: SessionDoc, live: { roleTags?: TagPair[]; user?: UserDoc }): Principal {
  const subject = session.subject;
  if (subject.type === 'root') return rootPrincipal(session.accessKeyId, session.accountId);
  if (subject.type === 'user') {
    if (live.user) return userPrincipal(live.user, session.accessKeyId);
    return { accessKeyId: session.accessKeyId, accountId: session.accountId, arn: subject.userArn, root: false, type: 'user', userId: subject.userId, username: subject.userName, tags: {} };
  }
  const sessionKeys = new Set(subject.tags.map((t) => t.Key.toLowerCase()));
  const tags = [...(live.roleTags ?? []).filter((t) => !sessionKeys.has(t.Key.toLowerCase())), ...subject.tags];
  return {
    accessKeyId: session.accessKeyId,
    accountId: session.accountId,
    arn: assumedRoleArn(subject.roleArn, subject.roleName, subject.sessionName),
    root: false,
    type: 'assumed-role',
    userId: `${subject.roleId}:${subject.sessionName}`,
    tags: tagRecord(tags),
    roleArn: subject.roleArn,
    sessionName: subject.sessionName,
  };
}

/** ISO 8601 to the second, as IAM's dates read (`2026-01-01T00:00:00Z`). */
export function isoSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
