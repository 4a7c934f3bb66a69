/**
 * What KMS's handlers need, and the key lookup every key operation starts with: the key
 * the request names (any reference), checked for the operation's key state rule and, for
 * an AWS managed key, for what the KMS API may do with it.
 */
import { Clock } from '../../../platform/clock.js';
import { scopeOf } from '../../../platform/aws/scope.js';
import { RequestContext } from '../../../protocol/service.js';
import { ReadTx, StoredRecord, Store } from '../../../state/store.js';
import { checkKeyManager, checkKeyState, KeyUse } from '../domain/key-rules.js';
import { KeyRing } from '../domain/keyring.js';
import { resolveKey } from '../domain/lookups.js';
import { KeyDoc } from '../domain/records.js';

export interface KmsDeps {
  store: Store;
  clock: Clock;
  ring: KeyRing;
  /** Who signed the request, as AWS's access-denied messages name them. */
  callerArn(ctx: RequestContext): string;
}

/** The key `ref` names, allowed for `operation` (named as its IAM action) and `use`. */
export function keyFor(deps: KmsDeps, tx: ReadTx, ctx: RequestContext, ref: string, operation: string, use: KeyUse): StoredRecord<KeyDoc> {
  const key = resolveKey(tx, scopeOf(ctx), ref);
  checkKeyManager(key.doc, operation, deps.callerArn(ctx));
  checkKeyState(key.doc, use);
  return key;
}
