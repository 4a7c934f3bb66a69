/** Resource tags (TagResource, UntagResource, ListTagsForResource) on repositories; ECR spells them Key/Value. */
import { clientError } from '../../../protocol/errors.js';
import { Operations, Tag } from '../../../protocol/generated/ecr.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { KIND, RepositoryDoc } from '../domain/records.js';
import { EcrDeps } from '../domain/context.js';
import { privateRepo } from './names.js';

const MAX_TAGS = 50;

export function validateTags(tags: Tag[]): Tag[] {
  for (const t of tags) {
    if (t.Key.startsWith('aws:')) throw clientError('InvalidTagParameterException', 'Invalid parameter at \'tags\' failed to satisfy constraint: \'Tag keys must not begin with aws:\'');
  }
  if (tags.length > MAX_TAGS) throw clientError('TooManyTagsException', `The number of tags exceeds the maximum of ${MAX_TAGS}.`);
  return tags;
}

function locate(deps: EcrDeps, ctx: RequestContext, arn: string): string {
  const m = /^arn:aws[a-z-]*:ecr:([^:]+):(\d{12}):repository\/(.+)$/.exec(arn);
  if (!m) throw clientError('InvalidParameterException', `Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'`);
  const id = privateRepo(deps, m[1], m[3]);
  const doc = deps.store.get<RepositoryDoc>(KIND.repository, id)?.doc;
  if (!doc || m[1] !== ctx.region || m[2] !== ctx.accountId) {
    throw clientError('RepositoryNotFoundException', `The repository with name '${m[3]}' does not exist in the registry with id '${m[2]}'`);
  }
  return id;
}

export function makeTagOps(deps: EcrDeps): TypedHandlers<Operations> {
  const change = (ctx: RequestContext, arn: string, fn: (tags: Tag[]) => Tag[]) =>
    deps.store.transact((tx) => {
      const id = locate(deps, ctx, arn);
      const doc = tx.get<RepositoryDoc>(KIND.repository, id)!.doc;
      tx.put(KIND.repository, id, { ...doc, tags: validateTags(fn(doc.tags)) });
      return {};
    });
  return {
    TagResource: (input, ctx) =>
      change(ctx, input.resourceArn, (tags) => {
        const byKey = new Map(tags.map((t) => [t.Key, t]));
        for (const t of input.tags) byKey.set(t.Key, t);
        return [...byKey.values()];
      }),
    UntagResource: (input, ctx) => change(ctx, input.resourceArn, (tags) => tags.filter((t) => !input.tagKeys.includes(t.Key))),
    ListTagsForResource: (input, ctx) => ({ tags: deps.store.get<RepositoryDoc>(KIND.repository, locate(deps, ctx, input.resourceArn))!.doc.tags }),
  };
}
