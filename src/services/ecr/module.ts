/**
 * The ECR module: the ECR and ECR Public APIs, the OCI registry on the edge port under
 * /v2/, periodic garbage collection of unreferenced blobs, and the image resolver ECS
 * uses to pull Berth's images. With the IAM module, registry requests are authorized by
 * the edge's policies for the principal each registry token names.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { edgeAccess } from '../../iam/edge-access.js';
import { credentialLookup } from '../../iam/root-credentials.js';
import { BerthModule, ModuleContext, ModuleDefinition, Ports } from '../../module.js';
import { RegistryAccess } from '../../dataplane/registry/access.js';
import { BlobStore } from './domain/blob-store.js';
import { collectGarbage, DEFAULT_GC } from './domain/gc.js';
import { registryHandler } from '../../dataplane/registry/http.js';
import { migrateRegionlessRepositories } from './domain/migrate.js';
import { Registry } from './domain/registry.js';
import { Uploads } from './domain/uploads.js';
import { EcrDeps } from './domain/context.js';
import { RepositoryAccessControl } from './domain/access-control.js';
import { makeImageResolver } from './domain/image-resolver.js';
import { ecrService } from './api/provider.js';
import { ecrPublicService } from './api/public.js';
import { applyLifecyclePolicies, makeLifecycleOps } from './api/lifecycle-ops.js';
import { makeScanOps, Scanner } from './api/scans.js';

/** A stable ECR Public alias per account: a letter, then hex (the alias pattern needs a leading letter). */
export function publicAlias(accountId: string): string {
  return 'b' + createHash('sha256').update(accountId).digest('hex').slice(0, 8);
}

export const ecrModule: ModuleDefinition = {
  name: 'ecr',
  provides: ['imageResolver'],
  requires: { iamDirectory: 'optional' },
  build: (ctx, ports) => buildEcr(ctx, ports),
};

/** The same decisions the edge makes, for registry requests and the ECR API's own checks. */
function accessControl(ctx: ModuleContext, ports: Partial<Ports>): RepositoryAccessControl {
  const { authorizer, credentials } = edgeAccess(ctx.config.iamEnforcement, credentialLookup(ctx.credentials), ports.iamDirectory);
  return new RepositoryAccessControl(authorizer, credentials, ctx.config.accountId, ctx.log);
}

async function buildEcr(ctx: ModuleContext, ports: Partial<Ports>): Promise<BerthModule> {
  const { store, clock, log, config } = ctx;
  const stuck = migrateRegionlessRepositories(store);
  if (stuck.length) log.warn('ECR repositories left unmigrated: their region already has a repository of that name', { ids: stuck });
  const blobs = new BlobStore(join(config.dataDir, 'registry'));
  const registry = new Registry(store, blobs, clock);
  const uploads = new Uploads(store, blobs, registry, clock);
  const key = { accountId: config.accountId, secret: ctx.credentials.secretAccessKey };
  const registryHost = config.registryHost ?? `localhost:${ctx.port}`;
  const deps: EcrDeps = {
    store, clock, registry, uploads, key, rootAccessKeyId: ctx.credentials.accessKeyId, accessControl: accessControl(ctx, ports),
    accountId: config.accountId, registryHost, endpoint: ctx.endpoint, publicAlias: publicAlias(config.accountId),
  };
  const access = new RegistryAccess(key, registryHost, deps.accessControl);
  const gc = (opts = DEFAULT_GC) => collectGarbage(store, blobs, uploads, clock, opts);
  const lifecycle = () => applyLifecyclePolicies(deps, clock.now());
  const scanner = new Scanner(deps, config.dataDir, log);
  registry.onImagePushed = (repo, image) => scanner.onPush(repo, image);
  const maintain = async () => {
    const expired = lifecycle();
    if (expired) log.info('lifecycle policies expired images', { count: expired });
    await gc();
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'ecr',
    services: [ecrService(deps, { ...makeLifecycleOps(deps), ...makeScanOps(deps, scanner) }), ecrPublicService(deps)],
    rawRoutes: { '/v2/': registryHandler({ registry, uploads, access, key, accountId: config.accountId, publicAlias: deps.publicAlias, clock, log }) },
    ports: { imageResolver: makeImageResolver(deps, ctx.port) },
    async start() {
      void scanner.resumeInterrupted().catch((err: unknown) => log.error('resuming image scans failed', { err }));
      timer = setInterval(() => void maintain().catch((err: unknown) => log.error('registry maintenance failed', { err })), config.registryMaintenanceSeconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}
