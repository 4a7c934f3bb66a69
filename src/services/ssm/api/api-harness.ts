/**
 * Test support: Parameter Store's API on the memory store with the fake KeyVault, called as
 * the gateway calls it (one account and Region), each answer typed by its contract.
 */
import { silentLogger } from '../../../platform/log.js';
import { Operations } from '../../../protocol/generated/ssm.js';
import { RequestContext } from '../../../protocol/service.js';
import { MemoryStore } from '../../../state/memory-store.js';
import { PatternMatcher } from '../domain/allowed-pattern.js';
import { FakeKeyVault } from '../domain/fake-key-vault.js';
import { StoreParameterReader } from '../domain/reader.js';
import { INDEXES } from '../domain/records.js';
import { ssmHandlers } from './provider.js';
import { handlerCaller } from '../../../protocol/handler-harness.js';

export type { Answer } from '../../../protocol/handler-harness.js';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const SCOPE = { region: REGION, accountId: ACCOUNT };

export function ssmApi() {
  const store = new MemoryStore(silentLogger);
  for (const index of INDEXES) store.defineIndex(index);
  const vault = new FakeKeyVault();
  const handlers = ssmHandlers({ store, vault, patterns: new PatternMatcher({ timeoutMs: 500, maxWorkers: 2 }) });
  let now = Date.parse('2026-01-01T00:00:00Z');
  const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({ requestId: 'req-1', region: REGION, accountId: ACCOUNT, accessKeyId: 'AKIAROOTROOTROOTROOT', now: new Date((now += 1000)), ...over });
  const { call, failure } = handlerCaller<Operations>('SSM', handlers, ctx, (err) => `${err.code}: ${err.message}`);
  const put = (Name: string, Value: string, more: object = {}) => call('PutParameter', { Name, Value, Type: 'String', ...more });
  return { store, vault, call, failure, put, reader: new StoreParameterReader(store, vault) };
}

export type SsmApi = ReturnType<typeof ssmApi>;
