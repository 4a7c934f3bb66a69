/**
 * The `iamDirectory` port on the Store: keys and their principals, the policies that apply
 * to a principal, roles for STS, sessions. Reads outside transactions (a request's
 * authentication never writes), except noteKeyUsed, which writes at most once per key
 * every KEY_USE_INTERVAL_MS.
 */
import { Principal } from '../../../iam/principal.js';
import { Policy } from '../../../iam/policy/model.js';
import { Clock } from '../../../platform/clock.js';
import { ReadTx, Store } from '../../../state/store.js';
import { cryptoRandom, Randomness } from './ids.js';
import { defaultDocument, findEntity, findManagedPolicy } from './lookups.js';
import { parseRoleArn } from './names.js';
import { PolicyCache } from './policy-cache.js';
import { IamCredential, IamDirectory, PrincipalPolicies, RoleFacts, SessionCredentials, SessionRequest } from './ports.js';
import { isoSeconds, sessionPrincipal, tagRecord, userPrincipal } from './principals.js';
import { AccessKeyDoc, GroupDoc, KIND, PolicyHolder, RoleDoc, SessionDoc, UserDoc } from './records.js';
import { createSession, isExpired } from './sessions.js';

export const KEY_USE_INTERVAL_MS = 5 * 60 * 1000;

export class StoreDirectory implements IamDirectory {
  readonly cache = new PolicyCache();
  private readonly keyUses = new Map<string, number>();

  private changes = 0;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly random: Randomness = cryptoRandom) {
    // Watchers run when a write commits, before its API call answers: a cache keyed by
    // revision() never serves a policy or key that changed before the caller's next request.
    store.watch((change) => {
      if (change.kind.startsWith('iam/') && change.kind !== KIND.sessionExpiry) this.changes++;
    });
  }

  revision(): number {
    return this.changes;
  }

  credentialFor(accessKeyId: string): IamCredential | undefined {
    if (accessKeyId.startsWith('ASIA')) return this.sessionCredential(accessKeyId);
    const key = this.store.get<AccessKeyDoc>(KIND.accessKey, accessKeyId)?.doc;
    if (!key || key.Status !== 'Active') return undefined;
    const user = this.store.get<UserDoc>(KIND.user, key.userKey)?.doc;
    return user ? { secret: key.secret, principal: userPrincipal(user, accessKeyId) } : undefined;
  }

  private sessionCredential(accessKeyId: string): IamCredential | undefined {
    const session = this.store.get<SessionDoc>(KIND.session, accessKeyId)?.doc;
    if (!session || isExpired(session, this.clock.now())) return undefined;
    const subject = session.subject;
    const roleTags = subject.type === 'role' ? this.liveRole(subject.roleKey, subject.roleId)?.tags : undefined;
    const user = subject.type === 'user' ? this.liveUser(subject.userKey, subject.userId) : undefined;
    return { secret: session.secret, principal: sessionPrincipal(session, { roleTags, user }), sessionToken: session.token, expiration: new Date(session.expiration) };
  }

  /** The role a session was made from, unless it was deleted (or deleted and re-created: a new RoleId). */
  private liveRole(key: string, roleId: string): RoleDoc | undefined {
    const role = this.store.get<RoleDoc>(KIND.role, key)?.doc;
    return role?.RoleId === roleId ? role : undefined;
  }

  private liveUser(key: string, userId: string): UserDoc | undefined {
    const user = this.store.get<UserDoc>(KIND.user, key)?.doc;
    return user?.UserId === userId ? user : undefined;
  }

  policiesOf(principal: Principal): PrincipalPolicies {
    const out: PrincipalPolicies = { identity: [], session: [] };
    if (principal.type === 'root') return out;
    if (principal.type === 'user') {
      const user = principal.username === undefined ? undefined : findEntity(this.store, 'user', principal.accountId, principal.username)?.doc;
      if (user?.UserId === principal.userId) this.addUser(user, out);
    } else {
      const roleName = principal.roleArn ? parseRoleArn(principal.roleArn)?.name : undefined;
      const role = roleName === undefined ? undefined : findEntity(this.store, 'role', principal.accountId, roleName)?.doc;
      if (role && principal.userId.startsWith(`${role.RoleId}:`)) this.addHolder(role, out, role.boundary);
    }
    if (principal.accessKeyId.startsWith('ASIA')) this.addSessionPolicies(principal, out);
    return out;
  }

  private addUser(user: UserDoc, out: PrincipalPolicies): void {
    this.addHolder(user, out, user.boundary);
    for (const group of user.groups) {
      const doc = this.store.get<GroupDoc>(KIND.group, `${user.accountId}/${group}`)?.doc;
      if (doc) this.addHolder(doc, out);
    }
  }

  private addHolder(holder: PolicyHolder & { accountId: string }, out: PrincipalPolicies, boundaryArn?: string): void {
    for (const p of holder.inline) out.identity.push(this.cache.parse(p.document, 'identity', p.name));
    for (const arn of holder.attached) {
      const policy = this.managed(this.store, holder.accountId, arn, 'identity');
      if (policy) out.identity.push(policy);
    }
    if (boundaryArn !== undefined) {
      // A boundary whose policy is gone (it cannot be deleted while in use) allows nothing.
      out.boundary = this.managed(this.store, holder.accountId, boundaryArn, 'boundary') ?? this.cache.denyAll('boundary', `${boundaryArn} (gone)`);
    }
  }

  private addSessionPolicies(principal: Principal, out: PrincipalPolicies): void {
    const session = this.store.get<SessionDoc>(KIND.session, principal.accessKeyId)?.doc;
    if (!session) return;
    session.policies.forEach((document, i) => out.session.push(this.cache.parse(document, 'session', `session policy ${i + 1}`)));
    for (const arn of session.policyArns) out.session.push(this.managed(this.store, session.accountId, arn, 'session') ?? this.cache.denyAll('session', `${arn} (gone)`));
  }

  private managed(tx: ReadTx, accountId: string, arn: string, kind: 'identity' | 'boundary' | 'session'): Policy | undefined {
    const policy = findManagedPolicy(tx, accountId, arn);
    if (!policy) return undefined;
    // A version's document never changes: its policy id and version id name it.
    const version = policy.source === 'aws' ? `${policy.policy.PolicyId}:${policy.policy.DefaultVersionId}` : `${policy.record.doc.PolicyId}:${policy.record.doc.DefaultVersionId}`;
    return this.cache.parse(defaultDocument(policy), kind, arn, version);
  }

  findRole(accountId: string, roleArn: string): RoleFacts | undefined {
    const parts = parseRoleArn(roleArn);
    if (!parts || parts.accountId !== accountId) return undefined;
    const role = findEntity(this.store, 'role', accountId, parts.name)?.doc;
    if (!role || role.Arn !== roleArn) return undefined;
    return {
      arn: role.Arn, roleId: role.RoleId, roleName: role.RoleName, path: role.Path, accountId,
      trustPolicy: this.cache.parse(role.trust, 'trust', `${role.Arn} trust policy`),
      maxSessionDuration: role.MaxSessionDuration, tags: tagRecord(role.tags),
      ...(role.boundary !== undefined ? { permissionsBoundaryArn: role.boundary } : {}),
      serviceLinked: role.serviceLinked !== undefined,
    };
  }

  createSession(request: SessionRequest): SessionCredentials {
    return createSession(this.store, this.clock, this.random, request);
  }

  noteKeyUsed(accessKeyId: string, service: string, region: string): void {
    if (accessKeyId.startsWith('ASIA')) return;
    const now = this.clock.now();
    const last = this.keyUses.get(accessKeyId);
    if (last !== undefined && now.getTime() - last < KEY_USE_INTERVAL_MS) return;
    this.keyUses.set(accessKeyId, now.getTime());
    this.store.transact((tx) => {
      const rec = tx.get<AccessKeyDoc>(KIND.accessKey, accessKeyId);
      if (rec) tx.put(KIND.accessKey, accessKeyId, { ...rec.doc, lastUsed: { date: isoSeconds(now), service, region } }, rec.version);
    });
  }
}
