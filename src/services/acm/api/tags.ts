/** AddTagsToCertificate, RemoveTagsFromCertificate, ListTagsForCertificate. */
import { scopeOf } from '../../../platform/aws/scope.js';
import { Operations, Tag } from '../../../protocol/generated/acm.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { requireCertificate } from '../domain/lookups.js';
import { KIND, TagPair } from '../domain/records.js';
import { AcmDeps } from './context.js';
import { withoutTags, withTags } from './tag-rules.js';

type Ops = Pick<TypedHandlers<Operations>, 'AddTagsToCertificate' | 'RemoveTagsFromCertificate' | 'ListTagsForCertificate'>;

export function tagOps({ store }: AcmDeps): Ops {
  const retag = (ctx: RequestContext, arn: string, change: (tags: TagPair[]) => TagPair[]) => store.transact((tx) => {
    const rec = requireCertificate(tx, scopeOf(ctx), arn);
    tx.put(KIND.certificate, rec.id, { ...rec.doc, tags: change(rec.doc.tags) }, rec.version);
    return {};
  });
  return {
    AddTagsToCertificate: (input, ctx) => retag(ctx, input.CertificateArn, (tags) => withTags(tags, input.Tags)),
    RemoveTagsFromCertificate: (input, ctx) => retag(ctx, input.CertificateArn, (tags) => withoutTags(tags, input.Tags)),
    ListTagsForCertificate: (input, ctx) => ({ Tags: requireCertificate(store, scopeOf(ctx), input.CertificateArn).doc.tags as Tag[] }),
  };
}
