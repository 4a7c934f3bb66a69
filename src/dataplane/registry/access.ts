/**
 * Who is calling the registry and whether they may do what a request asks: Basic
 * `AWS:<token>` credentials from GetAuthorizationToken and Bearer tokens from `/v2/token`
 * both name the access key of GetAuthorizationToken's caller; each request is authorized
 * for that key's principal at request time by IAM (identity policies with the repository
 * policy, ../../services/ecr/domain/access-control.ts). Anonymous callers may only pull
 * public repositories.
 */
import { IncomingMessage } from 'node:http';
import { globalConditionKeys } from '../../iam/global-keys.js';
import { Principal } from '../../iam/principal.js';
import { bearerCredential, formatScope, Scope, scopeAllows, verifyBearer } from './bearer.js';
import { Conditions, RepositoryAccessControl, RepositoryTarget } from '../../services/ecr/domain/access-control.js';
import { RegistryError } from '../../services/ecr/domain/errors.js';
import { basicCredentials, TokenKey, verifyPassword } from '../../services/ecr/domain/token.js';

export type Access = 'pull' | 'push';

/** An authenticated (or anonymous) caller; `scopes` only when it presented a Bearer token. */
export interface Caller { who?: Principal; scopes?: Scope[] }

/** What a request asks: the access its Bearer token must grant, and the ECR operations IAM must allow. */
export interface Need { access: Access; operations: readonly string[] }

/** The operations of a docker pull and a docker push: the token endpoint grants an access when IAM allows any of them. */
const ACCESS_OPERATIONS: Record<Access, readonly string[]> = {
  pull: ['BatchGetImage', 'GetDownloadUrlForLayer'],
  push: ['InitiateLayerUpload', 'UploadLayerPart', 'CompleteLayerUpload', 'PutImage', 'BatchCheckLayerAvailability'],
};

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

/** The global condition keys of a /v2/ request on a repository of `region`. */
export function requestConditions(req: IncomingMessage, now: Date, region: string): Conditions {
  const socket = req.socket;
  return globalConditionKeys({ now, region, sourceIp: socket?.remoteAddress, secureTransport: socket !== undefined && 'encrypted' in socket });
}

export class RegistryAccess {
  constructor(private readonly key: TokenKey, private readonly registryHost: string, readonly control: RepositoryAccessControl) {}

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

  /** undefined for an anonymous caller; throws UNAUTHORIZED for bad Basic credentials or a key that is gone. */
  principal(req: IncomingMessage, now: Date): Principal | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const creds = basicCredentials(header);
    // containers/image answers a Basic challenge with empty credentials when it has none.
    if (creds && !creds.username && !creds.password) return undefined;
    const accessKeyId = creds && verifyPassword(this.key, creds.username, creds.password, now);
    if (!accessKeyId) throw unauthorized(INVALID);
    return this.holder(accessKeyId);
  }

  /** The caller from a Bearer token or Basic credentials; throws UNAUTHORIZED for invalid ones. */
  caller(req: IncomingMessage, now: Date): Caller {
    const bearer = bearerCredential(req.headers.authorization);
    if (bearer === undefined) return { who: this.principal(req, now) };
    const claims = verifyBearer(this.key, bearer, now);
    if (!claims) throw unauthorized(INVALID);
    return { who: claims.key ? this.holder(claims.key) : undefined, scopes: claims.access };
  }

  /** The principal of the key a token names, now: the token dies with the key (deleted, inactive, session expired). */
  private holder(accessKeyId: string): Principal {
    const who = this.control.principalOf(accessKeyId);
    if (!who) throw unauthorized(INVALID);
    return who;
  }

  /**
   * Authentication (401), then IAM (403 DENIED with AWS's message), then a Bearer token's
   * scope (401 naming the scope, so the client fetches one). IAM goes before the scope so a
   * refused docker push shows why, not a bare authentication error.
   */
  check(caller: Caller, name: string, target: RepositoryTarget, need: Need, context: Conditions): void {
    if (caller.who) this.authorize(caller.who, target, need, context);
    else if (need.access !== 'pull' || target.address.ns !== 'public') throw unauthorized('authentication required', accessScope(name, need.access));
    if (caller.scopes && !scopeAllows(caller.scopes, 'repository', name, need.access)) {
      throw unauthorized('authentication required', accessScope(name, need.access));
    }
  }

  /** Throws DENIED (403) unless IAM allows every operation; reading a public repository needs no permission. */
  authorize(who: Principal, target: RepositoryTarget, need: Need, context: Conditions): void {
    if (target.address.ns === 'public' && need.access === 'pull') return;
    const refusal = this.control.refusal(who, need.operations, target, context);
    if (refusal) throw new RegistryError('DENIED', refusal);
  }

  /**
   * Whether the caller may use an access at all, for the token endpoint's grants: some of
   * its operations are allowed. Each request is authorized for its own operation anyway, so
   * a caller allowed the manifest but not the layers gets AWS's 403 naming
   * GetDownloadUrlForLayer, not a token without the scope (a bare 401).
   */
  allows(who: Principal | undefined, target: RepositoryTarget, access: Access, context: Conditions): boolean {
    const publicRead = access === 'pull' && target.address.ns === 'public';
    if (!who || publicRead) return publicRead;
    return ACCESS_OPERATIONS[access].some((operation) => this.control.refusal(who, [operation], target, context) === undefined);
  }

  /** `/v2/_catalog`: authenticated callers only (a Bearer token needs `registry:catalog:*`). */
  checkCatalog(caller: Caller): Principal {
    if (!caller.who || (caller.scopes && !scopeAllows(caller.scopes, 'registry', 'catalog', '*'))) {
      throw unauthorized('authentication required', 'registry:catalog:*');
    }
    return caller.who;
  }
}
