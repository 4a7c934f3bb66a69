/** How the edge finds the secret of an access key, and who the key belongs to. */
import { Principal, rootPrincipal } from './principal.js';

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

/** Long-term user keys and temporary session keys (the IAM service's directory). */
export interface KeyDirectory {
  credentialFor(accessKeyId: string): { secret: string; principal: Principal; sessionToken?: string } | undefined;
}

/** How long a key's lookup is reused: a deleted or deactivated key stops working within it. */
export const KEY_CACHE_MS = 1000;
const KEY_CACHE_SIZE = 1000;

/**
 * The root key first, then the directory's keys. One request asks three times (secret,
 * session token, principal), so lookups are kept for KEY_CACHE_MS.
 */
export function withDirectory(root: Credentials, directory: KeyDirectory, now: () => number = Date.now): Credentials {
  const cache = new Map<string, { at: number; found: ReturnType<KeyDirectory['credentialFor']> }>();
  const lookup = (id: string) => {
    const hit = cache.get(id);
    if (hit && now() - hit.at < KEY_CACHE_MS) return hit.found;
    const found = directory.credentialFor(id);
    if (cache.size >= KEY_CACHE_SIZE) cache.clear();
    cache.set(id, { at: now(), found });
    return found;
  };
  const isRoot = (id: string) => root.secretFor(id) !== undefined;
  return {
    secretFor: (id) => root.secretFor(id) ?? lookup(id)?.secret,
    // A key gone between the signature check and this call acts as no one: every policy check denies it.
    principalFor: (id, accountId) => (isRoot(id) ? rootPrincipal(id, accountId) : lookup(id)?.principal ?? nobody(id, accountId)),
    sessionTokenFor: (id) => (isRoot(id) ? undefined : lookup(id)?.sessionToken),
  };
}

function nobody(accessKeyId: string, accountId: string): Principal {
  return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:user/unknown`, root: false, type: 'user', userId: accessKeyId };
}
