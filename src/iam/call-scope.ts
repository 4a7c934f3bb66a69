/**
 * What a call touches, for the authorize step, built from the action table: for each
 * resource type the Service Authorization Reference lists for the operation's action, a
 * service-supplied builder reads the input and names the ARNs. A service declares only
 * how its inputs name resources; which types apply to which operation comes from the table.
 */
import { IamAction, iamActionFor } from './actions.js';
import { Policy } from './policy/model.js';

/** The resource ARNs a call's action is authorized on, and the service's condition keys. */
export interface CallScope {
  resources: string[];
  context?: Readonly<Record<string, string | readonly string[]>>;
  /** The resource's own policy (a role's trust policy, a repository policy), parsed. */
  resourcePolicy?: Policy;
  /** The account the resource belongs to, when not the caller's. */
  resourceAccountId?: string;
}

/** Where the call acts (a RequestContext has these). */
export interface CallPlace {
  region: string;
  accountId: string;
}

/** Reads an input (already validated against the model) and names the resources of one type. */
export type ArnBuilder = (input: Record<string, unknown>, ctx: CallPlace) => string[];

export interface ScopeRules {
  /** By resource type name as the table spells it (`cluster`, `repository`, `targetgroup`…). */
  builders: Record<string, ArnBuilder>;
  /** Service condition keys read from the input (e.g. `ecs:cluster`). */
  conditions?: (input: Record<string, unknown>, ctx: CallPlace) => Record<string, string | readonly string[]>;
}

/** The strings an input member holds, whether it is one string or a list of them. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const NONE: ReadonlySet<string> = new Set();
const keySets = new WeakMap<IamAction, ReadonlySet<string>>();

/** The action's condition keys, lower-cased, computed once per action. */
function conditionKeysOf(action: IamAction): ReadonlySet<string> {
  let keys = keySets.get(action);
  if (!keys) keySets.set(action, (keys = new Set(action.conditionKeys.map((k) => k.toLowerCase()))));
  return keys;
}

export function callScope(iamPrefix: string, rules: ScopeRules) {
  return (operation: string, input: unknown, ctx: CallPlace): CallScope | undefined => {
    const action = iamActionFor(iamPrefix, operation);
    const fields = (input ?? {}) as Record<string, unknown>;
    const resources = new Set<string>();
    for (const type of action?.resourceTypes ?? []) {
      for (const arn of rules.builders[type.name.replace(/\*$/, '')]?.(fields, ctx) ?? []) resources.add(arn);
    }
    // A key the table does not list for the action is absent, as in AWS's request context.
    const listed = action ? conditionKeysOf(action) : NONE;
    const offered = Object.entries(rules.conditions?.(fields, ctx) ?? {}).filter(([key]) => listed.has(key.toLowerCase()));
    const context = offered.length > 0 ? Object.fromEntries(offered) : undefined;
    if (resources.size === 0 && !context) return undefined;
    return { resources: resources.size > 0 ? [...resources] : ['*'], ...(context ? { context } : {}) };
  };
}
