/**
 * The Secrets Manager module: the API (values encrypted through the `keyVault` port KMS
 * provides) and a sweep that removes secrets whose recovery window has passed, every
 * minute on the injected clock. With the IAM module, BatchGetSecretValue checks
 * GetSecretValue per secret with the edge's policies.
 */
import { randomInt } from 'node:crypto';
import { edgeAccess } from '../../iam/edge-access.js';
import { credentialLookup } from '../../iam/root-credentials.js';
import { BerthModule, ModuleContext, ModuleDefinition, Ports } from '../../module.js';
import { readCheck } from './api/read-check.js';
import { secretsManagerService } from './api/provider.js';
import { sweepDeletions } from './domain/deletion.js';
import { storeSecretReader } from './domain/reader.js';
import { INDEXES } from './domain/records.js';

export const DELETION_SWEEP_MS = 60_000;

export const secretsManagerModule: ModuleDefinition = {
  name: 'secretsmanager',
  provides: ['secretReader'],
  requires: { keyVault: 'required', iamDirectory: 'optional' },
  build: async (ctx, ports) => buildSecretsManager(ctx, ports),
};

/** The same decision the edge makes, for the per-secret checks the authorize step cannot make. */
function mayRead(ctx: ModuleContext, ports: Partial<Ports>) {
  const { authorizer, credentials } = edgeAccess(ctx.config.iamEnforcement, credentialLookup(ctx.credentials), ports.iamDirectory);
  return readCheck(authorizer, credentials);
}

function buildSecretsManager(ctx: ModuleContext, ports: Partial<Ports>): BerthModule {
  const { store, clock, log } = ctx;
  const vault = ports.keyVault!;
  for (const index of INDEXES) store.defineIndex(index);
  const sweep = () => {
    try {
      const removed = sweepDeletions(store, clock.now());
      if (removed) log.info('secrets past their recovery window deleted', { count: removed });
    } catch (err) {
      log.error('Secrets Manager deletion sweep failed', { err });
    }
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'secretsmanager',
    services: [secretsManagerService({ store, vault, randomInt: (max) => randomInt(max), mayRead: mayRead(ctx, ports) })],
    ports: { secretReader: storeSecretReader(store, vault, clock) },
    async start() {
      sweep();
      timer = setInterval(sweep, DELETION_SWEEP_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}
