/** AWS's tag rules (src/platform/aws/tags.ts) in ACM's errors and shape. */
import { mergeTagPairs, tagProblem, TagProblem } from '../../../platform/aws/tags.js';
import { Tag } from '../../../protocol/generated/acm.js';
import { acmErrors } from '../domain/errors.js';
import { TagPair } from '../domain/records.js';

const MESSAGES: Record<Exclude<TagProblem, 'too-many'>, string> = {
  'empty-key': 'Tag keys must be at least 1 character long.',
  'key-too-long': 'Tag keys must be at most 128 characters long.',
  'value-too-long': 'Tag values must be at most 256 characters long.',
  'reserved-prefix': 'Tag keys beginning with "aws:" are reserved for AWS use.',
};

const pairs = (tags: Tag[]) => tags.map((t) => ({ key: t.Key, value: t.Value ?? '' }));

function checked(tags: { key: string; value: string }[]): TagPair[] {
  const problem = tagProblem(tags);
  if (problem === 'too-many') throw acmErrors.tooManyTags();
  if (problem) throw acmErrors.invalidTag(MESSAGES[problem]);
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}

/** `existing` with `added` set; a key given again takes its new value. */
export const withTags = (existing: TagPair[], added: Tag[] | undefined) => checked(mergeTagPairs(pairs(existing), pairs(added ?? [])));

/** RemoveTagsFromCertificate: a tag given with a value is removed only when the certificate's tag has that value. */
export function withoutTags(existing: TagPair[], removed: Tag[]): TagPair[] {
  return existing.filter((t) => !removed.some((r) => r.Key === t.Key && (r.Value === undefined || r.Value === (t.Value ?? ''))));
}
