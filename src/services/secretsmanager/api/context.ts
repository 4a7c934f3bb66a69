/** What Secrets Manager's handlers need, and small helpers every handler file shares. */
import { scopeOf, Scope } from '../../../platform/aws/scope.js';
import { RequestContext } from '../../../protocol/service.js';
import { Store } from '../../../state/store.js';
import { KeyVault } from '../../kms/domain/ports.js';
import { RandomInt } from '../domain/password.js';

/**
 * Whether the caller may read one secret's value, for BatchGetSecretValue (AWS checks
 * secretsmanager:GetSecretValue on each secret it returns): the denial's message, or
 * undefined when allowed.
 */
export type ReadCheck = (ctx: RequestContext, arn: string, resourcePolicy: string | undefined) => string | undefined;

export interface SmDeps {
  store: Store;
  vault: KeyVault;
  /** crypto's randomInt in Berth: ARN suffixes and passwords. */
  randomInt: RandomInt;
  mayRead: ReadCheck;
}

export const scope = (ctx: RequestContext): Scope => scopeOf(ctx);
export const stamp = (ctx: RequestContext) => ctx.now.toISOString();
