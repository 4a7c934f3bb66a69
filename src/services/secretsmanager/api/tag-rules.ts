/** AWS's tag rules (src/platform/aws/tags.ts) in Secrets Manager's errors and shape. */
import { mergeTagPairs, removeTagKeys, tagProblem, TagProblem } from '../../../platform/aws/tags.js';
import { Tag } from '../../../protocol/generated/secretsmanager.js';
import { smErrors } from '../domain/errors.js';
import { TagPair } from '../domain/records.js';

const MESSAGES: Record<TagProblem, string> = {
  'too-many': 'Number of tags exceeds Secrets Manager limit of 50.',
  'empty-key': 'Tag keys must be at least 1 character long.',
  'key-too-long': 'Tag keys must be at most 128 characters long.',
  'value-too-long': 'Tag values must be at most 256 characters long.',
  'reserved-prefix': 'Tag keys can\'t start with "aws:"; that prefix is reserved for AWS use.',
};

const pairs = (tags: TagPair[]) => tags.map((t) => ({ key: t.Key, value: t.Value }));
const back = (tags: { key: string; value: string }[]): TagPair[] => tags.map((t) => ({ Key: t.key, Value: t.value }));

function checked(tags: TagPair[]): TagPair[] {
  const problem = tagProblem(pairs(tags));
  if (problem) throw smErrors.invalidParameter(MESSAGES[problem]);
  return tags;
}

/** A request's tags as stored: every tag needs a key; a missing value is empty. */
export const tagsOf = (tags: Tag[] | undefined): TagPair[] => (tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));

export const withTags = (existing: TagPair[], added: Tag[]) => checked(back(mergeTagPairs(pairs(existing), pairs(tagsOf(added)))));
export const withoutTags = (existing: TagPair[], keys: string[]) => back(removeTagKeys(pairs(existing), keys));
export const newTags = (tags: Tag[] | undefined) => checked(back(mergeTagPairs([], pairs(tagsOf(tags)))));
