/** Tag validation and merging as ECS applies them (50 tags, key ≤128, value ≤256, aws: reserved). */
import { clientError } from '../../../protocol/errors.js';
import { Tag } from '../../../protocol/generated/ecs.js';

export type { Tag };

export function validateTags(tags: Tag[] | undefined): Tag[] {
  if (!tags) return [];
  if (tags.length > 50) throw clientError('InvalidParameterException', 'The maximum number of tags on a resource is 50.');
  for (const t of tags) {
    if (!t.key) throw clientError('InvalidParameterException', 'Tag keys must not be empty.');
    if (t.key.length > 128) throw clientError('InvalidParameterException', 'Tag keys must be 128 characters or less.');
    if ((t.value ?? '').length > 256) throw clientError('InvalidParameterException', 'Tag values must be 256 characters or less.');
    if (t.key.toLowerCase().startsWith('aws:')) throw clientError('InvalidParameterException', 'Tag keys with the prefix aws: are reserved.');
  }
  return tags;
}

export function mergeTags(existing: Tag[] | undefined, added: Tag[]): Tag[] {
  const byKey = new Map((existing ?? []).map((t) => [t.key, t]));
  for (const t of added) byKey.set(t.key, { key: t.key, value: t.value ?? '' });
  const merged = [...byKey.values()];
  validateTags(merged);
  return merged;
}

export function removeTags(existing: Tag[] | undefined, keys: string[]): Tag[] {
  const drop = new Set(keys);
  return (existing ?? []).filter((t) => !drop.has(t.key ?? ''));
}
