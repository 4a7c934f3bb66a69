/**
 * kms:Decrypt for a caller a service decrypts for (SSM's GetParameter WithDecryption): the
 * request KMS would authorize if the caller called Decrypt itself (the key its blob names,
 * that key's policy, the encryption context and key tags as condition keys; see
 * kms-scope.ts), plus what marks a call made through a service: kms:ViaService and
 * aws:ViaAWSService, and no aws:SourceIp. So the AWS managed key `alias/aws/ssm`, whose
 * policy allows every principal of the account through SSM, needs no IAM permission, and a
 * customer key whose policy delegates to the account needs the caller's own kms:Decrypt.
 */
import { iamActionFor } from '../../../iam/actions.js';
import { Authorizer, denialMessage } from '../../../iam/authorizer.js';
import { Credentials } from '../../../iam/credentials.js';
import { globalConditionKeys } from '../../../iam/global-keys.js';
import { rootPrincipal } from '../../../iam/principal.js';
import { Logger } from '../../../platform/log.js';
import { ReadTx } from '../../../state/store.js';
import { KeyVaultError } from '../domain/ports.js';
import { DecryptCheck } from '../domain/vault.js';
import { kmsCallScope } from './kms-scope.js';

const DECRYPT = iamActionFor('kms', 'Decrypt')!;

export function decryptCheck(tx: ReadTx, access: { authorizer: Authorizer; credentials: Credentials }, log: Logger): DecryptCheck {
  const scopeOf = kmsCallScope(tx);
  return (scope, ciphertext, encryptionContext, caller) => {
    const { accessKeyId, service, now } = caller;
    const principal = caller.principal ?? access.credentials.principalFor?.(accessKeyId, scope.accountId) ?? rootPrincipal(accessKeyId, scope.accountId);
    const scoped = scopeOf('Decrypt', { CiphertextBlob: ciphertext, ...(encryptionContext ? { EncryptionContext: encryptionContext } : {}) }, scope);
    const context = {
      ...globalConditionKeys({ now, region: scope.region }),
      'aws:ViaAWSService': 'true',
      ...scoped?.context,
      'kms:ViaService': `${service}.${scope.region}.amazonaws.com`,
    };
    const decision = access.authorizer.authorize({ principal, action: DECRYPT, resources: scoped?.resources ?? ['*'], region: scope.region, context, resourcePolicy: scoped?.resourcePolicy });
    log.debug('authorization', { principal: principal.arn, action: DECRYPT.action, via: service, allowed: decision.allowed, reason: decision.reason });
    if (decision.allowed && decision.denied) log.warn('authorization would deny', { principal: principal.arn, action: DECRYPT.action, resource: decision.denied.resource });
    if (!decision.allowed) throw new KeyVaultError('AccessDeniedException', denialMessage(principal.arn, DECRYPT.action, decision));
  };
}
