/**
 * What KMS offers other services (the `keyVault` port): envelope encryption under a
 * customer key or an AWS managed key, for SSM SecureString parameters and Secrets Manager
 * secret values. Key material never leaves the KMS module.
 */

/** Where the call acts: keys belong to one account and region. */
export interface KeyScope {
  accountId: string;
  region: string;
}

export interface Encrypted {
  /** KMS's own ciphertext blob format: it names the key, so decrypt needs no key id. */
  ciphertext: Buffer;
  /** The ARN of the key that encrypted (for an alias, the key it pointed at). */
  keyArn: string;
}

/**
 * A refusal, with the error code KMS answers (NotFoundException, DisabledException,
 * KMSInvalidStateException, InvalidCiphertextException, IncorrectKeyException…) and
 * KMS's message; callers translate it to their own service's error where AWS does.
 */
export class KeyVaultError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'KeyVaultError';
  }
}

export interface KeyVault {
  /**
   * Encrypts under `keyRef`: a key id, key ARN, alias name (`alias/…`) or alias ARN. An AWS
   * managed alias (`alias/aws/ssm`, `alias/aws/secretsmanager`…) creates its key on first use.
   * The encryption context must be given again, equal, to decrypt.
   */
  encrypt(scope: KeyScope, keyRef: string, plaintext: Buffer, context?: Readonly<Record<string, string>>): Encrypted;
  /** Decrypts a blob `encrypt` made; throws KeyVaultError when the key is disabled, pending deletion or wrong. */
  decrypt(scope: KeyScope, ciphertext: Buffer, context?: Readonly<Record<string, string>>): { plaintext: Buffer; keyArn: string };
  /** The key's ARN for any reference (alias or id), without creating AWS managed keys; undefined when it names nothing. */
  resolveKeyArn(scope: KeyScope, keyRef: string): string | undefined;
}
