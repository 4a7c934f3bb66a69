/**
 * Test support: the Secrets Manager API on the memory store with the fake key vault,
 * called as the gateway calls it (one account, us-east-1), each answer typed by its
 * operation's contract.
 */
import { randomInt } from 'node:crypto';
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { Operations } from '../../../protocol/generated/secretsmanager.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { fakeKeyVault } from '../domain/key-vault-fake.js';
import { INDEXES } from '../domain/records.js';
import { ReadCheck } from './context.js';
import { secretsManagerHandlers } from './provider.js';
import { handlerCaller } from '../../../protocol/handler-harness.js';

export type { Answer } from '../../../protocol/handler-harness.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const place = { region: REGION, accountId: ACCOUNT };

/** A ClientRequestToken as the SDKs make them: a UUID. */
let serial = 0;
export const token = () => `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`;

export function smApi(options: { mayRead?: ReadCheck } = {}) {
  const store = new MemoryStore(silentLogger);
  for (const index of INDEXES) store.defineIndex(index);
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const vault = fakeKeyVault();
  const handlers = secretsManagerHandlers({ store, vault, randomInt: (max) => randomInt(max), mayRead: options.mayRead ?? (() => undefined) });
  const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ requestId: 'r', region: REGION, accountId: ACCOUNT, accessKeyId: 'AKIAROOT', now: clock.now(), ...over });
  const { call, failure } = handlerCaller<Operations>('Secrets Manager', handlers, ctx, (err) => `${err.code}: ${err.message}`);
  /** A secret with a string value; its ARN. */
  const secret = async (name: string, value = 'v1', extra: object = {}) => (await call('CreateSecret', { Name: name, SecretString: value, ClientRequestToken: token(), ...extra })).ARN;
  return { store, clock, vault, call, failure, secret, ctx };
}
