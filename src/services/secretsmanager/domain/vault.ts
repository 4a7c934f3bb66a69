/**
 * Secret values in and out of KMS. Every version is encrypted through the `keyVault` port
 * under the secret's key (the AWS managed `alias/aws/secretsmanager` unless the secret
 * names one), with the encryption context AWS uses, {"SecretARN", "SecretVersionId"}, so
 * a ciphertext copied to another secret or version does not decrypt. KMS's refusals
 * become EncryptionFailure / DecryptionFailure, whose messages carry no value.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { KeyVault, KeyVaultError } from '../../kms/domain/ports.js';
import { smErrors } from './errors.js';
import { Sealed, VersionDoc } from './records.js';

export const DEFAULT_KEY = 'alias/aws/secretsmanager';
/** What ListSecretVersionIds reports for the AWS managed key. */
export const DEFAULT_KEY_REPORTED = 'DefaultEncryptionKey';

/** A version's value as the API carries it: exactly one of the two. */
export interface SecretValue {
  string?: string;
  binary?: Buffer;
}

export const encryptionContext = (arn: string, versionId: string) => ({ SecretARN: arn, SecretVersionId: versionId });

const plaintextOf = (value: SecretValue) => (value.binary !== undefined ? Buffer.from(value.binary) : Buffer.from(value.string ?? '', 'utf8'));
export const formOf = (value: SecretValue): VersionDoc['form'] => (value.binary !== undefined ? 'binary' : 'string');

/** The value encrypted under `kmsKeyId` (the secret's KmsKeyId; absent: the AWS managed key). */
export function seal(vault: KeyVault, scope: Scope, kmsKeyId: string | undefined, arn: string, versionId: string, value: SecretValue): Sealed {
  const plaintext = plaintextOf(value);
  try {
    const { ciphertext, keyArn } = vault.encrypt(scope, kmsKeyId ?? DEFAULT_KEY, plaintext, encryptionContext(arn, versionId));
    return { keyArn, reported: kmsKeyId ?? DEFAULT_KEY_REPORTED, ciphertext: ciphertext.toString('base64') };
  } catch (e) {
    if (e instanceof KeyVaultError) throw smErrors.encryptionFailure();
    throw e;
  } finally {
    plaintext.fill(0);
  }
}

/** The version's value, from the first of its encryptions KMS decrypts. */
export function open(vault: KeyVault, scope: Scope, arn: string, version: Pick<VersionDoc, 'VersionId' | 'form' | 'sealed'>): SecretValue {
  for (const sealed of version.sealed) {
    try {
      const { plaintext } = vault.decrypt(scope, Buffer.from(sealed.ciphertext, 'base64'), encryptionContext(arn, version.VersionId));
      return version.form === 'binary' ? { binary: plaintext } : { string: plaintext.toString('utf8') };
    } catch (e) {
      if (!(e instanceof KeyVaultError)) throw e;
    }
  }
  throw smErrors.decryptionFailure();
}

export function sameValue(a: SecretValue, b: SecretValue): boolean {
  if ((a.binary === undefined) !== (b.binary === undefined)) return false;
  return a.binary !== undefined ? a.binary.equals(b.binary!) : a.string === b.string;
}
