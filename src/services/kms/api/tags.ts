/**
 * Key tags: TagResource, UntagResource, ListResourceTags, and the checks CreateKey shares.
 * AWS's TagException messages; a key given again takes its new value; removing a key the
 * resource lacks is not an error.
 */
import { MAX_TAGS, mergeTagPairs, removeTagKeys, TagPair } from '../../../platform/aws/tags.js';
import { Operations, Tag } from '../../../protocol/generated/kms.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { kmsErrors } from '../domain/errors.js';
import { KeyTag, KIND } from '../domain/records.js';
import { keyFor, KmsDeps } from './context.js';
import { page, pageFields } from './paging.js';

const LIST_TAGS_LIMIT = 50;

const pairs = (tags: readonly Tag[]): TagPair[] => tags.map((t) => ({ key: t.TagKey, value: t.TagValue }));
const keyTags = (tags: TagPair[]): KeyTag[] => tags.map((t) => ({ TagKey: t.key, TagValue: t.value }));

/** `existing` with `added` set. Lengths are the model's (checked before); these are KMS's rules. */
export function checkedTags(existing: readonly KeyTag[], added: readonly Tag[]): KeyTag[] {
  if (added.some((t) => t.TagKey.toLowerCase().startsWith('aws:'))) throw kmsErrors.tag('Tags beginning with aws: are reserved');
  if (new Set(added.map((t) => t.TagKey)).size !== added.length) throw kmsErrors.tag('Duplicate tag keys');
  const merged = mergeTagPairs(pairs(existing), pairs(added));
  if (merged.length > MAX_TAGS) throw kmsErrors.tag('Too many tags');
  return keyTags(merged);
}

export function tagOps(deps: KmsDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    TagResource: (input, ctx) => {
      store.transact((tx) => {
        const key = keyFor(deps, tx, ctx, input.KeyId, 'TagResource', 'change');
        tx.put(KIND.key, key.id, { ...key.doc, tags: checkedTags(key.doc.tags, input.Tags) }, key.version);
      });
      return {};
    },

    UntagResource: (input, ctx) => {
      store.transact((tx) => {
        const key = keyFor(deps, tx, ctx, input.KeyId, 'UntagResource', 'change');
        tx.put(KIND.key, key.id, { ...key.doc, tags: keyTags(removeTagKeys(pairs(key.doc.tags), input.TagKeys)) }, key.version);
      });
      return {};
    },

    ListResourceTags: (input, ctx) => {
      const key = keyFor(deps, store, ctx, input.KeyId, 'ListResourceTags', 'read');
      const sorted = [...key.doc.tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
      const result = page(sorted, (t) => t.TagKey, input, LIST_TAGS_LIMIT);
      return { Tags: result.items, ...pageFields(result) };
    },
  };
}
