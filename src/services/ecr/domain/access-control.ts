/**
 * Who may do what on a repository, decided as the edge decides API calls: the edge's
 * `Authorizer` evaluates the caller's identity policies with the repository policy (root:
 * allowed unless the repository policy denies it). The registry's /v2/ asks on every pull
 * and push, for the principal its token carries, at request time: a policy change applies
 * within the authorizer's cache (IAM's revision ends it at once). SetRepositoryPolicy asks
 * too, for its lock-out guard.
 */
import { iamActionFor } from '../../../iam/actions.js';
import { Authorizer, Decision, denialMessage } from '../../../iam/authorizer.js';
import { Credentials } from '../../../iam/credentials.js';
import { Policy } from '../../../iam/policy/model.js';
import { ContextValue } from '../../../iam/policy/request.js';
import { Principal, rootPrincipal } from '../../../iam/principal.js';
import { Logger } from '../../../platform/log.js';
import { RepositoryAddress } from './addressing.js';
import { repositoryPolicyCache } from './policy.js';
import { RepositoryDoc } from './records.js';

/** A repository as IAM sees it: where it is, its ARN and its policy. */
export interface RepositoryTarget {
  address: Pick<RepositoryAddress, 'ns' | 'region' | 'arn'>;
  policy?: Policy;
}

export type Conditions = Readonly<Record<string, ContextValue>>;

/** The IAM action of an ECR (or, for public repositories, ECR Public) operation. */
function actionOf(address: RepositoryTarget['address'], operation: string) {
  const prefix = address.ns === 'public' ? 'ecr-public' : 'ecr';
  return { name: `${prefix}:${operation}`, action: iamActionFor(prefix, operation) };
}

export class RepositoryAccessControl {
  private readonly policyOf = repositoryPolicyCache();

  constructor(
    private readonly authorizer: Authorizer,
    private readonly credentials: Credentials,
    /** Berth's account: it owns every repository. */
    private readonly accountId: string,
    private readonly log: Logger,
  ) {}

  /** What IAM authorizes on for a repository the caller names (`doc` undefined when it does not exist). */
  target(address: RepositoryTarget['address'], doc: RepositoryDoc | undefined): RepositoryTarget {
    return { address, policy: this.policyOf(doc, address.arn) };
  }

  /**
   * The principal an access key acts as right now; undefined once the key is gone (deleted,
   * made inactive, its session expired), so a registry token dies with its credentials.
   */
  principalOf(accessKeyId: string): Principal | undefined {
    if (this.credentials.secretFor(accessKeyId) === undefined) return undefined;
    return this.credentials.principalFor?.(accessKeyId, this.accountId) ?? rootPrincipal(accessKeyId, this.accountId);
  }

  /** undefined when `principal` may perform every operation; else AWS's access-denied message for the first it may not. */
  refusal(principal: Principal, operations: readonly string[], target: RepositoryTarget, context: Conditions): string | undefined {
    for (const operation of operations) {
      const decision = this.decide(principal, operation, target, context);
      if (!decision.allowed) return denialMessage(principal.arn, actionOf(target.address, operation).name, decision);
    }
    return undefined;
  }

  private decide(principal: Principal, operation: string, { address, policy }: RepositoryTarget, context: Conditions): Decision {
    const { name, action } = actionOf(address, operation);
    // An operation the action table lacks is refused, as the edge refuses it.
    const decision: Decision = action
      ? this.authorizer.authorize({ principal, action, resources: [address.arn], region: address.region, context, resourcePolicy: policy, resourceAccountId: this.accountId })
      : { allowed: false, reason: `no IAM action known for ${name}`, denied: { resource: address.arn, policyType: 'identity-based policy', explicit: false } };
    this.log.debug('repository authorization', { principal: principal.arn, action: name, resource: address.arn, allowed: decision.allowed, reason: decision.reason });
    if (decision.allowed && decision.denied) this.log.warn('authorization would deny', { principal: principal.arn, action: name, resource: address.arn });
    return decision;
  }
}
