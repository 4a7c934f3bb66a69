/**
 * Test support: the ECS API on a store (the memory store unless given), called as the
 * gateway calls it (one account and region), each answer typed by its operation's contract.
 */
import { Clock, ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { Operations } from '../../../protocol/generated/ecs.js';
import { callHandler, RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { Store } from '../../../state/store.js';
import { ALLOW_ALL } from '../domain/host-access.js';
import { ecsService } from './provider.js';

const HARNESS_HOST = { autoRegister: true, cpus: 2, memoryMiB: 8192, hostname: 'h', dockerVersion: '20.10' };
export const HARNESS_SCOPE = { region: 'us-east-1', accountId: '000000000000' };

/**
 * An answer as a test reads it: every member present. The contracts mark all output members
 * optional; a test that reads one the handler left out fails where it reads it.
 */
export type Answer<T> = T extends Date ? T : T extends (infer U)[] ? Answer<U>[] : T extends object ? { [K in keyof T]-?: Answer<T[K]> } : T;

export function ecsApi(clock: Clock = new ManualClock('2026-01-01T00:00:00Z'), store: Store = new MemoryStore(silentLogger)) {
  const { handlers } = ecsService({ store, clock, log: silentLogger, host: HARNESS_HOST, hostAccess: ALLOW_ALL });
  const ctx = (): RequestContext => ({ requestId: 'r', ...HARNESS_SCOPE, accessKeyId: 'k', now: clock.now() });
  /**
   * Inputs are plain objects, not the contract's input types, as the wire delivers them.
   * Handler errors become rejections, as the gateway turns them into error responses.
   */
  const call = async <K extends keyof Operations>(operation: K, input: object): Promise<Answer<Operations[K]['output']>> => {
    const handler = handlers[operation];
    if (!handler) throw new Error(`ECS has no handler for ${operation}`);
    // The handler map is typed by these contracts (provider.ts); ServiceDefinition forgets it.
    return (await callHandler(handler, input, ctx())) as Answer<Operations[K]['output']>;
  };
  return { store, clock, call };
}
