/**
 * Runs scheduled actions when they are due, on the injected clock: every few seconds it
 * reads the due records up to now and, for each action, sets the target's new minimum and
 * maximum (an activity "Setting min capacity to … and max capacity to …"), brings the
 * desired count within them (a second activity), and moves the action to its next run. A
 * run missed while Berth was down happens once, late; further missed runs are not made up.
 * A target with ScheduledScalingSuspended skips its actions' runs. Each pass also drops
 * activities older than six weeks.
 */
import { Clock } from '../../../platform/clock.js';
import { Logger } from '../../../platform/log.js';
import { Store, StoredRecord, Tx } from '../../../state/store.js';
import { activityText, expiredActivities, recordActivity, removeActivity } from './activities.js';
import { boundsAfter, boundsPhrase } from './capacity.js';
import { DueDoc, KIND, ScheduledActionDoc, TargetDoc, targetId, timedId } from './records.js';
import { ServiceCapacity } from './scaling.js';
import { dueBy, nextRunOf, saveScheduledAction } from './scheduled-actions.js';

export const SCHEDULER_INTERVAL_MS = 5_000;
const BATCH = 100;
const EXPIRY_BATCH = 1_000;

export class ScheduledScaling {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly capacity: ServiceCapacity,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  start(intervalMs = SCHEDULER_INTERVAL_MS): void {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass: the actions due by now (at most one batch; the rest wait for the next pass). */
  tick(): void {
    const now = this.clock.now();
    for (const due of dueBy(this.store, now, BATCH)) {
      try {
        this.store.transact((tx) => this.runDue(tx, due, now));
      } catch (err) {
        this.log.error('a scheduled action failed to run', { err, action: due.doc.actionId });
        this.skip(due, now);
      }
    }
    // Read first: a pass with nothing to do writes nothing.
    const expired = expiredActivities(this.store, now, EXPIRY_BATCH);
    if (expired.length === 0) return;
    try {
      this.store.transact((tx) => expired.forEach((r) => removeActivity(tx, r)));
    } catch (err) {
      this.log.error('expiring scaling activities failed', { err });
    }
  }

  private runDue(tx: Tx, due: StoredRecord<DueDoc>, now: Date): void {
    const action = this.current(tx, due);
    if (!action) return;
    const target = tx.get<TargetDoc>(KIND.target, targetId(action.doc.scope, action.doc));
    if (target && !target.doc.SuspendedState.ScheduledScalingSuspended) this.run(tx, target, action.doc, now);
    this.advance(tx, action, now);
  }

  /** The action a due record is for, when it is still its next run (else the record is dropped). */
  private current(tx: Tx, due: StoredRecord<DueDoc>): StoredRecord<ScheduledActionDoc> | undefined {
    const action = tx.get<ScheduledActionDoc>(KIND.scheduledAction, due.doc.actionId);
    if (action?.doc.nextRun && timedId(action.doc.nextRun, action.id) === due.id) return action;
    tx.delete(KIND.due, due.id);
    return undefined;
  }

  /** Runs from now on: a run missed while Berth was down is not made up. */
  private advance(tx: Tx, action: StoredRecord<ScheduledActionDoc>, now: Date): void {
    saveScheduledAction(tx, action.id, { ...action.doc, nextRun: nextRunOf(action.doc, now) });
  }

  /** A run that failed is skipped, so one broken action cannot hold up the rest. */
  private skip(due: StoredRecord<DueDoc>, now: Date): void {
    try {
      this.store.transact((tx) => {
        const action = this.current(tx, due);
        if (action) this.advance(tx, action, now);
      });
    } catch (err) {
      this.log.error('skipping a scheduled action failed', { err, action: due.doc.actionId });
    }
  }

  private run(tx: Tx, record: StoredRecord<TargetDoc>, action: ScheduledActionDoc, now: Date): void {
    const target = record.doc;
    const change = action.ScalableTargetAction;
    const phrase = boundsPhrase(change);
    const facts = { Description: activityText.settingBounds(phrase), Cause: activityText.scheduledCause(action.ScheduledActionName), ended: false };
    const bounds = boundsAfter({ min: target.MinCapacity, max: target.MaxCapacity }, change);
    if (!bounds) {
      const reason = 'Minimum capacity cannot be greater than maximum capacity';
      recordActivity(tx, target, now, { ...facts, StatusCode: 'Failed', StatusMessage: activityText.boundsFailed(phrase, reason) });
      return;
    }
    const updated: TargetDoc = { ...target, MinCapacity: bounds.min, MaxCapacity: bounds.max };
    tx.put<TargetDoc>(KIND.target, record.id, updated);
    recordActivity(tx, updated, now, { ...facts, StatusCode: 'Successful', StatusMessage: activityText.boundsSet(phrase) });
    this.capacity.settle(tx, updated, now);
  }
}
