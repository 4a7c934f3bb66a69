/**
 * The IAM module: the IAM API and the `iamDirectory` port (keys, principals, policies,
 * roles and sessions for the edge, the authorizer and STS). A sweep removes expired
 * sessions every minute.
 */
import { BerthModule, ModuleContext, ModuleDefinition } from '../../module.js';
import { iamService } from './api/provider.js';
import { StoreDirectory } from './domain/directory.js';
import { cryptoRandom } from './domain/ids.js';
import { INDEXES } from './domain/records.js';
import { sweepSessions } from './domain/sessions.js';

export const SESSION_SWEEP_MS = 60_000;

export const iamModule: ModuleDefinition = {
  name: 'iam',
  provides: ['iamDirectory'],
  build: async (ctx) => buildIam(ctx),
};

function buildIam(ctx: ModuleContext): BerthModule {
  const { store, clock, log } = ctx;
  for (const index of INDEXES) store.defineIndex(index);
  const directory = new StoreDirectory(store, clock, cryptoRandom);
  const sweep = () => {
    try {
      const removed = sweepSessions(store, clock.now());
      if (removed) log.debug('expired IAM sessions removed', { count: removed });
    } catch (err) {
      log.error('IAM session sweep failed', { err });
    }
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'iam',
    services: [iamService({ store, clock, random: cryptoRandom, rootAccessKeyId: ctx.credentials.accessKeyId })],
    ports: { iamDirectory: directory },
    async start() {
      sweep();
      timer = setInterval(sweep, SESSION_SWEEP_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
    },
  };
}
