/**
 * The Docker token endpoint (`GET /v2/token?service=…&scope=…`) the Bearer challenge points
 * at. With `docker login` credentials (Basic `AWS:<ecr token>`) it issues a token for the
 * access key the ECR token names, without credentials an anonymous one; either way it
 * grants only the requested actions IAM allows right now: pull when some operation of a
 * pull is allowed, push likewise (an empty grant is not an error, per the token spec).
 * Every request is authorized for its own operation when it arrives. No refresh tokens:
 * docker then keeps the password it stored at login instead of an identity token.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Principal } from '../../iam/principal.js';
import { parseScopes, Scope, signBearer } from './bearer.js';
import { Access, requestConditions } from './access.js';
import { RegistryError } from '../../services/ecr/domain/errors.js';
import { repositoryFor } from '../../services/ecr/domain/addressing.js';
import { NAME_RE, RegistryHttpDeps } from './http.js';

/** The requested actions Berth would allow `who` on one scope ('*' expands to pull and push). */
function grantScope(req: IncomingMessage, deps: RegistryHttpDeps, who: Principal | undefined, scope: Scope, now: Date): Scope | undefined {
  if (scope.type === 'registry') {
    const ok = scope.name === 'catalog' && who !== undefined && scope.actions.includes('*');
    return ok ? { type: 'registry', name: 'catalog', actions: ['*'] } : undefined;
  }
  if (scope.type !== 'repository') return undefined;
  const address = repositoryFor(deps, scope.name);
  if (!NAME_RE.test(address.repositoryName)) return undefined;
  const target = deps.access.control.target(address, deps.registry.repository(deps.registry.store, address.id));
  const context = requestConditions(req, now, address.region);
  const wanted = new Set(scope.actions.flatMap((a) => (a === '*' ? ['pull', 'push'] : [a])));
  const actions = (['pull', 'push'] as Access[]).filter((a) => wanted.has(a) && deps.access.allows(who, target, a, context));
  return actions.length ? { type: 'repository', name: scope.name, actions } : undefined;
}

export function tokenEndpoint(req: IncomingMessage, res: ServerResponse, deps: RegistryHttpDeps, query: URLSearchParams, now: Date): void {
  if (req.method !== 'GET') throw new RegistryError('UNSUPPORTED');
  // Bad credentials are refused rather than downgraded to anonymous: `docker login` must fail.
  const who = deps.access.principal(req, now);
  const granted = parseScopes(query.getAll('scope')).map((s) => grantScope(req, deps, who, s, now)).filter((s): s is Scope => s !== undefined);
  const t = signBearer(deps.key, who?.accessKeyId, granted, now);
  const body = JSON.stringify({ token: t.token, access_token: t.token, expires_in: t.expiresIn, issued_at: t.issuedAt });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-store' }).end(body);
}
