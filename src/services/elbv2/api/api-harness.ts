/**
 * Test support: the ELBv2 API on the memory store, called as the gateway calls it (one
 * account and region), each answer typed by its operation's contract.
 */
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { Operations } from '../../../protocol/generated/elbv2.js';
import { callHandler, RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { elbv2Service } from './provider.js';

/**
 * An answer as a test reads it: every member present. The contracts mark all output members
 * optional; a test that reads one the handler left out fails where it reads it.
 */
export type Answer<T> = T extends Date ? T : T extends (infer U)[] ? Answer<U>[] : T extends object ? { [K in keyof T]-?: Answer<T[K]> } : T;

export const HARNESS_CTX: RequestContext = { requestId: 'r', region: 'us-east-1', accountId: '000000000000', accessKeyId: 'AK', now: new Date() };

export function elbv2Api(options: { lbBindIp?: string } = {}) {
  const store = new MemoryStore(silentLogger);
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const { handlers } = elbv2Service({ store, clock, lbBindIp: options.lbBindIp, portAvailable: async () => true });
  /**
   * Inputs are plain objects, not the contract's input types: tests send what the wire
   * protocol would refuse (`Port: '1e3'`) to check that the handlers refuse it too.
   * Handler errors become rejections, as the gateway turns them into error responses.
   */
  const call = async <K extends keyof Operations>(operation: K, input: object): Promise<Answer<Operations[K]['output']>> => {
    const handler = handlers[operation];
    if (!handler) throw new Error(`ELBv2 has no handler for ${operation}`);
    return (await callHandler(handler, input, HARNESS_CTX)) as Answer<Operations[K]['output']>;
  };
  return { store, clock, call };
}
