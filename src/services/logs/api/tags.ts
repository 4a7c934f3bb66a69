/**
 * Log group tags, through both generations of the API: TagLogGroup / UntagLogGroup /
 * ListTagsLogGroup (by name, on the path to deprecation) and TagResource / UntagResource /
 * ListTagsForResource (by ARN, `arn:…:log-group:<name>`; a trailing `:*` is tolerated).
 * Log groups are Berth's only taggable Logs resources: other ARNs name nothing.
 * At most 50 tags; `aws:` keys are AWS's.
 */
import { mergeTagPairs, removeTagKeys, tagProblem } from '../../../platform/aws/tags.js';
import { ServiceError } from '../../../protocol/errors.js';
import { Operations } from '../../../protocol/generated/logs.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { invalidParameter, logsErrors } from '../domain/errors.js';
import { requireGroup, saveGroup } from '../domain/groups.js';
import { groupNameOfArn } from '../domain/names.js';
import { LogsDeps, scope } from './context.js';

type TagMap = Record<string, string>;

const pairs = (tags: TagMap) => Object.entries(tags).map(([key, value]) => ({ key, value }));
const mapOf = (list: { key: string; value: string }[]): TagMap => Object.fromEntries(list.map((t) => [t.key, t.value]));

/** The checks the model does not make; `tooMany` is the operation's error for more than 50. */
export function checkTagMap(tags: TagMap, tooMany = () => invalidParameter('A resource can have no more than 50 tags.')): void {
  // JSON null passes the model's map reading; AWS refuses a tag without a value.
  const nullKey = Object.keys(tags).find((k) => typeof tags[k] !== 'string');
  if (nullKey !== undefined) throw invalidParameter(`1 validation error detected: Value null at 'tags.${nullKey}' failed to satisfy constraint: Member must not be null`);
  const problem = tagProblem(pairs(tags));
  if (problem === 'too-many') throw tooMany();
  if (problem === 'reserved-prefix') throw invalidParameter('Tag keys beginning with aws: are reserved for AWS use.');
}

function retag(deps: LogsDeps, ctx: RequestContext, name: string, change: (tags: TagMap) => TagMap, tooMany?: () => ServiceError): Record<string, never> {
  deps.store.transact((tx) => {
    const group = requireGroup(tx, scope(ctx), name);
    const tags = change(group.tags);
    checkTagMap(tags, tooMany);
    saveGroup(tx, scope(ctx), { ...group, tags });
  });
  return {};
}

/** The group a tagging ARN names, or ResourceNotFoundException. */
function nameOfArn(ctx: RequestContext, arn: string): string {
  const name = groupNameOfArn(arn, scope(ctx));
  if (name === undefined) throw logsErrors.groupNotFound();
  return name;
}

const added = (extra: TagMap) => (tags: TagMap) => mapOf(mergeTagPairs(pairs(tags), pairs(extra)));
const removed = (keys: string[]) => (tags: TagMap) => mapOf(removeTagKeys(pairs(tags), keys));

export function tagOps(deps: LogsDeps): TypedHandlers<Operations> {
  const tagsOf = (ctx: RequestContext, name: string) => ({ tags: requireGroup(deps.store, scope(ctx), name).tags });
  return {
    TagLogGroup: (input, ctx) => retag(deps, ctx, input.logGroupName, added(input.tags)),
    UntagLogGroup: (input, ctx) => retag(deps, ctx, input.logGroupName, removed(input.tags)),
    ListTagsLogGroup: (input, ctx) => tagsOf(ctx, input.logGroupName),
    TagResource: (input, ctx) => retag(deps, ctx, nameOfArn(ctx, input.resourceArn), added(input.tags), () => logsErrors.tooManyTags(input.resourceArn)),
    UntagResource: (input, ctx) => retag(deps, ctx, nameOfArn(ctx, input.resourceArn), removed(input.tagKeys)),
    ListTagsForResource: (input, ctx) => tagsOf(ctx, nameOfArn(ctx, input.resourceArn)),
  };
}
