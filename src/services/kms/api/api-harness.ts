/**
 * Test support: the KMS API and the keyVault port on the memory store with a fixed master
 * key and a manual clock, called as the gateway calls them (one account and region), each
 * answer typed by its operation's contract.
 */
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { Operations } from '../../../protocol/generated/kms.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { KeyRing } from '../domain/keyring.js';
import { loadMasterKey } from '../domain/master-key.js';
import { INDEXES } from '../domain/records.js';
import { StoreKeyVault } from '../domain/vault.js';
import { kmsHandlers } from './provider.js';
import { decryptCheck } from './decrypt-check.js';
import { rootOnlyAuthorizer } from '../../../iam/authorizer.js';
import { handlerCaller } from '../../../protocol/handler-harness.js';

export type { Answer } from '../../../protocol/handler-harness.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const SCOPE = { accountId: ACCOUNT, region: REGION };
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

/** Every key is the account root's: it may use any key whose policy does not deny it. */
export const ROOT_ONLY = { authorizer: rootOnlyAuthorizer, credentials: { secretFor: () => 'secret' } };

export function kmsApi() {
  const store = new MemoryStore(silentLogger);
  for (const index of INDEXES) store.defineIndex(index);
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const ring = new KeyRing(loadMasterKey('/nonexistent/master.key', TEST_MASTER_KEY));
  const handlers = kmsHandlers({ store, clock, ring, callerArn: (ctx) => `arn:aws:iam::${ctx.accountId}:root` });
  const vault = new StoreKeyVault(store, ring, clock, decryptCheck(store, ROOT_ONLY, silentLogger));
  const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ requestId: 'r', region: REGION, accountId: ACCOUNT, accessKeyId: 'AKIAROOT', now: clock.now(), ...over });
  const { call, failure } = handlerCaller<Operations>('KMS', handlers, ctx);
  const newKey = async (input: object = {}) => (await call('CreateKey', input)).KeyMetadata;
  return { store, clock, ring, vault, ctx, call, failure, newKey };
}

export type KmsApi = ReturnType<typeof kmsApi>;
