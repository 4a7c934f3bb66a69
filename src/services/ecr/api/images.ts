/** Images: DescribeImages, ListImages, BatchGetImage, PutImage, BatchDeleteImage. */
import { clientError } from '../../../protocol/errors.js';
import { DescribeImagesRequest, DescribeImagesResponse, Image, ImageDetail, ImageFailure, ImageIdentifier, Operations } from '../../../protocol/generated/ecr.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { isDigest } from '../domain/digest.js';
import { RegistryError } from '../domain/errors.js';
import { negotiate } from '../domain/negotiate.js';
import { ImageDoc, RepositoryDoc } from '../domain/records.js';
import { ReadTx } from '../../../state/store.js';
import { page } from './pagination.js';
import { EcrDeps } from '../domain/context.js';
import { imageDetail, imageIdText, matchesTagStatus } from './image-view.js';
import { findRepository } from './names.js';
import { putImage } from './put-image.js';
import { batchDeleteImage } from './delete-images.js';

type Resolved = { ok: true; image: ImageDoc } | { ok: false; failureCode: NonNullable<ImageFailure['failureCode']>; failureReason: string };

/** Resolves an ImageIdentifier the way the batch operations report failures. */
export function resolveId(deps: EcrDeps, tx: ReadTx, repo: string, id: ImageIdentifier): Resolved {
  if (!id.imageDigest && !id.imageTag) return { ok: false, failureCode: 'MissingDigestAndTag', failureReason: 'Invalid request parameters: both tag and digest cannot be null' };
  if (id.imageDigest && !isDigest(id.imageDigest)) {
    return { ok: false, failureCode: 'InvalidImageDigest', failureReason: "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'" };
  }
  const image = deps.registry.resolve(tx, repo, id.imageDigest ?? id.imageTag!);
  if (!image) return { ok: false, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' };
  if (id.imageDigest && id.imageTag && deps.registry.resolve(tx, repo, id.imageTag)?.digest !== id.imageDigest) {
    return { ok: false, failureCode: 'ImageTagDoesNotMatchDigest', failureReason: 'Invalid request parameters: image tag does not match image digest' };
  }
  return { ok: true, image };
}

/** Converts when the accepted types ask for it and it can; otherwise ECR answers the manifest as stored (no failure). */
function served(bytes: Buffer, mediaType: string, digest: string, accepted: string[] | undefined, byTag: boolean) {
  try {
    return negotiate(bytes, mediaType, digest, accepted?.join(','), byTag);
  } catch (e) {
    if (e instanceof RegistryError) return { bytes, mediaType, digest };
    throw e;
  }
}

function describeAll(deps: EcrDeps, repo: string, doc: RepositoryDoc, input: DescribeImagesRequest): DescribeImagesResponse {
  const { registry, store } = deps;
  const tags = registry.tags(store, repo);
  const details = registry.images(store, repo)
    .map((image) => ({ image, tags: tags.filter((t) => t.digest === image.digest).map((t) => t.tag) }))
    .filter((x) => matchesTagStatus(x.tags, input.filter?.tagStatus));
  const { items, nextToken } = page(details, (x) => x.image.digest, input.nextToken, input.maxResults, 100, 1000);
  return { imageDetails: items.map((x) => imageDetail(doc, x.image, x.tags)), nextToken };
}

export function makeImageOps(deps: EcrDeps): TypedHandlers<Operations> {
  const { registry, store } = deps;
  return {
    DescribeImages(input, ctx) {
      const { id, doc } = findRepository(deps, ctx, input);
      if (!input.imageIds?.length) return describeAll(deps, id, doc, input);
      if (input.nextToken || input.maxResults) throw clientError('InvalidParameterException', "Invalid parameter at 'imageIds' failed to satisfy constraint: 'imageIds cannot be specified with nextToken or maxResults'");
      const seen = new Map<string, ImageDetail>();
      for (const imageId of input.imageIds) {
        const r = resolveId(deps, store, id, imageId);
        if (!r.ok && r.failureCode === 'ImageNotFound') {
          throw clientError('ImageNotFoundException', `The image with imageId ${imageIdText(imageId)} does not exist within the repository with name '${doc.repositoryName}' in the registry with id '${doc.registryId}'`);
        }
        if (!r.ok) throw clientError('InvalidParameterException', r.failureReason);
        seen.set(r.image.digest, imageDetail(doc, r.image, registry.tagsOf(store, id, r.image.digest)));
      }
      return { imageDetails: [...seen.values()] };
    },

    ListImages(input, ctx) {
      const { id } = findRepository(deps, ctx, input);
      const tags = registry.tags(store, id);
      const ids: { imageDigest: string; imageTag?: string }[] = [];
      for (const image of registry.images(store, id)) {
        const own = tags.filter((t) => t.digest === image.digest).map((t) => t.tag);
        if (!matchesTagStatus(own, input.filter?.tagStatus)) continue;
        if (own.length === 0) ids.push({ imageDigest: image.digest });
        for (const tag of own) ids.push({ imageDigest: image.digest, imageTag: tag });
      }
      const { items, nextToken } = page(ids, (x) => `${x.imageDigest}|${x.imageTag ?? ''}`, input.nextToken, input.maxResults, 100, 1000);
      return { imageIds: items, nextToken };
    },

    async BatchGetImage(input, ctx) {
      const { id, doc } = findRepository(deps, ctx, input);
      const images: Image[] = [];
      const failures: ImageFailure[] = [];
      for (const imageId of input.imageIds) {
        const r = resolveId(deps, store, id, imageId);
        if (!r.ok) {
          failures.push({ imageId, failureCode: r.failureCode, failureReason: r.failureReason });
          continue;
        }
        const bytes = await registry.blobs.read(r.image.digest);
        const out = served(bytes, r.image.mediaType, r.image.digest, input.acceptedMediaTypes, !imageId.imageDigest);
        images.push({ registryId: doc.registryId, repositoryName: doc.repositoryName, imageId: { imageDigest: out.digest, imageTag: imageId.imageTag }, imageManifest: out.bytes.toString('utf8'), imageManifestMediaType: out.mediaType });
        registry.recordPull(id, r.image.digest);
      }
      return { images, failures };
    },

    PutImage: (input, ctx) => putImage(deps, input, ctx),
    BatchDeleteImage: (input, ctx) => batchDeleteImage(deps, input, ctx),
  };
}
