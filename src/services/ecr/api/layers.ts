/**
 * The layer API (BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart,
 * CompleteLayerUpload, GetDownloadUrlForLayer) over the same upload sessions and blob
 * store as /v2/, and GetAuthorizationToken.
 */
import { Readable } from 'node:stream';
import { clientError } from '../../../protocol/errors.js';
import { Layer, LayerFailure, Operations } from '../../../protocol/generated/ecr.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { isDigest } from '../domain/digest.js';
import { RegistryError } from '../domain/errors.js';
import { presignBlobUrl } from '../domain/presign.js';
import { issueToken } from '../domain/token.js';
import { EcrDeps } from '../domain/context.js';
import { findRepository, registryIdOf, registryPathOf } from './names.js';

/** ECR asks for parts of this size; the edge's 10 MiB body cap limits one UploadLayerPart anyway. */
const PART_SIZE = 5 * 1024 * 1024;

/**
 * The bytes of a blob member. The protocol reads blobs into Buffers (shape-reader.ts); the
 * generated type also admits a string because one type serves inputs and outputs, and a
 * string there is the base64 text the blob travels as.
 */
function bytesOf(blob: Buffer | string): Buffer {
  return Buffer.isBuffer(blob) ? blob : Buffer.from(blob, 'base64');
}

export function makeLayerOps(deps: EcrDeps): TypedHandlers<Operations> {
  const { registry, store, uploads } = deps;

  function uploadNotFound(): Error {
    return clientError('UploadNotFoundException', 'The upload could not be found, or the specified upload ID is not valid for this repository.');
  }

  function session(repo: string, uploadId: string) {
    try {
      return uploads.get(repo, uploadId);
    } catch {
      throw uploadNotFound();
    }
  }

  return {
    BatchCheckLayerAvailability(input, ctx) {
      const { id } = findRepository(deps, ctx, input);
      const layers: Layer[] = [];
      const failures: LayerFailure[] = [];
      for (const digest of input.layerDigests) {
        if (!isDigest(digest)) {
          failures.push({ layerDigest: digest, failureCode: 'InvalidLayerDigest', failureReason: 'Invalid layer digest' });
          continue;
        }
        const size = registry.blobSize(store, id, digest);
        if (size === undefined) layers.push({ layerDigest: digest, layerAvailability: 'UNAVAILABLE' });
        else layers.push({ layerDigest: digest, layerAvailability: 'AVAILABLE', layerSize: size, mediaType: registry.layer(store, id, digest)?.mediaType });
      }
      return { layers, failures };
    },

    async InitiateLayerUpload(input, ctx) {
      const { id } = findRepository(deps, ctx, input);
      const doc = await uploads.create(id);
      return { uploadId: doc.id, partSize: PART_SIZE };
    },

    async UploadLayerPart(input, ctx) {
      const { id, doc } = findRepository(deps, ctx, input);
      session(id, input.uploadId);
      const blob = bytesOf(input.layerPartBlob);
      const invalid = async () => clientError('InvalidLayerPartException', 'The layer part size is not valid, or the first byte specified is not consecutive to the last byte of a previous layer part upload.', {
        registryId: doc.registryId, repositoryName: doc.repositoryName, uploadId: input.uploadId, lastValidByteReceived: (await uploads.size(input.uploadId)) - 1,
      });
      if (input.partLastByte - input.partFirstByte + 1 !== blob.length) throw await invalid();
      try {
        const size = await uploads.append(input.uploadId, Readable.from([blob]), input.partFirstByte, blob.length);
        return { registryId: doc.registryId, repositoryName: doc.repositoryName, uploadId: input.uploadId, lastByteReceived: size - 1 };
      } catch (e) {
        if (e instanceof RegistryError && (e.code === 'RANGE_INVALID' || e.code === 'SIZE_INVALID')) throw await invalid();
        throw e;
      }
    },

    async CompleteLayerUpload(input, ctx) {
      const { id, doc } = findRepository(deps, ctx, input);
      session(id, input.uploadId);
      const digest = input.layerDigests[0];
      if ((await uploads.size(input.uploadId)) === 0) throw clientError('EmptyUploadException', `The specified layer upload does not contain any layer parts.`);
      if (registry.layer(store, id, digest) && registry.blobs.sizeSync(digest) !== undefined) {
        await uploads.cancel(input.uploadId);
        throw clientError('LayerAlreadyExistsException', 'The image layer already exists in the associated repository.');
      }
      try {
        await uploads.complete(input.uploadId, digest);
      } catch (e) {
        if (e instanceof RegistryError && e.code === 'DIGEST_INVALID') throw clientError('InvalidLayerException', `The layer digest calculated for the upload does not match the digest '${digest}' you provided.`);
        throw e;
      }
      return { registryId: doc.registryId, repositoryName: doc.repositoryName, uploadId: input.uploadId, layerDigest: digest };
    },

    GetDownloadUrlForLayer(input, ctx) {
      const { id, doc } = findRepository(deps, ctx, input);
      const digest = input.layerDigest;
      const referenced = registry.images(store, id).some((i) => i.references.includes(digest));
      if (!referenced || registry.blobs.sizeSync(digest) === undefined) {
        if (registry.layer(store, id, digest)) {
          throw clientError('LayerInaccessibleException', 'The specified layer is not available because it is not associated with an image. Unassociated image layers may be cleaned up at any time.');
        }
        throw clientError('LayersNotFoundException', `The specified layer '${digest}' does not exist in the repository with name '${doc.repositoryName}' in the registry with id '${doc.registryId}'`);
      }
      return { downloadUrl: presignBlobUrl(deps.key, deps.endpoint, registryPathOf(doc), digest, ctx.now), layerDigest: digest };
    },

    GetAuthorizationToken(input, ctx) {
      const ids = input.registryIds?.length ? input.registryIds : [ctx.accountId];
      for (const registryId of ids) registryIdOf({ registryId }, ctx);
      return {
        authorizationData: ids.map(() => {
          const t = issueToken(deps.key, ctx.now, ctx.accessKeyId);
          return { authorizationToken: t.authorizationToken, expiresAt: t.expiresAt, proxyEndpoint: `http://${deps.registryHost}` };
        }),
      };
    },
  };
}
