/**
 * A JSON-like input as awsQuery form parameters, the way the SDKs flatten it: structures
 * as `A.B`, lists as `A.member.N` (an empty list as `A=`), maps as `A.entry.N.key/value`.
 * Values that do not fit their shape (a fuzzer's wrong types) are flattened by what they
 * are, so the server sees exactly the misfit.
 */
import type { ServiceModel, Shape } from '../../src/protocol/model.js';

type Pair = [string, string];

export function toQueryPairs(model: ServiceModel, shapeName: string | undefined, value: unknown, prefix = ''): Pair[] {
  if (value === undefined || value === null) return [];
  const shape: Shape | undefined = shapeName ? model.shapes[shapeName] : undefined;
  if (Array.isArray(value)) return listPairs(model, shape, value, prefix);
  if (value instanceof Date) return [[prefix, value.toISOString()]];
  if (typeof value === 'object') return objectPairs(model, shape, value as Record<string, unknown>, prefix);
  return prefix ? [[prefix, String(value)]] : [];
}

const join = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

function listPairs(model: ServiceModel, shape: Shape | undefined, value: unknown[], prefix: string): Pair[] {
  if (value.length === 0) return prefix ? [[prefix, '']] : [];
  const member = shape?.type === 'list' ? shape.member : undefined;
  const name = member?.locationName ?? 'member';
  return value.flatMap((v, i) => toQueryPairs(model, member?.shape, v, join(prefix, `${name}.${i + 1}`)));
}

function objectPairs(model: ServiceModel, shape: Shape | undefined, value: Record<string, unknown>, prefix: string): Pair[] {
  if (shape?.type === 'map') {
    return Object.entries(value).flatMap(([k, v], i) => [
      [join(prefix, `entry.${i + 1}.key`), k] as Pair,
      ...toQueryPairs(model, shape.value?.shape, v, join(prefix, `entry.${i + 1}.value`)),
    ]);
  }
  const members = shape?.type === 'structure' ? shape.members ?? {} : {};
  return Object.entries(value).flatMap(([k, v]) => toQueryPairs(model, members[k]?.shape, v, join(prefix, members[k]?.locationName ?? k)));
}
