/** TagResource and UntagResource: on a secret not scheduled for deletion. */
import { Operations } from '../../../protocol/generated/secretsmanager.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { requireLive } from '../domain/lookups.js';
import { KIND, TagPair } from '../domain/records.js';
import { scope, SmDeps, stamp } from './context.js';
import { withoutTags, withTags } from './tag-rules.js';
import { RequestContext } from '../../../protocol/service.js';

export function tagOps(deps: SmDeps): Pick<TypedHandlers<Operations>, 'TagResource' | 'UntagResource'> {
  const retag = (ctx: RequestContext, secretId: string, change: (tags: TagPair[]) => TagPair[]) => deps.store.transact((tx) => {
    const secret = requireLive(tx, scope(ctx), secretId);
    tx.put(KIND.secret, secret.id, { ...secret.doc, Tags: change(secret.doc.Tags), LastChangedDate: stamp(ctx) }, secret.version);
    return {};
  });
  return {
    TagResource: (input, ctx) => retag(ctx, input.SecretId, (tags) => withTags(tags, input.Tags)),
    UntagResource: (input, ctx) => retag(ctx, input.SecretId, (tags) => withoutTags(tags, input.TagKeys)),
  };
}
