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
  /** Records that a long-term key signed a call that was allowed (IAM's GetAccessKeyLastUsed). */
  noteUsed?(accessKeyId: string, service: string, region: string): void;
}

/** Long-term user keys and temporary session keys (the IAM service's directory). */
export interface KeyDirectory {
  credentialFor(accessKeyId: string): { secret: string; principal: Principal; sessionToken?: string } | undefined;
  noteKeyUsed(accessKeyId: string, service: string, region: string): void;
  /** Changes whenever a key may have: cached lookups are reused only while it stays the same. */
  revision(): number;
}

/** How long a key's lookup is reused, at most: any IAM change (the revision) ends the reuse at once. */
export const KEY_CACHE_MS = 1000;
const KEY_CACHE_SIZE = 1000;

/**
 * The root key first, then the directory's keys. One request asks three times (secret,
 * session token, principal), so lookups are kept for KEY_CACHE_MS.
 */
export function withDirectory(root: Credentials, directory: KeyDirectory, now: () => number = Date.now): Credentials {
  const cache = new Map<string, { at: number; revision: number; found: ReturnType<KeyDirectory['credentialFor']> }>();
  const lookup = (id: string) => {
    const hit = cache.get(id);
    const revision = directory.revision();
    if (hit && hit.revision === revision && now() - hit.at < KEY_CACHE_MS) return hit.found;
    const found = directory.credentialFor(id);
    if (cache.size >= KEY_CACHE_SIZE) cache.clear();
    cache.set(id, { at: now(), revision, found });
    return found;
  };
  const isRoot = (id: string) => root.secretFor(id) !== undefined;
  return {
    secretFor: (id) => root.secretFor(id) ?? lookup(id)?.secret,
    // A key gone between the signature check and this call acts as no one: every policy check denies it.
    principalFor: (id, accountId) => (isRoot(id) ? rootPrincipal(id, accountId) : lookup(id)?.principal ?? nobody(id, accountId)),
    sessionTokenFor: (id) => (isRoot(id) ? undefined : lookup(id)?.sessionToken),
    noteUsed: (id, service, region) => {
      if (!isRoot(id)) directory.noteKeyUsed(id, service, region);
    },
  };
}

function nobody(accessKeyId: string, accountId: string): Principal {
  return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:user/unknown`, root: false, type: 'user', userId: accessKeyId };
}
