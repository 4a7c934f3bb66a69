/**
 * What KMS offers other services (the `keyVault` port): envelope encryption under a
 * customer key or an AWS managed key, for SSM SecureString parameters and Secrets Manager
 * secret values. Key material never leaves the KMS module.
 */
import { Principal } from '../../../iam/principal.js';

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

/**
 * The caller a service decrypts for. AWS services call KMS with their caller's credentials
 * (forward access sessions), so KMS authorizes kms:Decrypt for that caller, through the
 * service: the key policy and the caller's IAM policies decide, with `kms:ViaService`.
 */
export interface OnBehalfOf {
  /** The caller's access key; its principal is found as the edge finds it. */
  accessKeyId: string;
  /** The caller itself, when it signs no request (ECS reading a task's secrets with its execution role). */
  principal?: Principal;
  /** The service's IAM prefix (`ssm`): kms:ViaService is `<service>.<region>.amazonaws.com`. */
  service: string;
  now: Date;
}

export interface KeyVault {
  /**
   * Encrypts under `keyRef`: a key id, key ARN, alias name (`alias/…`) or alias ARN. An AWS
   * managed alias (`alias/aws/ssm`, `alias/aws/secretsmanager`…) creates its key on first use.
   * The encryption context must be given again, equal, to decrypt.
   */
  encrypt(scope: KeyScope, keyRef: string, plaintext: Buffer, context?: Readonly<Record<string, string>>): Encrypted;
  /**
   * Decrypts a blob `encrypt` made; throws KeyVaultError when the key is disabled, pending
   * deletion or wrong, and (`onBehalfOf` given) AccessDeniedException with AWS's message
   * when that caller may not use the key for kms:Decrypt.
   */
  decrypt(scope: KeyScope, ciphertext: Buffer, context?: Readonly<Record<string, string>>, onBehalfOf?: OnBehalfOf): { plaintext: Buffer; keyArn: string };
  /** The key's ARN for any reference (alias or id), without creating AWS managed keys; undefined when it names nothing. */
  resolveKeyArn(scope: KeyScope, keyRef: string): string | undefined;
}
