/**
 * Scheduled actions in the Store, and when each runs next. Beside each action that will run
 * again lies a `due` record keyed `<next run, ISO>|<action id>`, so the scheduler reads the
 * due ones from the start of one ordered list and never scans the rest.
 */
import { ReadTx, StoredRecord, Tx } from '../../../state/store.js';
import { nextRun, parseSchedule } from './schedule.js';
import { childPrefix, DueDoc, KIND, ScheduledActionDoc, timedId } from './records.js';

export function scheduledActionsOf(tx: ReadTx, targetKey: string): StoredRecord<ScheduledActionDoc>[] {
  return tx.list<ScheduledActionDoc>(KIND.scheduledAction, { prefix: childPrefix(targetKey) });
}

/** The action's next run strictly after `after` (ISO), or undefined when it has none. */
export function nextRunOf(doc: ScheduledActionDoc, after: Date): string | undefined {
  const schedule = parseSchedule(doc.Schedule);
  const window = {
    created: new Date(doc.CreationTime),
    ...(doc.StartTime ? { start: new Date(doc.StartTime) } : {}),
    ...(doc.EndTime ? { end: new Date(doc.EndTime) } : {}),
  };
  return schedule && nextRun(schedule, doc.Timezone, window, after)?.toISOString();
}

/** Writes the action and moves its due record to its (new) next run. */
export function saveScheduledAction(tx: Tx, id: string, doc: ScheduledActionDoc): void {
  const previous = tx.get<ScheduledActionDoc>(KIND.scheduledAction, id)?.doc;
  if (previous?.nextRun) tx.delete(KIND.due, timedId(previous.nextRun, id));
  tx.put<ScheduledActionDoc>(KIND.scheduledAction, id, doc);
  if (doc.nextRun) tx.put<DueDoc>(KIND.due, timedId(doc.nextRun, id), { actionId: id });
}

export function deleteScheduledAction(tx: Tx, record: StoredRecord<ScheduledActionDoc>): void {
  if (record.doc.nextRun) tx.delete(KIND.due, timedId(record.doc.nextRun, record.id));
  tx.delete(KIND.scheduledAction, record.id);
}

/** The due records up to `now`, oldest first, at most `limit`. */
export function dueBy(tx: ReadTx, now: Date, limit: number): StoredRecord<DueDoc>[] {
  const cutoff = now.toISOString();
  return tx.list<DueDoc>(KIND.due, { limit }).filter((r) => r.id.slice(0, r.id.indexOf('|')) <= cutoff);
}
