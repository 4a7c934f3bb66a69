/**
 * Polls HAProxy's `show stat` about once a second and records, per registered target,
 * its AWS health (KIND.targetHealth, written only on change so watchers see state
 * transitions) and request counters (KIND.targetMetrics). It also ends draining: a target
 * is removed once its deregistration delay has passed or no request to it remains.
 */
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { TargetDoc, TargetGroupDoc, TargetHealthDoc, TargetMetricsDoc } from '../../services/elbv2/docs.js';
import { describeHealth } from '../../services/elbv2/health.js';
import { loadBalancersUsing } from '../../services/elbv2/lookups.js';
import { KIND, targetKey } from '../../services/elbv2/names.js';
import { removeTarget } from '../../services/elbv2/targets-api.js';
import { Store, Tx } from '../../state/store.js';
import { LoadBalancerManager } from './manager.js';
import { cliCommand } from './runtime-api.js';
import { observedHealth, parseStat, ServerStat } from './stats.js';

/** Draining ends early only after this long with no session, so a request just sent is not cut. */
const MIN_DRAIN_MS = 1000;

export class HealthReader {
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly store: Store, private readonly manager: LoadBalancerManager, private readonly clock: Clock, private readonly log: Logger, private readonly intervalMs = 1000) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (!this.manager.process.isAlive()) {
        this.manager.restart();
        return;
      }
      const stats = parseStat(await cliCommand(this.manager.process.adminSocket, 'show stat'));
      this.record(stats);
    } catch (err) {
      this.log.debug('health reader could not read HAProxy stats', { err });
    } finally {
      this.busy = false;
    }
  }

  private record(stats: ServerStat[]): void {
    const byServer = new Map(stats.map((s) => [`${s.backend}/${s.server}`, s]));
    const byTarget = new Map<string, { primary?: ServerStat; all: ServerStat[] }>();
    for (const [id, entry] of this.manager.servers()) {
      const stat = byServer.get(id);
      if (!stat) continue;
      const t = byTarget.get(entry.targetKey) ?? { all: [] };
      if (!entry.backup) t.primary = stat;
      t.all.push(stat);
      byTarget.set(entry.targetKey, t);
    }
    const now = this.clock.now();
    this.store.transact((tx) => {
      const groups = new Map<string, { tg: TargetGroupDoc; inUse: boolean }>();
      for (const { doc: t } of tx.list<TargetDoc>(KIND.target)) {
        let g = groups.get(t.targetGroupArn);
        if (!g) {
          const tg = tx.get<TargetGroupDoc>(KIND.targetGroup, t.targetGroupArn)?.doc;
          if (!tg) continue;
          g = { tg, inUse: loadBalancersUsing(tx, tg.TargetGroupArn).length > 0 };
          groups.set(t.targetGroupArn, g);
        }
        const key = targetKey(t.targetGroupArn, t.id, t.port);
        const seen = byTarget.get(key);
        if (t.drainingSince && drainDone(t, seen?.all ?? [], now)) {
          removeTarget(tx, key);
          continue;
        }
        this.writeHealth(tx, key, t, g, seen?.primary, now);
        if (seen) this.writeMetrics(tx, key, t, seen.all, now);
      }
    });
  }

  private writeHealth(tx: Tx, key: string, t: TargetDoc, g: { tg: TargetGroupDoc; inUse: boolean }, stat: ServerStat | undefined, now: Date): void {
    const previous = tx.get<TargetHealthDoc>(KIND.targetHealth, key)?.doc;
    // Without a stat row (HAProxy reloading, server not added yet) the last observation stands.
    const observed = stat ? observedHealth(stat, previous) : previous;
    const view = describeHealth(t, g.inUse, g.tg.HealthCheckEnabled, observed);
    if (previous && previous.state === view.state && previous.reason === view.reason && previous.description === view.description) return;
    tx.put<TargetHealthDoc>(KIND.targetHealth, key, { targetGroupArn: t.targetGroupArn, id: t.id, port: t.port, ...view, updatedAt: now.toISOString() });
  }

  private writeMetrics(tx: Tx, key: string, t: TargetDoc, stats: ServerStat[], now: Date): void {
    const sum = (f: (s: ServerStat) => number) => stats.reduce((a, s) => a + f(s), 0);
    const next = {
      requests: sum((s) => s.totalSessions),
      responseTimeMs: Math.max(...stats.map((s) => s.responseTimeMs)),
      http2xx: sum((s) => s.http[0]), http3xx: sum((s) => s.http[1]), http4xx: sum((s) => s.http[2]), http5xx: sum((s) => s.http[3]),
      currentSessions: sum((s) => s.currentSessions),
    };
    const previous = tx.get<TargetMetricsDoc>(KIND.targetMetrics, key)?.doc;
    if (previous && Object.entries(next).every(([k, v]) => previous[k as keyof typeof next] === v)) return;
    tx.put<TargetMetricsDoc>(KIND.targetMetrics, key, { targetGroupArn: t.targetGroupArn, id: t.id, port: t.port, ...next, updatedAt: now.toISOString() });
  }
}

function drainDone(t: TargetDoc, stats: ServerStat[], now: Date): boolean {
  if (now.getTime() >= new Date(t.drainUntil!).getTime()) return true;
  const idle = stats.every((s) => s.currentSessions === 0);
  return idle && now.getTime() - new Date(t.drainingSince!).getTime() >= MIN_DRAIN_MS;
}
