/**
 * Test support: the ECS API on a store (the memory store unless given), called as the
 * gateway calls it (one account and region), each answer typed by its operation's contract.
 */
import { Clock, ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { Operations } from '../../../protocol/generated/ecs.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { Store } from '../../../state/store.js';
import { ALLOW_ALL } from '../domain/host-access.js';
import { ecsService } from './provider.js';
import { handlerCaller } from '../../../protocol/handler-harness.js';

const HARNESS_HOST = { autoRegister: true, cpus: 2, memoryMiB: 8192, hostname: 'h', dockerVersion: '20.10' };
export const HARNESS_SCOPE = { region: 'us-east-1', accountId: '000000000000' };

export type { Answer } from '../../../protocol/handler-harness.js';

export function ecsApi(clock: Clock = new ManualClock('2026-01-01T00:00:00Z'), store: Store = new MemoryStore(silentLogger)) {
  const { handlers } = ecsService({ store, clock, log: silentLogger, host: HARNESS_HOST, hostAccess: ALLOW_ALL });
  const ctx = (): RequestContext => ({ requestId: 'r', ...HARNESS_SCOPE, accessKeyId: 'k', now: clock.now() });
  const { call } = handlerCaller<Operations>('ECS', handlers, ctx);
  return { store, clock, call };
}
