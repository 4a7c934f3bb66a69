/**
 * Test support: a `KeyVault` in memory, pure AES-256-GCM under one fixed key, so unit
 * tests (and e2e runs before the KMS module is registered) exercise real ciphertext with
 * the encryption context bound as additional authenticated data. Keys are names: the AWS
 * managed aliases and the ones a test adds; a disabled key refuses both directions.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { KeyScope, KeyVault, KeyVaultError } from '../../kms/domain/ports.js';

const KEY = createHash('sha256').update('berth fake key vault').digest();

const canonical = (context: Readonly<Record<string, string>> = {}) => JSON.stringify(Object.keys(context).sort().map((k) => [k, context[k]]));

export interface FakeKeyVault extends KeyVault {
  addKey(ref: string): void;
  disable(ref: string): void;
  /** Every encryption context seen, for tests that check what was bound. */
  contexts: Readonly<Record<string, string>>[];
}

export function fakeKeyVault(): FakeKeyVault {
  const keys = new Set<string>();
  const disabled = new Set<string>();
  const contexts: Readonly<Record<string, string>>[] = [];
  const arnOf = (scope: KeyScope, ref: string) => {
    const name = ref.startsWith('arn:') ? ref.split(':').slice(5).join(':') : ref;
    if (!name.startsWith('alias/aws/') && !keys.has(name)) return undefined;
    return `arn:aws:kms:${scope.region}:${scope.accountId}:key/${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
  };
  const usable = (scope: KeyScope, ref: string) => {
    const arn = arnOf(scope, ref);
    if (!arn) throw new KeyVaultError('NotFoundException', `Key '${ref}' does not exist`);
    if (disabled.has(arn)) throw new KeyVaultError('DisabledException', `${arn} is disabled.`);
    return arn;
  };
  return {
    contexts,
    addKey: (ref) => void keys.add(ref),
    disable: (ref) => void disabled.add(arnOf({ region: 'us-east-1', accountId: '123456789012' }, ref)!),
    resolveKeyArn: (scope, ref) => arnOf(scope, ref),
    encrypt(scope, keyRef, plaintext, context) {
      const keyArn = usable(scope, keyRef);
      contexts.push({ ...context });
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', KEY, iv).setAAD(Buffer.from(canonical(context)));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const arn = Buffer.from(keyArn);
      return { keyArn, ciphertext: Buffer.concat([Buffer.from([arn.length]), arn, iv, cipher.getAuthTag(), body]) };
    },
    decrypt(_scope, ciphertext, context) {
      const keyArn = ciphertext.subarray(1, 1 + ciphertext[0]).toString();
      if (disabled.has(keyArn)) throw new KeyVaultError('DisabledException', `${keyArn} is disabled.`);
      const at = 1 + ciphertext[0];
      try {
        const decipher = createDecipheriv('aes-256-gcm', KEY, ciphertext.subarray(at, at + 12)).setAAD(Buffer.from(canonical(context)));
        decipher.setAuthTag(ciphertext.subarray(at + 12, at + 28));
        return { keyArn, plaintext: Buffer.concat([decipher.update(ciphertext.subarray(at + 28)), decipher.final()]) };
      } catch {
        throw new KeyVaultError('InvalidCiphertextException', 'The ciphertext is invalid.');
      }
    },
  };
}
