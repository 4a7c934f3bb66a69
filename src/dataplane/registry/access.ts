/**
 * Who is calling the registry and whether they may pull or push: Basic `AWS:<token>`
 * credentials from GetAuthorizationToken, the repository policy, and anonymous pulls
 * of public repositories only.
 */
import { IncomingMessage } from 'node:http';
import { RegistryError } from './errors.js';
import { isAllowed, Principal, PULL_ACTIONS, PUSH_ACTIONS } from './policy.js';
import { RepositoryDoc } from './records.js';
import { basicCredentials, TokenKey, verifyPassword } from './token.js';

export type Access = 'pull' | 'push';

export class RegistryAccess {
  constructor(private readonly key: TokenKey, private readonly realm: string) {}

  /** The Basic challenge Docker answers with `docker login` credentials (ECR's form). */
  challenge(): Record<string, string> {
    return { 'www-authenticate': `Basic realm="${this.realm}",service="ecr.amazonaws.com"` };
  }

  /** undefined for an anonymous caller; throws UNAUTHORIZED for bad credentials. */
  principal(req: IncomingMessage, now: Date): Principal | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const creds = basicCredentials(header);
    // containers/image answers a Basic challenge with empty credentials when it has none.
    if (creds && !creds.username && !creds.password) return undefined;
    const account = creds && verifyPassword(this.key, creds.username, creds.password, now);
    if (!account) throw new RegistryError('UNAUTHORIZED', 'Your authorization token is invalid or has expired.');
    return { arn: `arn:aws:iam::${account}:root`, accountId: account };
  }

  /** Throws UNAUTHORIZED (401) or DENIED (403) unless every action of the access is allowed. */
  authorize(who: Principal | undefined, repo: RepositoryDoc | undefined, access: Access): void {
    if (!who) {
      if (access === 'pull' && repo?.ns === 'public') return;
      throw new RegistryError('UNAUTHORIZED', 'authentication required');
    }
    if (!repo) return;
    const actions = access === 'pull' ? PULL_ACTIONS : PUSH_ACTIONS;
    if (actions.some((a) => !isAllowed(repo.policyText, a, who, repo.registryId))) {
      throw new RegistryError('DENIED', `User: ${who.arn} is not authorized to perform: ${actions.join(', ')} on resource: ${repo.repositoryName}`);
    }
  }
}
