/**
 * Test support: the ECS API on the memory store, called as the gateway calls it (one
 * account and region), for unit tests of what a handler answers and records.
 */
import { Clock, ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { ALLOW_ALL } from '../domain/host-access.js';
import { ecsService } from './provider.js';

const HARNESS_HOST = { autoRegister: true, cpus: 2, memoryMiB: 8192, hostname: 'h', dockerVersion: '20.10' };
export const HARNESS_SCOPE = { region: 'us-east-1', accountId: '000000000000' };

export function ecsApi(clock: Clock = new ManualClock('2026-01-01T00:00:00Z')) {
  const store = new MemoryStore(silentLogger);
  const ecs = ecsService({ store, clock, log: silentLogger, host: HARNESS_HOST, hostAccess: ALLOW_ALL });
  const ctx = (): RequestContext => ({ requestId: 'r', ...HARNESS_SCOPE, accessKeyId: 'k', now: clock.now() });
  /** Handler errors become rejections, as the gateway turns them into error responses. */
  const call = async (operation: string, input: object): Promise<any> => ecs.handlers[operation]!(input, ctx());
  return { store, clock, call };
}
