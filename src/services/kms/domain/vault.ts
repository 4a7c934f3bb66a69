/**
 * The keyVault port (./ports.ts) over the Store: what SSM and Secrets Manager use to seal
 * values. Calls act as the service on the caller's behalf (kms:ViaService), so AWS managed
 * keys are usable here, unlike through the KMS API; key states apply as for Encrypt and
 * Decrypt. A decrypt for a named caller is authorized for that caller first. The port sets no 4096-byte plaintext limit: services encrypt values larger
 * than that (Secrets Manager's are up to 64 KiB) with data keys in AWS.
 */
import { Clock } from '../../../platform/clock.js';
import { Scope } from '../../../platform/aws/scope.js';
import { Store } from '../../../state/store.js';
import { EncryptionContext } from './envelope.js';
import { checkKeyState } from './key-rules.js';
import { KeyRing } from './keyring.js';
import { ciphertextKey, resolveKey, resolveOrCreateKey } from './lookups.js';
import { Encrypted, KeyScope, KeyVault, KeyVaultError, OnBehalfOf } from './ports.js';

/** Throws KeyVaultError (AccessDeniedException) unless the caller may use the blob's key for kms:Decrypt. */
export type DecryptCheck = (scope: KeyScope, ciphertext: Buffer, context: EncryptionContext | undefined, caller: OnBehalfOf) => void;

export class StoreKeyVault implements KeyVault {
  /** `mayDecrypt`: the IAM decision for the callers services decrypt for (api/decrypt-check.ts). */
  constructor(private readonly store: Store, private readonly ring: KeyRing, private readonly clock: Clock, private readonly mayDecrypt: DecryptCheck) {}

  encrypt(scope: KeyScope, keyRef: string, plaintext: Buffer, context?: EncryptionContext): Encrypted {
    // A transaction: the first use of an AWS managed alias creates its key.
    return this.store.transact((tx) => {
      const key = resolveOrCreateKey(tx, scope, keyRef, this.ring, this.clock.now()).doc;
      checkKeyState(key, 'crypto');
      return { ciphertext: this.ring.seal(key, plaintext, context).ciphertext, keyArn: key.Arn };
    });
  }

  decrypt(scope: KeyScope, ciphertext: Buffer, context?: EncryptionContext, onBehalfOf?: OnBehalfOf): { plaintext: Buffer; keyArn: string } {
    const { key, header } = ciphertextKey(this.store, scope, ciphertext);
    if (onBehalfOf) this.mayDecrypt(scope, ciphertext, context, onBehalfOf);
    return { plaintext: this.ring.open(key, ciphertext, header, context), keyArn: key.Arn };
  }

  resolveKeyArn(scope: Scope, keyRef: string): string | undefined {
    try {
      return resolveKey(this.store, scope, keyRef).doc.Arn;
    } catch (e) {
      if (e instanceof KeyVaultError && e.code === 'NotFoundException') return undefined;
      throw e;
    }
  }
}
