/** How the edge finds the secret of an access key, and who the key belongs to. */
import { Principal } from './principal.js';

export interface Credentials {
  secretFor(accessKeyId: string): string | undefined;
  /** Who a verified key belongs to; without it, every key is the account root. */
  principalFor?(accessKeyId: string, accountId: string): Principal;
  /**
   * For temporary credentials (STS sessions): the session token every request signed with
   * the key must carry (x-amz-security-token, or X-Amz-Security-Token when presigned).
   */
  sessionTokenFor?(accessKeyId: string): string | undefined;
}
