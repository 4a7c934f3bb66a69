/**
 * Add/Remove/ListTagsForResource for parameters (ResourceType `Parameter`, ResourceId the
 * name, with or without its leading slash, or the ARN). Berth has none of SSM's other
 * taggable resources (documents, maintenance windows…): their ids name nothing.
 * At most 50 tags per parameter; `aws:` keys are AWS's.
 */
import { mergeTagPairs, removeTagKeys, tagProblem } from '../../../platform/aws/tags.js';
import { Operations, Tag } from '../../../protocol/generated/ssm.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { ssmErrors, validation } from '../domain/errors.js';
import { findNamed } from '../domain/parameters.js';
import { KIND, parameterId, ParameterDoc, TagPair } from '../domain/records.js';
import { scope, SsmDeps } from './context.js';

function taggedParameter(tx: ReadTx, ctx: RequestContext, type: string, id: string): ParameterDoc {
  const parameter = type === 'Parameter' ? findNamed(tx, scope(ctx), id) : undefined;
  if (!parameter) throw ssmErrors.invalidResourceId();
  return parameter;
}

const pairs = (tags: TagPair[]) => tags.map((t) => ({ key: t.Key, value: t.Value }));
const tagsOf = (list: { key: string; value: string }[]): TagPair[] => list.map((t) => ({ Key: t.key, Value: t.value }));

function checkTags(tags: TagPair[]): void {
  const problem = tagProblem(pairs(tags));
  if (problem === 'too-many') throw ssmErrors.tooManyTags();
  if (problem === 'reserved-prefix') throw validation('Tag keys beginning with "aws:" are reserved for AWS use.');
}

function retag(deps: SsmDeps, ctx: RequestContext, type: string, id: string, change: (tags: TagPair[]) => TagPair[]): Record<string, never> {
  return deps.store.transact((tx) => {
    const parameter = taggedParameter(tx, ctx, type, id);
    const tags = change(parameter.tags);
    checkTags(tags);
    tx.put<ParameterDoc>(KIND.parameter, parameterId(scope(ctx), parameter.Name), { ...parameter, tags });
    return {};
  });
}

export function tagOps(deps: SsmDeps): TypedHandlers<Operations> {
  return {
    AddTagsToResource: (input, ctx) => retag(deps, ctx, input.ResourceType, input.ResourceId, (tags) => tagsOf(mergeTagPairs(pairs(tags), pairs(input.Tags)))),
    RemoveTagsFromResource: (input, ctx) => retag(deps, ctx, input.ResourceType, input.ResourceId, (tags) => tagsOf(removeTagKeys(pairs(tags), input.TagKeys))),
    ListTagsForResource: (input, ctx) => ({ TagList: taggedParameter(deps.store, ctx, input.ResourceType, input.ResourceId).tags as Tag[] }),
  };
}
