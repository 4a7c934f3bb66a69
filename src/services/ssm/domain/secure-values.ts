/**
 * SecureString values through the KMS `keyVault` port. A value is encrypted before it is
 * stored (only the ciphertext is kept) under the parameter's key, bound to AWS's encryption
 * context `{"PARAMETER_ARN": <arn>}`; it is decrypted only for a caller that asked
 * WithDecryption, else the ciphertext is answered in base64, as AWS does. An API caller is
 * named to KMS, which authorizes kms:Decrypt for it (through SSM) as AWS KMS does.
 * Failures are the KeyVault's KeyVaultError (KMS's code and message), for callers to map.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { KeyVault, OnBehalfOf } from '../../kms/domain/ports.js';
import { VersionDoc } from './records.js';

/** The AWS managed key Parameter Store uses when a SecureString names none. */
export const DEFAULT_KEY = 'alias/aws/ssm';

export const encryptionContext = (arn: string): Record<string, string> => ({ PARAMETER_ARN: arn });

/** The ciphertext to store, base64. */
export function encryptValue(vault: KeyVault, scope: Scope, keyRef: string, arn: string, plaintext: string): string {
  return vault.encrypt(scope, keyRef, Buffer.from(plaintext, 'utf8'), encryptionContext(arn)).ciphertext.toString('base64');
}

/**
 * A version's value as answered: String and StringList as stored; SecureString decrypted
 * only when asked, and only if `caller` (when named) may use the key for kms:Decrypt.
 */
export function revealValue(vault: KeyVault, scope: Scope, version: VersionDoc, arn: string, withDecryption: boolean, caller?: OnBehalfOf): string {
  if (version.ciphertext === undefined) return version.value ?? '';
  if (!withDecryption) return version.ciphertext;
  return vault.decrypt(scope, Buffer.from(version.ciphertext, 'base64'), encryptionContext(arn), caller).plaintext.toString('utf8');
}
