/**
 * Parameter policies (Advanced tier): a JSON array of Expiration, ExpirationNotification and
 * NoChangeNotification policies, at most one of each. Berth checks and records them and
 * reports them as AWS does before they fire (PolicyStatus `Pending`); it does not yet
 * expire parameters or send notifications.
 */
import { ssmErrors } from './errors.js';
import { PolicyDoc } from './records.js';

const MAX_POLICIES = 10;
const UNITS = new Set(['Days', 'Hours']);

type Attributes = Record<string, unknown>;

/** What each policy type's Attributes must hold; the problem, or undefined. */
const ATTRIBUTE_RULES: Record<string, (a: Attributes) => string | undefined> = {
  Expiration: (a) => (typeof a.Timestamp === 'string' && !Number.isNaN(Date.parse(a.Timestamp)) ? undefined : 'Expiration needs a Timestamp in ISO 8601 format.'),
  ExpirationNotification: (a) => countAndUnit(a.Before, a.Unit, 'ExpirationNotification needs Before (a number) and Unit (Days or Hours).'),
  NoChangeNotification: (a) => countAndUnit(a.After, a.Unit, 'NoChangeNotification needs After (a number) and Unit (Days or Hours).'),
};

function countAndUnit(count: unknown, unit: unknown, problem: string): string | undefined {
  const n = typeof count === 'number' ? count : typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : NaN;
  return Number.isInteger(n) && n > 0 && typeof unit === 'string' && UNITS.has(unit) ? undefined : problem;
}

function parseArray(text: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // Reported below, as for any other malformed policy list.
  }
  throw ssmErrors.invalidPolicyAttribute('Policies must be a JSON array of parameter policies.');
}

/** The policies a PutParameter's Policies text declares, checked. */
export function parsePolicies(text: string): PolicyDoc[] {
  const items = parseArray(text);
  if (items.length > MAX_POLICIES) throw ssmErrors.policiesLimit();
  const seen = new Set<string>();
  return items.map((item) => {
    const policy = (item ?? {}) as { Type?: unknown; Version?: unknown; Attributes?: unknown };
    const rule = typeof policy.Type === 'string' ? ATTRIBUTE_RULES[policy.Type] : undefined;
    if (!rule) throw ssmErrors.invalidPolicyType();
    if (seen.has(policy.Type as string)) throw ssmErrors.incompatiblePolicy();
    seen.add(policy.Type as string);
    if (policy.Version !== '1.0') throw ssmErrors.invalidPolicyAttribute('The policy Version must be 1.0.');
    const problem = rule((policy.Attributes ?? {}) as Attributes);
    if (problem) throw ssmErrors.invalidPolicyAttribute(problem);
    return { PolicyText: JSON.stringify(item), PolicyType: policy.Type as string, PolicyStatus: 'Pending' };
  });
}
