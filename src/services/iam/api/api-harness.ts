/**
 * Test support: the IAM API and its directory on the memory store, called as the gateway
 * calls it (one account), each answer typed by its operation's contract.
 */
import { ManualClock } from '../../../platform/clock.js';
import { silentLogger } from '../../../platform/log.js';
import { Operations } from '../../../protocol/generated/iam.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { StoreDirectory } from '../domain/directory.js';
import { cryptoRandom } from '../domain/ids.js';
import { INDEXES } from '../domain/records.js';
import { iamHandlers } from './provider.js';

/** An answer as a test reads it: every member present (a test reading one the handler left out fails there). */
export type Answer<T> = T extends Date ? T : T extends (infer U)[] ? Answer<U>[] : T extends object ? { [K in keyof T]-?: Answer<T[K]> } : T;

export const ACCOUNT = '123456789012';
export const ROOT_KEY = 'AKIAROOTROOTROOTROOT';

export const TRUST_EC2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
export const ALLOW_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
export const allow = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

export function iamApi() {
  const store = new MemoryStore(silentLogger);
  for (const index of INDEXES) store.defineIndex(index);
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const handlers = iamHandlers({ store, clock, random: cryptoRandom, rootAccessKeyId: ROOT_KEY });
  const directory = new StoreDirectory(store, clock);
  const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ requestId: 'r', region: 'us-east-1', accountId: ACCOUNT, accessKeyId: ROOT_KEY, now: clock.now(), ...over });
  /**
   * Inputs are plain objects, not the contract's input types, so tests can send what the
   * wire would refuse. Handler errors become rejections, as the gateway turns them into error responses.
   */
  const call = async <K extends keyof Operations>(operation: K, input: object, over: Partial<RequestContext> = {}): Promise<Answer<Operations[K]['output']>> => {
    const handler = handlers[operation] as ((input: object, ctx: RequestContext) => unknown) | undefined;
    if (!handler) throw new Error(`IAM has no handler for ${operation}`);
    return (await handler(input, ctx(over))) as Answer<Operations[K]['output']>;
  };
  /** The error an operation fails with: `code: message`. */
  const failure = async (operation: keyof Operations, input: object, over: Partial<RequestContext> = {}): Promise<string> => {
    try {
      await call(operation, input, over);
    } catch (e) {
      const err = e as { code?: string; message: string; status?: number };
      return `${err.code}(${err.status}): ${err.message}`;
    }
    throw new Error(`${operation} succeeded`);
  };
  return { store, clock, directory, call, failure, ctx };
}

export type IamApi = ReturnType<typeof iamApi>;
