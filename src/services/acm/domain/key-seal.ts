/**
 * Private keys in and out of KMS. Every key is encrypted through the `keyVault` port under
 * the AWS managed key `alias/aws/acm` (as ACM does) with the encryption context ACM uses,
 * `{"aws:acm:arn": <certificate ARN>}`, so a ciphertext copied to another certificate's
 * record does not decrypt. The plaintext buffers are zeroed once used.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { KeyVault } from '../../kms/domain/ports.js';
import { SealedKey } from './records.js';

export const ACM_KEY = 'alias/aws/acm';

const context = (certificateArn: string) => ({ 'aws:acm:arn': certificateArn });

/** Throws the vault's KeyVaultError when KMS refuses (the caller decides what its API answers). */
export function sealKey(vault: KeyVault, scope: Scope, certificateArn: string, privateKeyPem: string): SealedKey {
  const plaintext = Buffer.from(privateKeyPem, 'utf8');
  try {
    const { ciphertext, keyArn } = vault.encrypt(scope, ACM_KEY, plaintext, context(certificateArn));
    return { keyArn, ciphertext: ciphertext.toString('base64') };
  } finally {
    plaintext.fill(0);
  }
}

export function openKey(vault: KeyVault, scope: Scope, certificateArn: string, sealed: SealedKey): string {
  const { plaintext } = vault.decrypt(scope, Buffer.from(sealed.ciphertext, 'base64'), context(certificateArn));
  try {
    return plaintext.toString('utf8');
  } finally {
    plaintext.fill(0);
  }
}
