/**
 * Retention, enforced by a sweep on the injected clock: at start (catching up after downtime)
 * and then every ten minutes, events older than their group's `retentionInDays` are deleted.
 * AWS deletes within 72 hours of expiry; Berth within ten minutes. The same sweep deletes
 * the events of groups that are gone (a DeleteLogGroup that stopped between the group and
 * its events), whose keys no group names any more.
 */
import { Clock } from '../../../platform/clock.js';
import { Logger } from '../../../platform/log.js';
import { PeriodicTask } from '../../../platform/periodic.js';
import { ReadTx } from '../../../state/store.js';
import { LogEventStore } from './events/event-store.js';
import { allGroups } from './groups.js';

const DAY_MS = 86_400_000;
const INTERVAL_MS = 10 * 60_000;

export interface SweepResult {
  expired: number;
  orphanGroups: number;
}

export function sweepLogs(store: ReadTx, events: LogEventStore, now: Date): SweepResult {
  const result: SweepResult = { expired: 0, orphanGroups: 0 };
  const live = new Set<string>();
  for (const { group } of allGroups(store)) {
    live.add(group.events);
    if (group.retentionInDays !== undefined) result.expired += events.expire(group.events, now.getTime() - group.retentionInDays * DAY_MS);
  }
  for (const key of events.groups()) {
    if (live.has(key)) continue;
    events.deleteGroup(key);
    result.orphanGroups++;
  }
  return result;
}

export class RetentionSweeper extends PeriodicTask {
  constructor(private readonly store: ReadTx, private readonly events: LogEventStore, private readonly clock: Clock, log: Logger, intervalMs = INTERVAL_MS) {
    super(log, intervalMs, 'log retention sweep failed');
  }

  protected work(): void {
    const result = this.sweep();
    if (result.expired + result.orphanGroups > 0) this.log.debug('log retention swept', { ...result });
  }

  sweep(): SweepResult {
    return sweepLogs(this.store, this.events, this.clock.now());
  }
}
