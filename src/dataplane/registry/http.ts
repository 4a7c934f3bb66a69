/**
 * The OCI Distribution API on the edge port (`/v2/`): parses the path into repository
 * and endpoint, authenticates, and dispatches to pull, push and content handlers.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { Access, Caller, RegistryAccess } from './access.js';
import { Scope } from './bearer.js';
import { RegistryError, sendRegistryError } from '../../services/ecr/domain/errors.js';
import { Principal } from '../../services/ecr/domain/policy.js';
import { repositoryFor } from '../../services/ecr/domain/addressing.js';
import { RepositoryDoc } from '../../services/ecr/domain/records.js';
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

/** One /v2/ request after routing: its repository and caller. */
export interface RegistryRequest {
  req: IncomingMessage;
  res: ServerResponse;
  deps: RegistryHttpDeps;
  /** The name as it appears in the URL (for Location headers). */
  name: string;
  repo: string;
  repoDoc?: RepositoryDoc;
  who?: Principal;
  /** The granted scopes when the caller presented a Bearer token. */
  scopes?: Scope[];
  query: URLSearchParams;
  now: Date;
}

type Endpoint = (r: RegistryRequest, arg: string) => Promise<void> | void;

interface Route { re: RegExp; methods: Record<string, [Access, Endpoint]> }

const ROUTES: Route[] = [
  { re: /^(.+)\/manifests\/([^/]+)$/, methods: { GET: ['pull', getManifest], HEAD: ['pull', getManifest], PUT: ['push', putManifest], DELETE: ['push', deleteManifest] } },
  { re: /^(.+)\/blobs\/uploads\/?$/, methods: { POST: ['push', startUpload] } },
  { re: /^(.+)\/blobs\/uploads\/([^/]+)$/, methods: { GET: ['push', blobUpload], PATCH: ['push', blobUpload], PUT: ['push', blobUpload], DELETE: ['push', blobUpload] } },
  { re: /^(.+)\/blobs\/([^/]+)$/, methods: { GET: ['pull', getBlob], HEAD: ['pull', getBlob], DELETE: ['push', deleteBlob] } },
  { re: /^(.+)\/tags\/list$/, methods: { GET: ['pull', listTags] } },
  { re: /^(.+)\/referrers\/([^/]+)$/, methods: { GET: ['pull', listReferrers] } },
];

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

async function dispatch(req: IncomingMessage, res: ServerResponse, deps: RegistryHttpDeps, name: string, arg: string, [access, endpoint]: [Access, Endpoint], query: URLSearchParams, now: Date): Promise<void> {
  const caller: Caller = deps.access.caller(req, now);
  const target = repositoryFor(deps, name);
  if (!NAME_RE.test(target.repositoryName)) {
    if (!caller.who) throw new RegistryError('UNAUTHORIZED');
    throw new RegistryError('NAME_INVALID', 'invalid repository name', { name });
  }
  const repoDoc = deps.registry.repository(deps.registry.store, target.id);
  deps.access.check(caller, name, repoDoc, access);
  if (!repoDoc) {
    throw new RegistryError('NAME_UNKNOWN', `The repository with name '${target.repositoryName}' does not exist in the registry with id '${deps.accountId}'`, { name });
  }
  await endpoint({ req, res, deps, name, repo: target.id, repoDoc, who: caller.who, scopes: caller.scopes, query, now }, arg);
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new RegistryError('NAME_INVALID', 'invalid path encoding');
  }
}

/** GetDownloadUrlForLayer's URL: a signed, expiring link that needs no Authorization header. */
async function presignedBlob(req: IncomingMessage, res: ServerResponse, deps: RegistryHttpDeps, rest: string, query: URLSearchParams, now: Date): Promise<void> {
  const m = /^(.+)\/blobs\/([^/]+)$/.exec(rest);
  if (!m || !verifyBlobUrl(deps.key, m[1], m[2], query, now)) throw new RegistryError('DENIED', 'Request has expired or the signature does not match');
  const target = repositoryFor(deps, m[1]);
  await getBlob({ req, res, deps, name: m[1], repo: target.id, query, now }, m[2]);
}
