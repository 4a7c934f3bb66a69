/**
 * The Principal / NotPrincipal element of resource and trust policies, and how it names
 * the caller. A caller is a chain of identities, outermost first: its account, then (for a
 * role session) the role, then itself. A Principal entry can name any link, and which one
 * it names matters for evaluation (evaluate.ts): naming the account only delegates to the
 * account's own policies, naming the role is limited by the role's boundary and session
 * policy, naming the user or the session itself grants directly.
 */
import { MESSAGES, PolicyError } from './errors.js';

export interface PrincipalSet {
  /** `"*"` or `{"AWS": "*"}`: every caller. */
  any: boolean;
  accounts: Set<string>;
  /** IAM user, role, role-session and federated-user ARNs, exactly as written. */
  arns: Set<string>;
  /** Service principals (`ecs-tasks.amazonaws.com`), lower-cased. */
  services: Set<string>;
}

/** How strongly a Principal entry names the caller; see the file comment. */
export type Grant = 'direct' | 'role' | 'account';

export interface CallerChain {
  accountId: string;
  /** For a role session: the role's ARN. */
  roleArn?: string;
  /** The caller's own ARN: the user, the session, or the account root. */
  arn: string;
  /** The account root: its chain is the account alone. */
  root: boolean;
  /** An AWS service acting for the account: named only by `Service` entries (or `*`). */
  service?: string;
}

const KINDS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export function compilePrincipals(value: unknown): PrincipalSet {
  const set: PrincipalSet = { any: false, accounts: new Set(), arns: new Set(), services: new Set() };
  if (value === '*') {
    set.any = true;
    return set;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PolicyError(MESSAGES.syntax);
  for (const [kind, entries] of Object.entries(value)) {
    if (!KINDS.has(kind)) throw new PolicyError(MESSAGES.invalidPrincipal(kind, entries));
    const list = typeof entries === 'string' ? [entries] : entries;
    if (!Array.isArray(list) || list.some((e) => typeof e !== 'string')) throw new PolicyError(MESSAGES.syntax);
    // Federated and canonical-user principals name no caller Berth has.
    if (kind === 'AWS') for (const entry of list as string[]) addAwsPrincipal(set, entry);
    if (kind === 'Service') for (const entry of list as string[]) set.services.add(entry.toLowerCase());
  }
  return set;
}

function addAwsPrincipal(set: PrincipalSet, entry: string): void {
  if (entry === '*') {
    set.any = true;
    return;
  }
  if (isAccountId(entry)) {
    set.accounts.add(entry);
    return;
  }
  const arn = entry.split(':');
  const resource = arn.slice(5).join(':');
  const valid =
    arn.length >= 6 &&
    arn[0] === 'arn' &&
    arn[1] !== '' &&
    arn[3] === '' &&
    isAccountId(arn[4]) &&
    !entry.includes('*') &&
    !entry.includes('?') &&
    ((arn[2] === 'iam' && (resource === 'root' || /^(user|role)\/./.test(resource))) || (arn[2] === 'sts' && /^(assumed-role\/[^/]+\/.|federated-user\/.)/.test(resource)));
  if (!valid) throw new PolicyError(MESSAGES.invalidPrincipal('AWS', entry));
  if (resource === 'root') set.accounts.add(arn[4]);
  else set.arns.add(entry);
}

function isAccountId(text: string): boolean {
  if (text.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The strongest way the set names the caller, or undefined when it does not. */
export function grantFor(set: PrincipalSet, caller: CallerChain): Grant | undefined {
  if (caller.service !== undefined) return set.any || set.services.has(caller.service) ? 'direct' : undefined;
  if (set.any || set.arns.has(caller.arn)) return 'direct';
  if (caller.roleArn !== undefined && set.arns.has(caller.roleArn)) return 'role';
  if (set.accounts.has(caller.accountId)) return 'account';
  return undefined;
}

/**
 * NotPrincipal excludes a caller only when it lists every link of the caller's chain: AWS
 * may check the account, then the role, then the session, and warns that omitting the
 * account denies the whole account.
 */
export function excludesCaller(set: PrincipalSet, caller: CallerChain): boolean {
  if (set.any) return true;
  if (caller.service !== undefined) return set.services.has(caller.service);
  if (!set.accounts.has(caller.accountId)) return false;
  if (caller.roleArn !== undefined && !set.arns.has(caller.roleArn)) return false;
  return caller.root || set.arns.has(caller.arn);
}
