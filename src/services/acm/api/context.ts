/** What ACM's handlers need from outside. */
import { Store } from '../../../state/store.js';
import { KeyVault } from '../../kms/domain/ports.js';
import { PrivateCa } from '../domain/private-ca.js';

export interface AcmDeps {
  store: Store;
  /** Encrypts private keys at rest (KMS's `keyVault` port). */
  vault: KeyVault;
  /** Issues RequestCertificate's certificates. */
  ca: PrivateCa;
}
