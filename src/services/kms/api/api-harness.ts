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

/** The contracts' timestamps (`Date | string | number`) and blobs (`Buffer | string`) as the handlers answer them. */
type Narrow<T> = [T] extends [Buffer | string] ? ([Buffer] extends [T] ? Buffer : T) : [T] extends [Date | string | number] ? ([Date] extends [T] ? Date : T) : T;

/** An answer as a test reads it: every member present (a test reading one the handler left out fails there). */
export type Answer<T> = Narrow<T> extends Date | Buffer ? Narrow<T> : T extends (infer U)[] ? Answer<U>[] : T extends object ? { [K in keyof T]-?: Answer<Exclude<T[K], undefined>> } : T;

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const SCOPE = { accountId: ACCOUNT, region: REGION };
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

export function kmsApi() {
  const store = new MemoryStore(silentLogger);
  for (const index of INDEXES) store.defineIndex(index);
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const ring = new KeyRing(loadMasterKey('/nonexistent/master.key', TEST_MASTER_KEY));
  const handlers = kmsHandlers({ store, clock, ring, callerArn: (ctx) => `arn:aws:iam::${ctx.accountId}:root` });
  const vault = new StoreKeyVault(store, ring, clock);
  const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ requestId: 'r', region: REGION, accountId: ACCOUNT, accessKeyId: 'AKIAROOT', now: clock.now(), ...over });
  /** Inputs are plain objects, not the contract's types, so tests can send what the wire would refuse. */
  const call = async <K extends keyof Operations>(operation: K, input: object, over: Partial<RequestContext> = {}): Promise<Answer<Operations[K]['output']>> => {
    const handler = handlers[operation] as ((input: object, ctx: RequestContext) => unknown) | undefined;
    if (!handler) throw new Error(`KMS has no handler for ${operation}`);
    return (await handler(input, ctx(over))) as Answer<Operations[K]['output']>;
  };
  /** The error an operation fails with: `code(status): message`. */
  const failure = async (operation: keyof Operations, input: object, over: Partial<RequestContext> = {}): Promise<string> => {
    try {
      await call(operation, input, over);
    } catch (e) {
      const err = e as { code?: string; message: string; status?: number };
      return `${err.code}(${err.status}): ${err.message}`;
    }
    throw new Error(`${operation} succeeded`);
  };
  const newKey = async (input: object = {}) => (await call('CreateKey', input)).KeyMetadata;
  return { store, clock, ring, vault, ctx, call, failure, newKey };
}

export type KmsApi = ReturnType<typeof kmsApi>;
