/**
 * Parsed policies by document: parsing takes ~50 µs and a request's principal has the same
 * few documents every time, so the directory keeps the last few thousand parsed. A stored
 * document that no longer parses (it did when it was stored) fails closed: it becomes a
 * policy that denies everything, never one that allows more than it said.
 */
import { parsePolicy } from '../../../iam/policy/parse.js';
import { Policy, PolicyKind } from '../../../iam/policy/model.js';

const DENY_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}';
const DENY_ALL_TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*"}]}';

export class PolicyCache {
  private readonly entries = new Map<string, Policy>();

  constructor(private readonly capacity = 4096) {}

  /**
   * The document parsed as `kind`, named `name` in decision reasons. `version` names an
   * immutable document (a managed policy version: its id and version id), so the key need
   * not carry the text.
   */
  parse(document: string, kind: PolicyKind, name: string, version?: string): Policy {
    const key = `${kind}\u0000${name}\u0000${version !== undefined ? `@${version}` : document}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last: the first entry is the one to evict.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    let policy: Policy;
    try {
      policy = parsePolicy(document, kind, { name });
    } catch {
      policy = this.denyAll(kind, `${name} (unreadable)`);
    }
    this.entries.set(key, policy);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return policy;
  }

  /** A policy that denies everything: for a stored document that no longer parses, or a policy that is gone. */
  denyAll(kind: PolicyKind, name: string): Policy {
    return parsePolicy(kind === 'trust' ? DENY_ALL_TRUST : DENY_ALL, kind, { name: `${name}: denies all` });
  }

  get size(): number {
    return this.entries.size;
  }
}
