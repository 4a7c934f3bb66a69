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
import { handlerCaller } from '../../../protocol/handler-harness.js';

export type { Answer } from '../../../protocol/handler-harness.js';

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
  const { call, failure } = handlerCaller<Operations>('IAM', handlers, ctx);
  return { store, clock, directory, call, failure, ctx };
}

export type IamApi = ReturnType<typeof iamApi>;
