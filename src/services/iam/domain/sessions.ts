/**
 * Temporary credentials: createSession stores an `iam/session` record keyed by its ASIA
 * key id and an `iam/session-expiry` record keyed `<expiration>|<key id>`, so the sweep
 * finds expired sessions with one range scan in expiry order and deletes both.
 */
import { parsePolicy } from '../../../iam/policy/parse.js';
import { Clock } from '../../../platform/clock.js';
import { Store, Tx } from '../../../state/store.js';
import { accessKeyId as newKeyId, Randomness, secretAccessKey, sessionToken } from './ids.js';
import { findEntity, findManagedPolicy } from './lookups.js';
import { parseRoleArn } from './names.js';
import { IamDirectoryError, SessionCredentials, SessionRequest, SessionSubject } from './ports.js';
import { isoSeconds, sessionPrincipal } from './principals.js';
import { KIND, SessionDoc, SessionExpiryDoc, SessionSubjectDoc, sessionExpiryId } from './records.js';

/** Writes the session's subject (and the role's RoleLastUsed); throws IamDirectoryError when it is gone. */
function subjectDoc(tx: Tx, request: SessionRequest, now: string): SessionSubjectDoc {
  const subject: SessionSubject = request.subject;
  if (subject.type === 'root') return { type: 'root' };
  if (subject.type === 'user') {
    const user = findEntity(tx, 'user', request.accountId, subject.userName);
    if (!user) throw new IamDirectoryError(`The user with name ${subject.userName} cannot be found.`);
    return { type: 'user', userKey: user.id, userName: user.doc.UserName, userId: user.doc.UserId, userArn: user.doc.Arn };
  }
  const parts = parseRoleArn(subject.roleArn);
  const role = parts && parts.accountId === request.accountId ? findEntity(tx, 'role', request.accountId, parts.name) : undefined;
  if (!role || role.doc.Arn !== subject.roleArn) throw new IamDirectoryError(`The role with ARN ${subject.roleArn} cannot be found.`);
  tx.put(KIND.role, role.id, { ...role.doc, lastUsed: { date: now, region: request.region } }, role.version);
  const tags = Object.entries(subject.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  return {
    type: 'role', roleKey: role.id, roleName: role.doc.RoleName, roleId: role.doc.RoleId, roleArn: role.doc.Arn,
    sessionName: subject.sessionName, tags, transitiveTagKeys: subject.transitiveTagKeys ?? [],
    ...(subject.sourceIdentity !== undefined ? { sourceIdentity: subject.sourceIdentity } : {}),
  };
}

export function createSession(store: Store, clock: Clock, random: Randomness, request: SessionRequest): SessionCredentials {
  if (!(request.durationSeconds > 0)) throw new RangeError('durationSeconds must be positive');
  // Malformed session policies throw PolicyError before anything is written.
  for (const document of request.policies ?? []) parsePolicy(document, 'session');
  return store.transact((tx) => {
    for (const arn of request.policyArns ?? []) {
      if (!findManagedPolicy(tx, request.accountId, arn)) throw new IamDirectoryError(`Policy ${arn} does not exist or is not attachable.`);
    }
    const now = clock.now();
    const created = isoSeconds(now);
    const subject = subjectDoc(tx, request, created);
    let id = newKeyId('ASIA', random);
    while (tx.get(KIND.session, id)) id = newKeyId('ASIA', random);
    const expiration = isoSeconds(new Date(now.getTime() + request.durationSeconds * 1000));
    const doc: SessionDoc = {
      accountId: request.accountId, accessKeyId: id, secret: secretAccessKey(random), token: sessionToken(random),
      expiration, created, subject, policies: request.policies ?? [], policyArns: request.policyArns ?? [],
    };
    tx.put(KIND.session, id, doc, 0);
    tx.put<SessionExpiryDoc>(KIND.sessionExpiry, sessionExpiryId(expiration, id), { accessKeyId: id });
    const roleTags = subject.type === 'role' ? tx.get<{ tags: { Key: string; Value: string }[] }>(KIND.role, subject.roleKey)?.doc.tags : undefined;
    const user = subject.type === 'user' ? findEntity(tx, 'user', request.accountId, subject.userName)?.doc : undefined;
    return {
      accessKeyId: id, secretAccessKey: doc.secret, sessionToken: doc.token, expiration: new Date(expiration),
      principal: sessionPrincipal(doc, { roleTags, user }),
    };
  });
}

/** Whether a session has expired at `now`. */
export const isExpired = (session: SessionDoc, now: Date) => new Date(session.expiration).getTime() <= now.getTime();

/** Deletes sessions whose expiry has passed, oldest first; returns how many. */
export function sweepSessions(store: Store, now: Date, batch = 500): number {
  const cutoff = isoSeconds(now);
  let removed = 0;
  for (;;) {
    const due = store.list<SessionExpiryDoc>(KIND.sessionExpiry, { limit: batch }).filter((r) => r.id.slice(0, r.id.indexOf('|')) <= cutoff);
    if (due.length === 0) return removed;
    store.transact((tx) => {
      for (const r of due) {
        tx.delete(KIND.sessionExpiry, r.id);
        tx.delete(KIND.session, r.doc.accessKeyId);
      }
    });
    removed += due.length;
    if (due.length < batch) return removed;
  }
}
