/**
 * Registry credentials a caller should never get in with, all genuinely issued: by another
 * Berth whose account differs (same root secret), by one whose root secret differs (same
 * account: what a rotated root leaves behind), by the token endpoint anonymously or for
 * another repository, and the valid ones altered by a character or with bytes appended.
 */
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';
import { RegistryClient } from '../support/registry-client.js';

export const OTHER_ACCOUNT = '210987654321';

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The same text with its last character changed: a MAC that no longer matches. */
const flipLast = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');

/** The GetAuthorizationToken password and a bearer token from a throwaway Berth. */
async function foreignCredentials(account: string, secretAccessKey: string, scope: string): Promise<{ password: string; bearer: string }> {
  const berth = await startBerthProcess({ args: ['--account-id', account, '--local-instance', 'false'], env: { BERTH_ROOT_SECRET_ACCESS_KEY: secretAccessKey } });
  try {
    const ecr = new ECRClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: { ...TEST_CREDENTIALS, secretAccessKey }, maxAttempts: 1 });
    const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData![0].authorizationToken!;
    const password = Buffer.from(token, 'base64').toString('utf8').slice('AWS:'.length);
    const bearer = await new RegistryClient(berth.endpoint, basic('AWS', password)).bearerToken(scope);
    return { password, bearer };
  } finally {
    await berth.destroy();
  }
}

export interface BadCredential {
  name: string;
  /** The Authorization header; undefined sends none. */
  header?: string;
  /** The caller is authenticated, only its token's scope is wrong: `/v2/` itself lets it in. */
  authenticated?: boolean;
}

/**
 * Every way in that must fail for `repo` on the Berth at `endpoint` (account `account`):
 * `password` is that Berth's valid GetAuthorizationToken password.
 */
export async function badCredentials(endpoint: string, account: string, password: string, repo: string, otherRepo: string): Promise<BadCredential[]> {
  const scope = `repository:${repo}:pull,push`;
  const otherAccount = await foreignCredentials(OTHER_ACCOUNT, TEST_CREDENTIALS.secretAccessKey, scope);
  const rotated = await foreignCredentials(account, 'a-rotated-root-secret-00000000000000000', scope);
  const valid = new RegistryClient(endpoint, basic('AWS', password));
  const anonymousBearer = await valid.anonymous().bearerToken(scope, 'registry:catalog:*');
  const otherRepoBearer = await valid.bearerToken(`repository:${otherRepo}:pull,push`);
  const ownBearer = await valid.bearerToken(scope, 'registry:catalog:*');
  return [
    { name: 'no credentials' },
    { name: 'Basic with an unknown user and password', header: basic('foo', 'bar') },
    { name: 'Basic AWS with a made-up password', header: basic('AWS', 'not-a-token') },
    { name: 'Basic AWS with the valid password and bytes appended', header: basic('AWS', `${password}.x`) },
    { name: 'Basic AWS with the valid password altered', header: basic('AWS', flipLast(password)) },
    { name: 'Basic with the valid password under another user name', header: basic('root', password) },
    { name: 'Basic AWS with a password of another account', header: basic('AWS', otherAccount.password) },
    { name: 'Basic AWS with a password from before the root secret changed', header: basic('AWS', rotated.password) },
    { name: 'Bearer with a made-up token', header: 'Bearer not-a-token' },
    { name: 'Bearer with a valid token altered', header: `Bearer ${flipLast(ownBearer)}` },
    { name: 'Bearer with an anonymous token', header: `Bearer ${anonymousBearer}` },
    { name: 'Bearer with a token of another account', header: `Bearer ${otherAccount.bearer}` },
    { name: 'Bearer with a token from before the root secret changed', header: `Bearer ${rotated.bearer}` },
    { name: 'Bearer with a token for another repository', header: `Bearer ${otherRepoBearer}`, authenticated: true },
  ];
}
