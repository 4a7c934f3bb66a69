import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { BEARER_TTL_S, bearerCredential, parseScopes, scopeAllows, signBearer, verifyBearer } from './bearer.js';
import { RegistryAccess } from './access.js';
import { rootOnlyAuthorizer } from '../../iam/authorizer.js';
import { silentLogger } from '../../platform/log.js';
import { RepositoryAccessControl, RepositoryTarget } from '../../services/ecr/domain/access-control.js';
import { RegistryError } from '../../services/ecr/domain/errors.js';
import { issueToken } from '../../services/ecr/domain/token.js';

const key = { accountId: '000000000000', secret: 'secret-a' };
const now = new Date('2026-01-01T00:00:00Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);

describe('registry bearer tokens', () => {
  it('parse repeated and space-separated scopes, skipping malformed ones', () => {
    assert.deepEqual(parseScopes(['repository:team/web:pull,push', 'registry:catalog:* repository(plugin):p:pull', 'aws', 'repository::pull', 'repository:x:']), [
      { type: 'repository', name: 'team/web', actions: ['pull', 'push'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
      { type: 'repository', name: 'p', actions: ['pull'] },
    ]);
    assert.deepEqual(parseScopes(['repository:localhost:5000/a:pull,pull']), [{ type: 'repository', name: 'localhost:5000/a', actions: ['pull'] }]);
  });

  it('check scopes by type, name and action', () => {
    const scopes = [{ type: 'repository', name: 'a', actions: ['pull'] }, { type: 'repository', name: 'b', actions: ['*'] }];
    assert.ok(scopeAllows(scopes, 'repository', 'a', 'pull'));
    assert.ok(!scopeAllows(scopes, 'repository', 'a', 'push'));
    assert.ok(scopeAllows(scopes, 'repository', 'b', 'push'));
    assert.ok(!scopeAllows(scopes, 'repository', 'a/b', 'pull'));
  });

  it('verify until they expire, and only with the same root secret', () => {
    const access = [{ type: 'repository', name: 'a', actions: ['pull'] }];
    const t = signBearer(key, 'AKROOT', access, now);
    assert.equal(t.expiresIn, BEARER_TTL_S);
    assert.equal(t.issuedAt, now.toISOString());
    assert.deepEqual(verifyBearer(key, t.token, later(BEARER_TTL_S - 1))?.access, access);
    assert.equal(verifyBearer(key, t.token, later(BEARER_TTL_S)), undefined);
    assert.equal(verifyBearer({ ...key, secret: 'rotated' }, t.token, now), undefined);
    assert.equal(verifyBearer({ ...key, accountId: '111111111111' }, t.token, now), undefined);
    const [payload, sig] = t.token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: key.accountId, key: 'AKROOT', access: [{ type: 'repository', name: 'b', actions: ['push'] }], iat: 0, exp: 2e9 })).toString('base64url');
    assert.equal(verifyBearer(key, `${forged}.${sig}`, now), undefined);
    assert.equal(verifyBearer(key, `${payload}.${sig}.x`, now), undefined);
  });

  it('are not interchangeable with ECR passwords', () => {
    const password = Buffer.from(issueToken(key, now, 'AKROOT').authorizationToken, 'base64').toString('utf8').slice(4);
    assert.equal(verifyBearer(key, password, now), undefined);
    assert.deepEqual(verifyBearer(key, signBearer(key, undefined, [], now).token, now)?.sub, '');
    assert.equal(verifyBearer(key, signBearer(key, 'AKROOT', [], now).token, now)?.key, 'AKROOT');
  });

  it('read the Bearer header only', () => {
    assert.equal(bearerCredential('Bearer abc.def'), 'abc.def');
    assert.equal(bearerCredential('bearer abc'), 'abc');
    assert.equal(bearerCredential('Basic abc'), undefined);
    assert.equal(bearerCredential(undefined), undefined);
  });
});

describe('registry access with bearer tokens', () => {
  const control = new RepositoryAccessControl(rootOnlyAuthorizer, { secretFor: (id) => (id === 'AKROOT' ? 'secret' : undefined) }, key.accountId, silentLogger);
  const access = new RegistryAccess(key, 'localhost:5000', control);
  const req = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as IncomingMessage;
  const repo = (ns: 'private' | 'public', name = 'a'): RepositoryTarget => ({ address: { ns, region: 'us-east-1', arn: `arn:aws:ecr:us-east-1:${key.accountId}:repository/${name}` } });
  const pull = { access: 'pull', operations: ['BatchGetImage'] } as const;
  const push = { access: 'push', operations: ['PutImage'] } as const;
  const code = (fn: () => void) => {
    try {
      fn();
      return 'OK';
    } catch (e) {
      return (e as RegistryError).code + ((e as RegistryError).scope ? ` ${(e as RegistryError).scope}` : '');
    }
  };

  it('accepts a Basic ECR password exactly, nothing appended, while its access key lives', () => {
    const basic = (password: string) => ({ headers: { authorization: `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}` } }) as IncomingMessage;
    const password = Buffer.from(issueToken(key, now, 'AKROOT').authorizationToken, 'base64').toString('utf8').slice(4);
    assert.equal(access.caller(basic(password), now).who?.arn, `arn:aws:iam::${key.accountId}:root`);
    assert.equal(code(() => access.caller(basic(`${password}.x`), now)), 'UNAUTHORIZED');
    assert.equal(code(() => access.principal(basic(`${password}.x`), now)), 'UNAUTHORIZED', 'the token endpoint too');
    const gone = Buffer.from(issueToken(key, now, 'AKGONE').authorizationToken, 'base64').toString('utf8').slice(4);
    assert.equal(code(() => access.caller(basic(gone), now)), 'UNAUTHORIZED', 'a token dies with its access key');
    assert.equal(code(() => access.caller(req(signBearer(key, 'AKGONE', [], now).token), now)), 'UNAUTHORIZED');
  });

  it('challenges with the token endpoint on the host the client used', () => {
    assert.deepEqual(access.challenge('127.0.0.1:5000', 'repository:a:pull'), { 'www-authenticate': 'Bearer realm="http://127.0.0.1:5000/v2/token",service="localhost:5000",scope="repository:a:pull"' });
    assert.deepEqual(access.challenge('evil"host'), { 'www-authenticate': 'Bearer realm="http://localhost:5000/v2/token",service="localhost:5000"' });
  });

  it('needs the scope in the token as well as IAM\'s permission', () => {
    const owner = access.caller(req(signBearer(key, 'AKROOT', [{ type: 'repository', name: 'a', actions: ['pull'] }], now).token), now);
    assert.equal(owner.who?.accessKeyId, 'AKROOT');
    assert.equal(code(() => access.check(owner, 'a', repo('private'), pull, {})), 'OK');
    assert.equal(code(() => access.check(owner, 'a', repo('private'), push, {})), 'UNAUTHORIZED repository:a:pull,push');
    assert.equal(code(() => access.check(owner, 'b', repo('private', 'b'), pull, {})), 'UNAUTHORIZED repository:b:pull');
    const anon = access.caller(req(signBearer(key, undefined, [{ type: 'repository', name: 'a', actions: ['pull', 'push'] }], now).token), now);
    assert.equal(anon.who, undefined);
    assert.equal(code(() => access.check(anon, 'a', repo('public'), pull, {})), 'OK');
    assert.equal(code(() => access.check(anon, 'a', repo('public'), push, {})), 'UNAUTHORIZED repository:a:pull,push', 'never an anonymous push');
    assert.equal(code(() => access.check(anon, 'a', repo('private'), pull, {})), 'UNAUTHORIZED repository:a:pull');
    assert.equal(code(() => access.caller(req('nope.nope'), now)), 'UNAUTHORIZED');
    assert.equal(code(() => access.checkCatalog(anon)), 'UNAUTHORIZED registry:catalog:*');
    assert.equal(code(() => access.checkCatalog(owner)), 'UNAUTHORIZED registry:catalog:*');
  });
});
