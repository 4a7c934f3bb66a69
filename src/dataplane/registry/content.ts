/** Manifest push, content discovery (tags, referrers, catalog) and content management (deletes). */
import { IncomingMessage, ServerResponse } from 'node:http';
import { privatePath, privateRepositoryArn } from '../../services/ecr/domain/addressing.js';
import { requestConditions } from './access.js';
import { isDigest } from '../../services/ecr/domain/digest.js';
import { RegistryError } from '../../services/ecr/domain/errors.js';
import { RegistryHttpDeps, RegistryRequest } from './http.js';
import { MEDIA } from '../../services/ecr/domain/manifest.js';
import { KIND, layerId, RepositoryDoc } from '../../services/ecr/domain/records.js';

/** ECR's ImageManifest limit (4 MiB). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new RegistryError('SIZE_INVALID', `manifest larger than ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function putManifest(r: RegistryRequest, ref: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readLimited(r.req, MAX_MANIFEST_BYTES);
  } catch (e) {
    if (e instanceof RegistryError) return void r.res.writeHead(413, { 'content-length': '0' }).end();
    throw e;
  }
  const { digest, image } = await r.deps.registry.putManifest(r.repo, ref, bytes, r.req.headers['content-type']);
  const headers: Record<string, string> = { location: `/v2/${r.name}/manifests/${digest}`, 'docker-content-digest': digest, 'content-length': '0' };
  if (image.subject) headers['oci-subject'] = image.subject;
  r.res.writeHead(201, headers).end();
}

export function deleteManifest(r: RegistryRequest, ref: string): void {
  const { registry } = r.deps;
  registry.store.transact((tx) => {
    const image = registry.resolve(tx, r.repo, ref);
    if (!image) throw new RegistryError('MANIFEST_UNKNOWN', 'Requested image not found', { reference: ref });
    if (isDigest(ref)) registry.deleteImage(tx, r.repo, ref);
    else registry.deleteTag(tx, r.repo, ref);
  });
  r.res.writeHead(202, { 'content-length': '0' }).end();
}

/** Unlinks the blob from this repository; the collector frees it once nothing references it. */
export function deleteBlob(r: RegistryRequest, digest: string): void {
  const { registry } = r.deps;
  if (!isDigest(digest)) throw new RegistryError('DIGEST_INVALID', 'invalid digest', { digest });
  const deleted = registry.store.transact((tx) => tx.delete(KIND.layer, layerId(r.repo, digest)));
  if (!deleted) throw new RegistryError('BLOB_UNKNOWN', 'blob unknown to registry', { digest });
  r.res.writeHead(202, { 'content-length': '0' }).end();
}

/** `n` per the spec: a non-negative integer, else PAGINATION_NUMBER_INVALID. */
function pageSize(query: URLSearchParams): number | undefined {
  const n = query.get('n');
  if (n === null || n === '') return undefined;
  if (!/^\d+$/.test(n)) throw new RegistryError('PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n });
  return Number(n);
}

function sendJson(res: ServerResponse, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
}

/** Lexically sorted names after `last`, at most `n`, with a Link header when more remain. */
export function paged(names: string[], query: URLSearchParams, path: string): { items: string[]; headers: Record<string, string> } {
  const n = pageSize(query);
  const last = query.get('last');
  const after = last ? names.filter((t) => t > last) : names;
  if (n === undefined) return { items: after, headers: {} };
  const items = after.slice(0, n);
  const more = n > 0 && after.length > n;
  return { items, headers: more ? { link: `<${path}?n=${n}&last=${encodeURIComponent(items[items.length - 1])}>; rel="next"` } : {} };
}

export function listTags(r: RegistryRequest): void {
  const names = r.deps.registry.tags(r.deps.registry.store, r.repo).map((t) => t.tag).sort();
  const { items, headers } = paged(names, r.query, `/v2/${r.name}/tags/list`);
  sendJson(r.res, { name: r.name, tags: items }, headers);
}

export function listReferrers(r: RegistryRequest, digest: string): void {
  if (!isDigest(digest)) throw new RegistryError('DIGEST_INVALID', 'invalid digest', { digest });
  const artifactType = r.query.get('artifactType') ?? undefined;
  const manifests = r.deps.registry.referrers(r.deps.registry.store, r.repo, digest, artifactType).map((i) => ({
    mediaType: i.mediaType, digest: i.digest, size: i.manifestSize,
    ...(i.artifactType ? { artifactType: i.artifactType } : {}),
    ...(i.annotations ? { annotations: i.annotations } : {}),
  }));
  const headers: Record<string, string> = artifactType ? { 'oci-filters-applied': 'artifactType' } : {};
  sendJson(r.res, { schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }, headers, MEDIA.ociIndex);
}

/**
 * `/v2/_catalog`: the account's private repositories of every region that the caller may
 * describe (ecr:DescribeRepositories), named as /v2/ addresses them.
 */
export function listCatalog(req: IncomingMessage, res: ServerResponse, deps: RegistryHttpDeps, query: URLSearchParams, now: Date): void {
  const who = deps.access.checkCatalog(deps.access.caller(req, now));
  const describable = (doc: RepositoryDoc) => {
    const address = { ns: doc.ns, region: doc.region, arn: privateRepositoryArn(doc.region, doc.registryId, doc.repositoryName) };
    const target = deps.access.control.target(address, doc);
    return deps.access.control.refusal(who, ['DescribeRepositories'], target, requestConditions(req, now, doc.region)) === undefined;
  };
  const names = deps.registry.store.list<RepositoryDoc>(KIND.repository, { prefix: 'private/' }).map((rec) => rec.doc)
    .filter((doc) => doc.registryId === deps.accountId && describable(doc))
    .map((doc) => privatePath(doc.registryId, doc.region, doc.repositoryName)).sort();
  const { items, headers } = paged(names, query, '/v2/_catalog');
  sendJson(res, { repositories: items }, headers);
}
