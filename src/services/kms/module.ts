/**
 * The KMS module: the KMS API and the `keyVault` port (envelope encryption for SSM and
 * Secrets Manager). Key material is wrapped under the master key (BERTH_MASTER_KEY, else
 * `master.key` in the data dir). A sweep every minute deletes keys whose deletion date has
 * passed and rotates keys whose automatic rotation is due. The IAM directory, when present,
 * names callers in access-denied messages.
 */
import { join } from 'node:path';
import { BerthModule, ModuleContext, ModuleDefinition, Ports } from '../../module.js';
import { partition } from '../../platform/aws/scope.js';
import { RequestContext } from '../../protocol/service.js';
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
    ports: { keyVault: new StoreKeyVault(store, ring, clock) },
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
