/** How the edge finds the secret of an access key, and who the key belongs to. */
import { Principal } from './principal.js';

export interface Credentials {
  secretFor(accessKeyId: string): string | undefined;
  /** Who a verified key belongs to; without it, every key is the account root. */
  principalFor?(accessKeyId: string, accountId: string): Principal;
}
