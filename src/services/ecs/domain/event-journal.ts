/**
 * The ECS event journal: the last JOURNAL_CAP events of each region and account, kept in
 * the state store (kind `ecs/event`, id `<region>/<account>/<sequence, 12 digits>`) so they
 * survive a restart. Berth has no EventBridge yet; the operator reads them with `berth events`.
 */
import { ReadTx, Tx } from '../../../state/store.js';
import { EcsEvent } from './events.js';
import { scopePrefix, Scope } from './names.js';

export const EVENT_KIND = 'ecs/event';
export const JOURNAL_CAP = 10_000;

const seqKey = (scope: Scope, seq: number) => `${scopePrefix(scope)}${String(seq).padStart(12, '0')}`;

/** Appends events of one scope and forgets those beyond the cap, oldest first. */
export function appendEvents(tx: Tx, scope: Scope, events: EcsEvent[], cap = JOURNAL_CAP): void {
  let last = 0;
  for (const event of events) {
    last = tx.nextSequence(`ecs-events/${scopePrefix(scope)}`);
    tx.put(EVENT_KIND, seqKey(scope, last), event);
  }
  const oldestKept = seqKey(scope, last - cap + 1);
  // Ids order by sequence, so what is past the cap is always at the front.
  for (const r of tx.list(EVENT_KIND, { prefix: scopePrefix(scope), limit: events.length + 1 })) {
    if (r.id < oldestKept) tx.delete(EVENT_KIND, r.id);
  }
}

/** `cursor` is where the next page starts; `more`: the page was cut at its limit. */
export interface JournalPage { events: EcsEvent[]; cursor?: string; more: boolean }

/** Events of one scope after `cursor` (an id from an earlier page), at `since` or later. */
export function readEvents(tx: ReadTx, scope: Scope, options: { cursor?: string; since?: Date; limit: number }): JournalPage {
  const prefix = scopePrefix(scope);
  const after = options.cursor?.startsWith(prefix) ? options.cursor : undefined;
  const records = tx.list<EcsEvent>(EVENT_KIND, { prefix, after, limit: options.limit });
  const since = options.since?.getTime();
  return {
    events: records.map((r) => r.doc).filter((e) => since === undefined || Date.parse(e.time) >= since),
    cursor: records.at(-1)?.id ?? after,
    more: records.length === options.limit,
  };
}
