/**
 * The Docker token endpoint (`GET /v2/token?service=…&scope=…`) the Bearer challenge points
 * at. With `docker login` credentials (Basic `AWS:<ecr token>`) it issues a token for the
 * account, without credentials an anonymous one; either way it grants only the requested
 * actions that the repository policy and identity allow right now (an empty grant is not
 * an error, per the token spec). No refresh tokens: docker then keeps the password it
 * stored at login instead of an identity token.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { parseScopes, Scope, signBearer } from './bearer.js';
import { Access } from './access.js';
import { RegistryError } from '../../services/ecr/domain/errors.js';
import { repositoryFor } from '../../services/ecr/domain/addressing.js';
import { NAME_RE, RegistryHttpDeps } from './http.js';
import { Principal } from '../../services/ecr/domain/policy.js';
import { RepositoryDoc } from '../../services/ecr/domain/records.js';

/** The requested actions Berth would allow `who` on one scope ('*' expands to pull and push). */
export function grantScope(deps: RegistryHttpDeps, who: Principal | undefined, scope: Scope): Scope | undefined {
  if (scope.type === 'registry') {
    const ok = scope.name === 'catalog' && who !== undefined && scope.actions.includes('*');
    return ok ? { type: 'registry', name: 'catalog', actions: ['*'] } : undefined;
  }
  if (scope.type !== 'repository') return undefined;
  const target = repositoryFor(deps, scope.name);
  if (!NAME_RE.test(target.repositoryName)) return undefined;
  const repo = deps.registry.repository(deps.registry.store, target.id);
  const wanted = new Set(scope.actions.flatMap((a) => (a === '*' ? ['pull', 'push'] : [a])));
  const actions = (['pull', 'push'] as Access[]).filter((a) => wanted.has(a) && allowed(deps, who, repo, a));
  return actions.length ? { type: 'repository', name: scope.name, actions } : undefined;
}

function allowed(deps: RegistryHttpDeps, who: Principal | undefined, repo: RepositoryDoc | undefined, access: Access): boolean {
  try {
    deps.access.authorize(who, repo, access);
    return true;
  } catch {
    return false;
  }
}

export function tokenEndpoint(req: IncomingMessage, res: ServerResponse, deps: RegistryHttpDeps, query: URLSearchParams, now: Date): void {
  if (req.method !== 'GET') throw new RegistryError('UNSUPPORTED');
  // Bad credentials are refused rather than downgraded to anonymous: `docker login` must fail.
  const who = deps.access.principal(req, now);
  const granted = parseScopes(query.getAll('scope')).map((s) => grantScope(deps, who, s)).filter((s): s is Scope => s !== undefined);
  const t = signBearer(deps.key, who?.accountId ?? '', granted, now);
  const body = JSON.stringify({ token: t.token, access_token: t.token, expires_in: t.expiresIn, issued_at: t.issuedAt });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-store' }).end(body);
}
