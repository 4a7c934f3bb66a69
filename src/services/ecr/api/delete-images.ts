/**
 * BatchDeleteImage: by tag removes the tag (and the image with its last tag); by digest
 * removes the image and all its tags, unless a manifest list of the repository needs it.
 */
import { BatchDeleteImageRequest, BatchDeleteImageResponse, ImageFailure, ImageIdentifier } from '../../../protocol/generated/ecr.js';
import { RequestContext } from '../../../protocol/service.js';
import { EcrDeps } from '../domain/context.js';
import { resolveId } from './images.js';
import { findRepository } from './names.js';

export function batchDeleteImage(deps: EcrDeps, input: BatchDeleteImageRequest, ctx: RequestContext): BatchDeleteImageResponse {
  const { registry, store } = deps;
  return store.transact((tx) => {
    const { id } = findRepository(deps, ctx, input);
    const imageIds: ImageIdentifier[] = [];
    const failures: ImageFailure[] = [];
    for (const imageId of input.imageIds) {
      const r = resolveId(deps, tx, id, imageId);
      if (!r.ok) {
        failures.push({ imageId, failureCode: r.failureCode, failureReason: r.failureReason });
        continue;
      }
      const digest = r.image.digest;
      const tags = registry.tagsOf(tx, id, digest);
      const byTagOnly = imageId.imageTag && !imageId.imageDigest && tags.length > 1;
      const parent = registry.images(tx, id).find((i) => i.digest !== digest && i.references.includes(digest));
      if (!byTagOnly && parent) {
        failures.push({ imageId, failureCode: 'ImageReferencedByManifestList', failureReason: `Requested image referenced by manifest list: [${parent.digest}]` });
        continue;
      }
      if (byTagOnly) {
        registry.deleteTag(tx, id, imageId.imageTag!);
        imageIds.push({ imageDigest: digest, imageTag: imageId.imageTag });
        continue;
      }
      registry.deleteImage(tx, id, digest);
      if (tags.length === 0) imageIds.push({ imageDigest: digest });
      for (const tag of tags) imageIds.push({ imageDigest: digest, imageTag: tag });
    }
    return { imageIds, failures };
  });
}
