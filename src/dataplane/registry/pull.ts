/** Pull: manifests (with Accept negotiation) and blobs (with Range). */
import { pipeline } from 'node:stream/promises';
import { RegistryError } from '../../services/ecr/domain/errors.js';
import { RegistryRequest } from './http.js';
import { negotiate } from '../../services/ecr/domain/negotiate.js';
import { parseRange } from './range.js';

export async function getManifest(r: RegistryRequest, ref: string): Promise<void> {
  const { registry } = r.deps;
  const image = registry.resolve(registry.store, r.repo, ref);
  if (!image) throw new RegistryError('MANIFEST_UNKNOWN', `Requested image not found`, { reference: ref });
  const stored = await registry.blobs.read(image.digest);
  const out = negotiate(stored, image.mediaType, image.digest, r.req.headers.accept, ref !== image.digest);
  const head = r.req.method === 'HEAD';
  r.res.writeHead(200, {
    'content-type': out.mediaType,
    'content-length': String(out.bytes.length),
    'docker-content-digest': out.digest,
    etag: `"${out.digest}"`,
  });
  r.res.end(head ? undefined : out.bytes);
  if (!head) registry.recordPull(r.repo, image.digest);
}

export async function getBlob(r: RegistryRequest, digest: string): Promise<void> {
  const { registry } = r.deps;
  const size = registry.blobSize(registry.store, r.repo, digest);
  if (size === undefined) throw new RegistryError('BLOB_UNKNOWN', 'blob unknown to registry', { digest });
  const range = parseRange(r.req.headers.range, size);
  if (range === 'unsatisfiable') {
    r.res.writeHead(416, { 'content-range': `bytes */${size}`, 'content-length': '0' }).end();
    return;
  }
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'docker-content-digest': digest,
    'accept-ranges': 'bytes',
    etag: `"${digest}"`,
    'content-length': String(range ? range.end - range.start + 1 : size),
  };
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
  r.res.writeHead(range ? 206 : 200, headers);
  if (r.req.method === 'HEAD') return void r.res.end();
  await pipeline(registry.blobs.open(digest, range), r.res);
}
