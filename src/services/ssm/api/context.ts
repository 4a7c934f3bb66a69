/** What Parameter Store's handlers need, and the small helpers they share. */
import { globalArn } from '../../../platform/aws/arn.js';
import { Scope, scopeOf } from '../../../platform/aws/scope.js';
import { RequestContext } from '../../../protocol/service.js';
import { Store } from '../../../state/store.js';
import { IamDirectory } from '../../iam/domain/ports.js';
import { KeyVault, KeyVaultError } from '../../kms/domain/ports.js';
import { PatternMatcher } from '../domain/allowed-pattern.js';
import { ssmErrors } from '../domain/errors.js';

export interface SsmDeps {
  store: Store;
  /** KMS: SecureString values are encrypted and decrypted only through it. */
  vault: KeyVault;
  /** Runs AllowedPattern regexes without ever blocking the event loop. */
  patterns: PatternMatcher;
  /** IAM, when it runs: who wrote a version (LastModifiedUser). */
  directory?: IamDirectory;
}

export const scope = (ctx: RequestContext): Scope => scopeOf(ctx);

/** The ARN of the caller (LastModifiedUser): an IAM user or role session, else the account root. */
export function callerArn(deps: SsmDeps, ctx: RequestContext): string {
  return deps.directory?.credentialFor(ctx.accessKeyId)?.principal.arn ?? globalArn('iam', scope(ctx), 'root');
}

/**
 * Runs a KeyVault call; KMS's refusal becomes SSM's error as AWS reports it: an access
 * denial is AccessDeniedException, anything else InvalidKeyId, both with KMS's message.
 */
export function withKms<T>(ctx: RequestContext, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof KeyVaultError)) throw e;
    throw e.code === 'AccessDeniedException' ? ssmErrors.kmsAccessDenied(e, ctx.requestId) : ssmErrors.invalidKeyId(e, ctx.requestId);
  }
}
