/**
 * The OCI Distribution API on the edge port (`/v2/`): parses the path into repository
 * and endpoint, authenticates, and dispatches to pull, push and content handlers.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { Caller, Need, RegistryAccess, requestConditions } from './access.js';
import { RegistryError, sendRegistryError } from '../../services/ecr/domain/errors.js';
import { Conditions, RepositoryTarget } from '../../services/ecr/domain/access-control.js';
import { repositoryFor } from '../../services/ecr/domain/addressing.js';
import { Registry } from '../../services/ecr/domain/registry.js';
import { Uploads } from '../../services/ecr/domain/uploads.js';
import { verifyBlobUrl } from '../../services/ecr/domain/presign.js';
import { TokenKey } from '../../services/ecr/domain/token.js';
import { tokenEndpoint } from './token-endpoint.js';
import { getBlob, getManifest } from './pull.js';
import { blobUpload, startUpload } from './push.js';
import { deleteBlob, deleteManifest, listCatalog, listReferrers, listTags, putManifest } from './content.js';

export const NAME_RE = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;

export interface RegistryHttpDeps {
  registry: Registry;
  uploads: Uploads;
  access: RegistryAccess;
  key: TokenKey;
  accountId: string;
  publicAlias: string;
  clock: Clock;
  log: Logger;
}

/** One /v2/ request after routing and authorization: its repository and caller. */
export interface RegistryRequest {
  req: IncomingMessage;
  res: ServerResponse;
  deps: RegistryHttpDeps;
  /** The name as it appears in the URL (for Location headers). */
  name: string;
  repo: string;
  target: RepositoryTarget;
  caller: Caller;
  /** The request's global condition keys (IAM). */
  context: Conditions;
  query: URLSearchParams;
  now: Date;
}

type Endpoint = (r: RegistryRequest, arg: string) => Promise<void> | void;

interface Route { re: RegExp; methods: Record<string, [Need, Endpoint]> }

const pull = (...operations: string[]): Need => ({ access: 'pull', operations });
const push = (...operations: string[]): Need => ({ access: 'push', operations });

/**
 * Each /v2/ call and the ECR operation (IAM action) AWS authorizes it as: manifests are
 * BatchGetImage / PutImage, blob downloads GetDownloadUrlForLayer, blob existence checks
 * BatchCheckLayerAvailability, the upload session Initiate/UploadLayerPart/CompleteLayerUpload.
 * A status check or cancel of an upload session belongs to its parts. Deletes are
 * BatchDeleteImage, tag lists ListImages, referrers ListImageReferrers (DescribeImages).
 * An upload that also carries data needs UploadLayerPart too (push.ts asks for it).
 */
const ROUTES: Route[] = [
  { re: /^(.+)\/manifests\/([^/]+)$/, methods: { GET: [pull('BatchGetImage'), getManifest], HEAD: [pull('BatchGetImage'), getManifest], PUT: [push('PutImage'), putManifest], DELETE: [push('BatchDeleteImage'), deleteManifest] } },
  { re: /^(.+)\/blobs\/uploads\/?$/, methods: { POST: [push('InitiateLayerUpload'), startUpload] } },
  {
    re: /^(.+)\/blobs\/uploads\/([^/]+)$/,
    methods: { GET: [push('UploadLayerPart'), blobUpload], PATCH: [push('UploadLayerPart'), blobUpload], PUT: [push('CompleteLayerUpload'), blobUpload], DELETE: [push('UploadLayerPart'), blobUpload] },
  },
  { re: /^(.+)\/blobs\/([^/]+)$/, methods: { GET: [pull('GetDownloadUrlForLayer'), getBlob], HEAD: [pull('BatchCheckLayerAvailability'), getBlob], DELETE: [push('BatchDeleteImage'), deleteBlob] } },
  { re: /^(.+)\/tags\/list$/, methods: { GET: [pull('ListImages'), listTags] } },
  { re: /^(.+)\/referrers\/([^/]+)$/, methods: { GET: [pull('ListImageReferrers'), listReferrers] } },
];

/**
 * IAM for what a push request turns out to do beyond its route's operations (an upload that
 * carries data). Push routes have an authenticated caller: check() refused anonymous ones.
 */
export function authorizeAlso(r: RegistryRequest, ...operations: string[]): void {
  r.deps.access.authorize(r.caller.who!, r.target, push(...operations), r.context);
}

export function registryHandler(deps: RegistryHttpDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader('docker-distribution-api-version', 'registry/2.0');
    handle(req, res, deps).catch((err) => {
      if (err instanceof RegistryError) {
        sendRegistryError(res, err, err.code === 'UNAUTHORIZED' ? deps.access.challenge(req.headers.host, err.scope) : {});
        return;
      }
      deps.log.error('registry request failed', { method: req.method, err });
      sendRegistryError(res, new RegistryError('UNKNOWN'));
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: RegistryHttpDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://registry');
  const now = deps.clock.now();
  const path = decodePath(url.pathname);
  if (path === '/v2/token') return tokenEndpoint(req, res, deps, url.searchParams, now);
  if (path === '/v2/' || path === '/v2') {
    if (!deps.access.caller(req, now).who) throw new RegistryError('UNAUTHORIZED');
    return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' }).end('{}');
  }
  if (path === '/v2/_catalog') return listCatalog(req, res, deps, url.searchParams, now);
  const rest = path.slice('/v2/'.length);
  if (url.searchParams.has('X-Berth-Signature')) return presignedBlob(req, res, deps, rest, url.searchParams, now);
  for (const route of ROUTES) {
    const m = route.re.exec(rest);
    if (!m) continue;
    const entry = route.methods[req.method ?? 'GET'];
    if (!entry) throw new RegistryError('UNSUPPORTED');
    return dispatch(req, res, deps, m[1], m[2] ?? '', entry, url.searchParams, now);
  }
  throw new RegistryError('NAME_INVALID', 'invalid repository name or endpoint');
}

/** Authorizes before the repository's existence is told, as AWS authorizes on the ARN a missing repository would have. */
async function dispatch(req: IncomingMessage, res: ServerResponse, deps: RegistryHttpDeps, name: string, arg: string, [need, endpoint]: [Need, Endpoint], query: URLSearchParams, now: Date): Promise<void> {
  const caller: Caller = deps.access.caller(req, now);
  const address = repositoryFor(deps, name);
  if (!NAME_RE.test(address.repositoryName)) {
    if (!caller.who) throw new RegistryError('UNAUTHORIZED');
    throw new RegistryError('NAME_INVALID', 'invalid repository name', { name });
  }
  const repoDoc = deps.registry.repository(deps.registry.store, address.id);
  const target = deps.access.control.target(address, repoDoc);
  const context = requestConditions(req, now, address.region);
  deps.access.check(caller, name, target, need, context);
  if (!repoDoc) {
    throw new RegistryError('NAME_UNKNOWN', `The repository with name '${address.repositoryName}' does not exist in the registry with id '${deps.accountId}'`, { name });
  }
  await endpoint({ req, res, deps, name, repo: address.id, target, caller, context, query, now }, arg);
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new RegistryError('NAME_INVALID', 'invalid path encoding');
  }
}

/**
 * GetDownloadUrlForLayer's URL: a signed, expiring link that needs no Authorization header.
 * IAM authorized the call that signed it; like S3's presigned URLs, the link is its own permission.
 */
async function presignedBlob(req: IncomingMessage, res: ServerResponse, deps: RegistryHttpDeps, rest: string, query: URLSearchParams, now: Date): Promise<void> {
  const m = /^(.+)\/blobs\/([^/]+)$/.exec(rest);
  if (!m || !verifyBlobUrl(deps.key, m[1], m[2], query, now)) throw new RegistryError('DENIED', 'Request has expired or the signature does not match');
  const address = repositoryFor(deps, m[1]);
  await getBlob({ req, res, deps, name: m[1], repo: address.id, target: { address }, caller: {}, context: {}, query, now }, m[2]);
}
