/**
 * Who is calling the registry and whether they may pull or push: Basic `AWS:<token>`
 * credentials from GetAuthorizationToken, Bearer tokens from `/v2/token`, the repository
 * policy, and anonymous pulls of public repositories only.
 */
import { IncomingMessage } from 'node:http';
import { bearerCredential, formatScope, Scope, scopeAllows, verifyBearer } from './bearer.js';
import { RegistryError } from '../../services/ecr/domain/errors.js';
import { isAllowed, Principal, PULL_ACTIONS, PUSH_ACTIONS } from '../../services/ecr/domain/policy.js';
import { RepositoryDoc } from '../../services/ecr/domain/records.js';
import { basicCredentials, TokenKey, verifyPassword } from '../../services/ecr/domain/token.js';

export type Access = 'pull' | 'push';

/** An authenticated (or anonymous) caller; `scopes` only when it presented a Bearer token. */
export interface Caller { who?: Principal; scopes?: Scope[] }

const INVALID = 'Your authorization token is invalid or has expired.';

/** The challenge scope for an access: push tokens are requested as `pull,push`, as docker does. */
export function accessScope(name: string, access: Access): string {
  return formatScope({ type: 'repository', name, actions: access === 'pull' ? ['pull'] : ['pull', 'push'] });
}

export function unauthorized(message: string, scope?: string): RegistryError {
  const err = new RegistryError('UNAUTHORIZED', message);
  err.scope = scope;
  return err;
}

export function accountPrincipal(account: string): Principal {
  return { arn: `arn:aws:iam::${account}:root`, accountId: account };
}

export class RegistryAccess {
  constructor(private readonly key: TokenKey, private readonly registryHost: string) {}

  /**
   * A Bearer challenge pointing at the token endpoint: docker only follows a Basic challenge
   * when it holds credentials, but follows a Bearer one anonymously too (public pulls), and
   * with stored `docker login` credentials it sends them to the token endpoint as Basic.
   * The realm uses the Host the client reached us by (localhost vs 127.0.0.1 vs a name).
   */
  challenge(host: string | undefined, scope?: string): Record<string, string> {
    const realmHost = host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : this.registryHost;
    const scopePart = scope ? `,scope="${scope}"` : '';
    return { 'www-authenticate': `Bearer realm="http://${realmHost}/v2/token",service="${this.registryHost}"${scopePart}` };
  }

  /** undefined for an anonymous caller; throws UNAUTHORIZED for bad Basic credentials. */
  principal(req: IncomingMessage, now: Date): Principal | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const creds = basicCredentials(header);
    // containers/image answers a Basic challenge with empty credentials when it has none.
    if (creds && !creds.username && !creds.password) return undefined;
    const account = creds && verifyPassword(this.key, creds.username, creds.password, now);
    if (!account) throw unauthorized(INVALID);
    return accountPrincipal(account);
  }

  /** The caller from a Bearer token or Basic credentials; throws UNAUTHORIZED for invalid ones. */
  caller(req: IncomingMessage, now: Date): Caller {
    const bearer = bearerCredential(req.headers.authorization);
    if (bearer === undefined) return { who: this.principal(req, now) };
    const claims = verifyBearer(this.key, bearer, now);
    if (!claims) throw unauthorized(INVALID);
    return { who: claims.sub ? accountPrincipal(claims.sub) : undefined, scopes: claims.access };
  }

  /** authorize(), then (for a Bearer caller) the token's scope: a missing scope is a 401 naming it, so the client fetches one. */
  check(caller: Caller, name: string, repo: RepositoryDoc | undefined, access: Access): void {
    try {
      this.authorize(caller.who, repo, access);
    } catch (e) {
      if (e instanceof RegistryError && e.code === 'UNAUTHORIZED') e.scope ??= accessScope(name, access);
      throw e;
    }
    if (caller.scopes && !scopeAllows(caller.scopes, 'repository', name, access)) {
      throw unauthorized('authentication required', accessScope(name, access));
    }
  }

  /** `/v2/_catalog`: authenticated callers only (a Bearer token needs `registry:catalog:*`). */
  checkCatalog(caller: Caller): void {
    if (!caller.who || (caller.scopes && !scopeAllows(caller.scopes, 'registry', 'catalog', '*'))) {
      throw unauthorized('authentication required', 'registry:catalog:*');
    }
  }

  /** Throws UNAUTHORIZED (401) or DENIED (403) unless every action of the access is allowed. */
  authorize(who: Principal | undefined, repo: RepositoryDoc | undefined, access: Access): void {
    if (!who) {
      if (access === 'pull' && repo?.ns === 'public') return;
      throw unauthorized('authentication required');
    }
    if (!repo) return;
    const actions = access === 'pull' ? PULL_ACTIONS : PUSH_ACTIONS;
    if (actions.some((a) => !isAllowed(repo.policyText, a, who, repo.registryId))) {
      throw new RegistryError('DENIED', `User: ${who.arn} is not authorized to perform: ${actions.join(', ')} on resource: ${repo.repositoryName}`);
    }
  }
}
