/**
 * TagResource, UntagResource, ListTagsForResource: a scalable target's tags, named by its
 * ScalableTargetARN (the only taggable resource). At most 50 per target; `aws:` keys are AWS's.
 */
import { mergeTagPairs, removeTagKeys, TagPair, tagProblem } from '../../../platform/aws/tags.js';
import { Operations } from '../../../protocol/generated/application-autoscaling.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { ReadTx, StoredRecord } from '../../../state/store.js';
import { aasErrors, validation } from '../domain/errors.js';
import { INDEX, KIND, TargetDoc } from '../domain/records.js';
import { AasDeps } from './context.js';

const pairs = (tags: Record<string, string>): TagPair[] => Object.entries(tags).map(([key, value]) => ({ key, value }));
const mapOf = (list: TagPair[]): Record<string, string> => Object.fromEntries(list.map((t) => [t.key, t.value]));

/** Refuses a tag set AWS would: too many (TooManyTagsException when a target is named) or `aws:` keys. */
export function checkTags(tags: Record<string, string>, arn?: string): void {
  const problem = tagProblem(pairs(tags));
  if (problem === 'too-many') throw arn ? aasErrors.tooManyTags(arn) : validation('A scalable target can have at most 50 tags.');
  if (problem === 'reserved-prefix') throw validation('Tag keys starting with "aws:" are reserved for use by AWS.');
}

function taggedTarget(tx: ReadTx, arn: string): StoredRecord<TargetDoc> {
  const record = tx.listByIndex<TargetDoc>(KIND.target, INDEX.targetArn, { key: arn, limit: 1 })[0];
  if (!record) throw aasErrors.resourceNotFound(arn);
  return record;
}

function retag(deps: AasDeps, arn: string, change: (tags: TagPair[]) => TagPair[]): Record<string, never> {
  return deps.store.transact((tx) => {
    const target = taggedTarget(tx, arn);
    const tags = mapOf(change(pairs(target.doc.tags)));
    checkTags(tags, arn);
    tx.put<TargetDoc>(KIND.target, target.id, { ...target.doc, tags });
    return {};
  });
}

export function tagOps(deps: AasDeps): Pick<TypedHandlers<Operations>, 'TagResource' | 'UntagResource' | 'ListTagsForResource'> {
  return {
    TagResource: (input) => retag(deps, input.ResourceARN, (tags) => mergeTagPairs(tags, pairs(input.Tags))),
    UntagResource: (input) => retag(deps, input.ResourceARN, (tags) => removeTagKeys(tags, input.TagKeys)),
    ListTagsForResource: (input) => ({ Tags: taggedTarget(deps.store, input.ResourceARN).doc.tags }),
  };
}
