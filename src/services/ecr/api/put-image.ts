/** PutImage: the ECR API's manifest push, with AWS's errors for what /v2/ reports as codes. */
import { clientError, ServiceError } from '../../../protocol/errors.js';
import { PutImageRequest, PutImageResponse } from '../../../protocol/generated/ecr.js';
import { RequestContext } from '../../../protocol/service.js';
import { sha256Digest } from '../domain/digest.js';
import { RegistryError } from '../domain/errors.js';
import { isIndexType, parseManifest } from '../domain/manifest.js';
import { RepositoryDoc } from '../domain/records.js';
import { EcrDeps } from '../domain/context.js';
import { findRepository } from './names.js';

function apiError(e: RegistryError, doc: RepositoryDoc, tag: string | undefined, index: boolean): ServiceError {
  const where = `repository with name '${doc.repositoryName}' in the registry with id '${doc.registryId}'`;
  switch (e.code) {
    case 'TAG_INVALID':
      return clientError('ImageTagAlreadyExistsException', `The image tag '${tag}' already exists in the '${doc.repositoryName}' repository and cannot be overwritten because the tag is immutable.`);
    case 'MANIFEST_BLOB_UNKNOWN': {
      const detail = e.detail as { digest?: string; digests?: string[] };
      const digests = detail.digests ?? [detail.digest];
      return index
        ? clientError('ReferencedImagesNotFoundException', `The following referenced images were not found: [${digests.join(', ')}] in the ${where}`)
        : clientError('LayersNotFoundException', `Layers with digests '[${digests.join(', ')}]' required for pushing image into ${where} do not exist`);
    }
    default:
      return clientError('InvalidParameterException', `Invalid parameter at 'imageManifest' failed to satisfy constraint: '${e.message}'`);
  }
}

export async function putImage(deps: EcrDeps, input: PutImageRequest, ctx: RequestContext): Promise<PutImageResponse> {
  const { id, doc } = findRepository(deps, ctx, input);
  const bytes = Buffer.from(input.imageManifest, 'utf8');
  const digest = sha256Digest(bytes);
  const tag = input.imageTag;
  if (input.imageDigest && input.imageDigest !== digest) {
    throw clientError('ImageDigestDoesNotMatchException', `The digest '${input.imageDigest}' does not match the digest '${digest}' of the image manifest`);
  }
  const existing = deps.registry.image(deps.store, id, digest);
  if (existing && (!tag || deps.registry.resolve(deps.store, id, tag)?.digest === digest)) {
    throw clientError('ImageAlreadyExistsException', `Image with digest '${digest}'${tag ? ` and tag '${tag}'` : ''} already exists in the repository with name '${doc.repositoryName}' in registry with id '${doc.registryId}'`);
  }
  const parsed = parseManifest(bytes, input.imageManifestMediaType);
  try {
    const result = await deps.registry.putManifest(id, tag ?? digest, bytes, input.imageManifestMediaType);
    return {
      image: {
        registryId: doc.registryId, repositoryName: doc.repositoryName,
        imageId: { imageDigest: result.digest, imageTag: tag },
        imageManifest: input.imageManifest, imageManifestMediaType: result.image.mediaType,
      },
    };
  } catch (e) {
    if (e instanceof RegistryError) throw apiError(e, doc, tag, parsed.ok && isIndexType(parsed.manifest.mediaType));
    throw e;
  }
}
