/**
 * The Condition element, evaluated as AWS documents it:
 * - every operator and every key in a block must hold (AND);
 * - a key's policy values are alternatives (OR); for a negated operator none may match (NOR);
 * - a missing key fails a positive operator and satisfies a negated one, except with
 *   `…IfExists` (missing → true) and `Null` (which tests presence itself);
 * - `ForAnyValue:` holds when at least one request value passes, false for a missing key;
 *   `ForAllValues:` holds when every request value passes, true for a missing key.
 * Without a set operator, a multivalued key holds when any of its values matches (for a
 * negated operator: when none does).
 */
import { Operator, ValueTest } from './operators.js';
import { Lookup } from './pattern.js';

export interface Condition {
  operator: Operator;
  /** The context key as written (for logs) and lower-cased (for lookups). */
  keyName: string;
  key: string;
  test: ValueTest;
  /** Null's values: true asks "absent", false asks "present". */
  wantsAbsent?: boolean[];
}

/** The request context as conditions see it: keys are lower-cased, values are strings. */
export interface ConditionContext {
  /** All values of a key; undefined when the key is absent (an empty list counts as absent). */
  values(key: string): readonly string[] | undefined;
  lookup: Lookup;
}

export function conditionsHold(conditions: readonly Condition[], context: ConditionContext): boolean {
  for (const c of conditions) if (!conditionHolds(c, context)) return false;
  return true;
}

function conditionHolds(condition: Condition, context: ConditionContext): boolean {
  const { operator } = condition;
  const values = context.values(condition.key);
  if (operator.family === 'Null') return condition.wantsAbsent!.some((absent) => absent === (values === undefined));
  const passes = (value: string) => condition.test(value, context.lookup) !== operator.negated;
  if (operator.set) {
    const set = values && isNullDataSet(values) ? undefined : values;
    if (set === undefined) return operator.ifExists || operator.set === 'ForAllValues';
    return operator.set === 'ForAllValues' ? set.every(passes) : set.some(passes);
  }
  if (values === undefined) return operator.ifExists || operator.negated;
  const anyMatch = values.some((v) => condition.test(v, context.lookup));
  return anyMatch !== operator.negated;
}

/** AWS: an empty string in a multivalued key "resolves to a null data set". */
function isNullDataSet(values: readonly string[]): boolean {
  return values.every((v) => v === '');
}
