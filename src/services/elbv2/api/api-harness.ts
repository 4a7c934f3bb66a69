/**
 * Test support: the ELBv2 API on the memory store, called as the gateway calls it (one
 * account and region), each answer typed by its operation's contract.
 */
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { Operations } from '../../../protocol/generated/elbv2.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { elbv2Service } from './provider.js';
import { handlerCaller } from '../../../protocol/handler-harness.js';
import { CertificateStore } from '../../acm/domain/ports.js';

export type { Answer } from '../../../protocol/handler-harness.js';

export const HARNESS_CTX: RequestContext = { requestId: 'r', region: 'us-east-1', accountId: '000000000000', accessKeyId: 'AK', now: new Date() };

export function elbv2Api(options: { lbBindIp?: string; certificates?: CertificateStore } = {}) {
  const store = new MemoryStore(silentLogger);
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const { handlers } = elbv2Service({ store, clock, lbBindIp: options.lbBindIp, portAvailable: async () => true, certificates: options.certificates });
  const { call } = handlerCaller<Operations>('ELBv2', handlers, () => HARNESS_CTX);
  return { store, clock, call };
}
