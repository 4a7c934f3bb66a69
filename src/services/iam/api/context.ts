/** What IAM's handlers need, and who is calling. */
import { Clock } from '../../../platform/clock.js';
import { RequestContext } from '../../../protocol/service.js';
import { ReadTx, StoredRecord, Store } from '../../../state/store.js';
import { Randomness } from '../domain/ids.js';
import { isoSeconds } from '../domain/principals.js';
import { AccessKeyDoc, KIND, SessionDoc, UserDoc } from '../domain/records.js';

export interface IamDeps {
  store: Store;
  clock: Clock;
  random: Randomness;
  /** The account root's access key id: root calls GetUser and ListAccessKeys for itself. */
  rootAccessKeyId: string;
}

/** Who signed the request, as IAM's "for the caller" operations (GetUser, CreateAccessKey…) see it. */
export type Caller =
  | { type: 'root' }
  | { type: 'user'; user: StoredRecord<UserDoc> }
  | { type: 'role' };

export function callerOf(tx: ReadTx, ctx: RequestContext): Caller {
  const key = tx.get<AccessKeyDoc>(KIND.accessKey, ctx.accessKeyId)?.doc;
  if (key) {
    const user = tx.get<UserDoc>(KIND.user, key.userKey);
    return user ? { type: 'user', user } : { type: 'role' };
  }
  const subject = tx.get<SessionDoc>(KIND.session, ctx.accessKeyId)?.doc.subject;
  if (subject?.type === 'role') return { type: 'role' };
  if (subject?.type === 'user') {
    const user = tx.get<UserDoc>(KIND.user, subject.userKey);
    return user ? { type: 'user', user } : { type: 'role' };
  }
  return { type: 'root' };
}

/** The time a request happened, to the second (IAM's CreateDate). */
export const stamp = (ctx: RequestContext) => isoSeconds(ctx.now);
