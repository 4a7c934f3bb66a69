/**
 * The ACM module: the Certificate Manager API, Berth's private CA (its root written to
 * `<data-dir>/ca/berth-root-ca.pem` for clients to trust) and the `certificateStore` port
 * through which load balancers get certificates and keys and mark them in use. Private keys
 * are encrypted through KMS's `keyVault` port.
 */
import { BerthModule, ModuleContext, ModuleDefinition, Ports } from '../../module.js';
import { acmService } from './api/provider.js';
import { storeCertificateStore } from './domain/certificate-store.js';
import { openPrivateCa } from './domain/private-ca.js';
import { INDEXES } from './domain/records.js';

export const acmModule: ModuleDefinition = {
  name: 'acm',
  provides: ['certificateStore'],
  requires: { keyVault: 'required' },
  build: async (ctx, ports) => buildAcm(ctx, ports),
};

function buildAcm(ctx: ModuleContext, ports: Partial<Ports>): BerthModule {
  const { store, clock } = ctx;
  const vault = ports.keyVault!;
  for (const index of INDEXES) store.defineIndex(index);
  const ca = openPrivateCa(ctx.config.dataDir, clock.now());
  return {
    name: 'acm',
    services: [acmService({ store, vault, ca })],
    ports: { certificateStore: storeCertificateStore(store, vault) },
  };
}
