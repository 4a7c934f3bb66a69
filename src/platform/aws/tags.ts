/**
 * AWS's tag rules shared by every service (each maps a problem to its own error and
 * shape, `key`/`value` in ECS, `Key`/`Value` in ECR and ELBv2): at most 50 per resource,
 * keys 1–128 and values 0–256 characters, `aws:` reserved for AWS.
 */
export interface TagPair { key: string; value: string }

export const MAX_TAGS = 50;

export type TagProblem = 'too-many' | 'empty-key' | 'key-too-long' | 'value-too-long' | 'reserved-prefix';

export function tagProblem(tags: TagPair[]): TagProblem | undefined {
  if (tags.length > MAX_TAGS) return 'too-many';
  for (const { key, value } of tags) {
    if (!key) return 'empty-key';
    if (key.length > 128) return 'key-too-long';
    if (value.length > 256) return 'value-too-long';
    if (key.toLowerCase().startsWith('aws:')) return 'reserved-prefix';
  }
  return undefined;
}

/** `existing` with `added` set (a key given again takes its new value), in first-seen order. */
export function mergeTagPairs(existing: TagPair[], added: TagPair[]): TagPair[] {
  const byKey = new Map(existing.map((t) => [t.key, t]));
  for (const t of added) byKey.set(t.key, t);
  return [...byKey.values()];
}

export function removeTagKeys(existing: TagPair[], keys: string[]): TagPair[] {
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.key));
}
