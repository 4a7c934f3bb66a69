// ECR's handlers over the memory store and a temporary blob directory, for unit tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { Operations } from '../../../protocol/generated/ecr.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { BlobStore } from '../domain/blob-store.js';
import { sha256Digest } from '../domain/digest.js';
import { MEDIA } from '../domain/manifest.js';
import { Registry } from '../domain/registry.js';
import { Uploads } from '../domain/uploads.js';
import { EcrDeps } from '../domain/context.js';
import { RepositoryAccessControl } from '../domain/access-control.js';
import { Authorizer, rootOnlyAuthorizer } from '../../../iam/authorizer.js';
import { Credentials } from '../../../iam/credentials.js';
import { ecrHandlers } from './provider.js';

export const ACCOUNT = '000000000000';

export interface EcrHarness {
  deps: EcrDeps;
  dir: string;
  clock: ManualClock;
  call<Op extends keyof Operations>(op: Op, input: Operations[Op]['input'], region?: string): Promise<Operations[Op]['output']>;
  /** Uploads the blobs of a one-layer image to a repository id and stores its manifest under `tag`. */
  pushImage(repo: string, tag: string, layer: Buffer): Promise<string>;
  cleanup(): void;
}

export function ctxFor(clock: ManualClock, region = 'us-east-1'): RequestContext {
  return { requestId: 'r', region, accountId: ACCOUNT, accessKeyId: 'AK', now: clock.now() };
}

/** Every key is the root's unless a test gives IAM's view of keys and policies. */
export interface HarnessAccess { authorizer: Authorizer; credentials: Credentials }
const ROOT_ONLY: HarnessAccess = { authorizer: rootOnlyAuthorizer, credentials: { secretFor: () => 'secret' } };

/** `extra` adds handlers the module wires itself (scans); it gets the temporary directory for their data. */
export function ecrHarness(extra: (deps: EcrDeps, dir: string) => TypedHandlers<Operations> = () => ({}), access: HarnessAccess = ROOT_ONLY): EcrHarness {
  const dir = mkdtempSync(join(tmpdir(), 'berth-ecr-'));
  const store = new MemoryStore(silentLogger);
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  const blobs = new BlobStore(dir);
  const registry = new Registry(store, blobs, clock);
  const uploads = new Uploads(store, blobs, registry, clock);
  const deps: EcrDeps = {
    store, clock, registry, uploads, key: { accountId: ACCOUNT, secret: 'secret' }, accountId: ACCOUNT, rootAccessKeyId: 'AK',
    accessControl: new RepositoryAccessControl(access.authorizer, access.credentials, ACCOUNT, silentLogger),
    registryHost: 'localhost:4566', endpoint: 'http://localhost:4566', publicAlias: 'b12345678',
  };
  const handlers = ecrHandlers(deps, extra(deps, dir));
  const upload = async (repo: string, data: Buffer) => {
    const u = await uploads.create(repo);
    await uploads.append(u.id, Readable.from([data]));
    return (await uploads.complete(u.id, sha256Digest(data))).digest;
  };
  return {
    deps, dir, clock,
    async call(op, input, region) {
      const handler = handlers[op];
      if (!handler) throw new Error(`no handler for ${op}`);
      return handler(input, ctxFor(clock, region));
    },
    async pushImage(repo, tag, layer) {
      const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', tag }));
      await upload(repo, config);
      await upload(repo, layer);
      const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2, mediaType: MEDIA.ociManifest,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(config), size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256Digest(layer), size: layer.length }],
      }));
      return (await registry.putManifest(repo, tag, manifest, MEDIA.ociManifest)).digest;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
