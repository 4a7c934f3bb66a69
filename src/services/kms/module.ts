/**
 * The KMS module: the KMS API and the `keyVault` port (envelope encryption for SSM and
 * Secrets Manager). Key material is wrapped under the master key (BERTH_MASTER_KEY, else
 * `master.key` in the data dir). A sweep every minute deletes keys whose deletion date has
 * passed and rotates keys whose automatic rotation is due. The IAM directory, when present,
 * names callers in access-denied messages and decides, with key policies, whether a caller
 * a service decrypts for may use the key.
 */
import { join } from 'node:path';
import { edgeAccess } from '../../iam/edge-access.js';
import { credentialLookup } from '../../iam/root-credentials.js';
import { BerthModule, ModuleContext, ModuleDefinition, Ports } from '../../module.js';
import { partition } from '../../platform/aws/scope.js';
import { RequestContext } from '../../protocol/service.js';
import { decryptCheck } from './api/decrypt-check.js';
import { kmsService } from './api/provider.js';
import { KeyRing } from './domain/keyring.js';
import { loadMasterKey, MASTER_KEY_FILE } from './domain/master-key.js';
import { INDEXES } from './domain/records.js';
import { sweepKeys } from './domain/sweep.js';
import { StoreKeyVault } from './domain/vault.js';

export const KEY_SWEEP_MS = 60_000;

export const kmsModule: ModuleDefinition = {
  name: 'kms',
  provides: ['keyVault'],
  requires: { iamDirectory: 'optional' },
  build: async (ctx, ports) => buildKms(ctx, ports),
};

/** The edge's decision on kms:Decrypt, for the callers SSM decrypts for. */
function mayDecrypt(ctx: ModuleContext, ports: Partial<Ports>) {
  const access = edgeAccess(ctx.config.iamEnforcement, credentialLookup(ctx.credentials), ports.iamDirectory);
  return decryptCheck(ctx.store, access, ctx.log);
}

function buildKms(ctx: ModuleContext, ports: Partial<Ports>): BerthModule {
  const { store, clock, log } = ctx;
  for (const index of INDEXES) store.defineIndex(index);
  const ring = new KeyRing(loadMasterKey(join(ctx.config.dataDir, MASTER_KEY_FILE), process.env.BERTH_MASTER_KEY));
  const callerArn = (call: RequestContext) =>
    ports.iamDirectory?.credentialFor(call.accessKeyId)?.principal.arn ?? `arn:${partition(call.region)}:iam::${call.accountId}:root`;
  const sweep = () => {
    try {
      const { deleted, rotated } = sweepKeys(store, ring, clock.now());
      if (deleted || rotated) log.info('KMS keys swept', { deleted, rotated });
    } catch (err) {
      log.error('KMS key sweep failed', { err });
    }
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'kms',
    services: [kmsService({ store, clock, ring, callerArn })],
    ports: { keyVault: new StoreKeyVault(store, ring, clock, mayDecrypt(ctx, ports)) },
    async start() {
      sweep();
      timer = setInterval(sweep, KEY_SWEEP_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}
