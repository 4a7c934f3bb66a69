/**
 * Push: blob upload sessions (POST, PATCH, PUT, GET status, DELETE cancel), single-POST
 * monolithic uploads and cross-repository mounts. Bodies are streamed to disk. What a
 * request does beyond its route's IAM operation is authorized here: data sent with a POST
 * or the closing PUT (UploadLayerPart), a monolithic POST's completion (CompleteLayerUpload),
 * a mount's read of its source (GetDownloadUrlForLayer there).
 */
import { IncomingMessage } from 'node:http';
import { RegistryError } from '../../services/ecr/domain/errors.js';
import { RepositoryAddress, repositoryFor } from '../../services/ecr/domain/addressing.js';
import { RepositoryDoc } from '../../services/ecr/domain/records.js';
import { requestConditions } from './access.js';
import { authorizeAlso, RegistryRequest } from './http.js';
import { parseContentRange, uploadedRange } from './range.js';

const carriesData = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

function uploadHeaders(r: RegistryRequest, id: string, size: number): Record<string, string> {
  return {
    location: `/v2/${r.name}/blobs/uploads/${id}`,
    range: uploadedRange(size),
    'docker-upload-uuid': id,
    'content-length': '0',
  };
}

function created(r: RegistryRequest, digest: string): void {
  r.res.writeHead(201, { location: `/v2/${r.name}/blobs/${digest}`, 'docker-content-digest': digest, 'content-length': '0' }).end();
}

export async function startUpload(r: RegistryRequest): Promise<void> {
  const { uploads } = r.deps;
  const mount = r.query.get('mount');
  if (mount && mountBlob(r, mount, r.query.get('from'))) return created(r, mount);
  // A digest without a mount makes this a monolithic upload: the blob comes with the POST.
  const digest = mount ? undefined : r.query.get('digest') || undefined;
  // Checked before a session exists, so a refusal leaves none behind.
  if (digest) authorizeAlso(r, 'UploadLayerPart', 'CompleteLayerUpload');
  const doc = await uploads.create(r.repo);
  if (digest) {
    await uploads.append(doc.id, r.req);
    const done = await uploads.complete(doc.id, digest);
    return created(r, done.digest);
  }
  r.res.writeHead(202, uploadHeaders(r, doc.id, 0)).end();
}

/** Links a blob another repository holds, when the caller may; otherwise the caller uploads it. */
function mountBlob(r: RegistryRequest, digest: string, from: string | null): boolean {
  const { registry } = r.deps;
  if (!from) return false;
  const source = repositoryFor(r.deps, from);
  const sourceDoc = registry.repository(registry.store, source.id);
  if (!mayMount(r, from, source, sourceDoc)) return false;
  const size = sourceDoc && registry.blobSize(registry.store, source.id, digest);
  if (size === undefined || size === null) return false;
  registry.blobs.touchSync(digest);
  registry.store.transact((tx) => registry.link(tx, r.repo, digest, size, registry.layer(tx, source.id, digest)?.mediaType));
  return true;
}

/** A mount downloads the layer from its source (within the token's pull scope) and completes it here. */
function mayMount(r: RegistryRequest, from: string, source: RepositoryAddress, sourceDoc: RepositoryDoc | undefined): boolean {
  const { access } = r.deps;
  try {
    const need = { access: 'pull', operations: ['GetDownloadUrlForLayer'] } as const;
    access.check(r.caller, from, access.control.target(source, sourceDoc), need, requestConditions(r.req, r.now, source.region));
    authorizeAlso(r, 'CompleteLayerUpload');
    return true;
  } catch (e) {
    if (e instanceof RegistryError) return false;
    throw e;
  }
}

export async function blobUpload(r: RegistryRequest, id: string): Promise<void> {
  const { uploads } = r.deps;
  uploads.get(r.repo, id);
  switch (r.req.method) {
    case 'GET': {
      const size = await uploads.size(id);
      return void r.res.writeHead(204, uploadHeaders(r, id, size)).end();
    }
    case 'DELETE':
      await uploads.cancel(id);
      return void r.res.writeHead(204, { 'content-length': '0' }).end();
    case 'PATCH':
      return patchChunk(r, id);
    default:
      return finishUpload(r, id);
  }
}

async function patchChunk(r: RegistryRequest, id: string): Promise<void> {
  const header = r.req.headers['content-range'];
  const range = parseContentRange(header);
  if (header && !range) throw new RegistryError('BLOB_UPLOAD_INVALID', `invalid Content-Range ${header}`);
  const length = r.req.headers['content-length'] === undefined ? undefined : Number(r.req.headers['content-length']);
  if (range && length !== undefined && length !== range.end - range.start + 1) {
    throw new RegistryError('SIZE_INVALID', 'Content-Length does not match Content-Range');
  }
  try {
    const size = await r.deps.uploads.append(id, r.req, range?.start, range ? length : undefined);
    r.res.writeHead(202, uploadHeaders(r, id, size)).end();
  } catch (e) {
    if (e instanceof RegistryError && e.code === 'RANGE_INVALID') {
      const size = await r.deps.uploads.size(id).catch(() => 0);
      r.req.resume();
      throw new RegistryError('RANGE_INVALID', e.message, { range: uploadedRange(size) });
    }
    throw e;
  }
}

async function finishUpload(r: RegistryRequest, id: string): Promise<void> {
  const digest = r.query.get('digest');
  if (!digest) throw new RegistryError('DIGEST_INVALID', 'digest query parameter is required');
  if (carriesData(r.req)) authorizeAlso(r, 'UploadLayerPart');
  const range = parseContentRange(r.req.headers['content-range']);
  await r.deps.uploads.append(id, r.req, range?.start);
  const done = await r.deps.uploads.complete(id, digest);
  created(r, done.digest);
}
