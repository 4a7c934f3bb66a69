/**
 * Polls HAProxy's `show stat` about once a second. Per registered target it records its
 * AWS health in the document store (KIND.targetHealth, written only on change, so
 * watchers see state transitions and nothing else) and ends draining: a target is removed
 * once its deregistration delay has passed or no request to it remains. What the targets
 * served goes to the metrics store as ELB's per-target-group series (target-metrics.ts):
 * counters change with every request and must never wake a controller. They are put at the
 * resolution Berth's writers use for the configured minute (1 s when it is shortened).
 */
import { Clock } from '../../platform/clock.js';
import { Logger } from '../../platform/log.js';
import { Datum, MetricsStore, StorageResolution, writerResolution } from '../../metrics/store.js';
import { TargetDoc, TargetGroupDoc, TargetHealthDoc, TargetState } from '../../services/elbv2/domain/docs.js';
import { describeHealth } from '../../services/elbv2/domain/health.js';
import { loadBalancersUsing } from '../../services/elbv2/domain/lookups.js';
import { KIND, targetKey } from '../../services/elbv2/domain/names.js';
import { removeTarget } from '../../services/elbv2/domain/targets-api.js';
import { Store, Tx } from '../../state/store.js';
import { HaproxyProcess } from './haproxy-process.js';
import { LoadBalancerManager } from './manager.js';
import { cliCommand } from './runtime-api.js';
import { observedHealth, parseStat, ServerStat } from './stats.js';
import { CounterDeltas, GroupTally } from './target-metrics.js';

/** Draining ends early only after this long with no session, so a request just sent is not cut. */
const MIN_DRAIN_MS = 1000;

/** Where per-target counters lived before the metrics store; an old data dir's are dropped at start. */
const LEGACY_METRICS_KIND = 'elbv2/target-metrics';

/** The parts of the manager the reader uses. */
export type ReaderManager = Pick<LoadBalancerManager, 'servers' | 'restart' | 'counterEpoch'> & { process: Pick<HaproxyProcess, 'isAlive' | 'adminSocket'> };

interface TargetStats {
  primary?: ServerStat;
  all: { id: string; stat: ServerStat }[];
}

interface Group {
  tg: TargetGroupDoc;
  tally: GroupTally;
}

export interface HealthReaderOptions {
  /** CloudWatch's minute in seconds (60; shorter to compress time). */
  minuteSeconds?: number;
  intervalMs?: number;
}

export class HealthReader {
  private timer?: NodeJS.Timeout;
  private busy = false;
  private readonly deltas = new CounterDeltas();
  private metricsFailing = false;
  private readonly intervalMs: number;
  private readonly resolution: StorageResolution;

  constructor(
    private readonly store: Store,
    private readonly metrics: MetricsStore,
    private readonly manager: ReaderManager,
    private readonly clock: Clock,
    private readonly log: Logger,
    options: HealthReaderOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.resolution = writerResolution(options.minuteSeconds ?? 60);
  }

  start(): void {
    this.store.transact((tx) => {
      for (const r of tx.list(LEGACY_METRICS_KIND)) tx.delete(LEGACY_METRICS_KIND, r.id);
    });
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
      const epoch = this.manager.counterEpoch;
      const stats = parseStat(await cliCommand(this.manager.process.adminSocket, 'show stat'));
      // A read that overlapped a (re)start or reload may have come from either generation of workers.
      const countable = epoch % 2 === 0 && epoch === this.manager.counterEpoch;
      this.observe(stats, countable ? epoch : undefined);
    } catch (err) {
      this.log.debug('health reader could not read HAProxy stats', { err });
    } finally {
      this.busy = false;
    }
  }

  /** Records one reading; its counters are used only when `counterEpoch` names the generation that answered. */
  observe(stats: ServerStat[], counterEpoch?: number): void {
    const byTarget = this.byTarget(stats);
    const now = this.clock.now();
    if (counterEpoch !== undefined) this.deltas.begin(counterEpoch);
    const groups = this.store.transact((tx) => this.visitTargets(tx, byTarget, now, counterEpoch !== undefined));
    if (counterEpoch !== undefined) this.deltas.end();
    this.putMetrics([...groups.values()].flatMap((g) => g.tally.datapoints(now, this.resolution)));
  }

  private byTarget(stats: ServerStat[]): Map<string, TargetStats> {
    const byServer = new Map(stats.map((s) => [`${s.backend}/${s.server}`, s]));
    const byTarget = new Map<string, TargetStats>();
    for (const [id, entry] of this.manager.servers()) {
      const stat = byServer.get(id);
      if (!stat) continue;
      const t = byTarget.get(entry.targetKey) ?? { all: [] };
      if (!entry.backup) t.primary = stat;
      t.all.push({ id, stat });
      byTarget.set(entry.targetKey, t);
    }
    return byTarget;
  }

  private visitTargets(tx: Tx, byTarget: Map<string, TargetStats>, now: Date, counting: boolean): Map<string, Group> {
    const groups = new Map<string, Group>();
    for (const { doc: t } of tx.list<TargetDoc>(KIND.target)) {
      const g = groupOf(tx, groups, t.targetGroupArn);
      if (!g) continue;
      const key = targetKey(t.targetGroupArn, t.id, t.port);
      const seen = byTarget.get(key);
      if (counting) for (const s of seen?.all ?? []) g.tally.add(this.deltas.take(s.id, s.stat));
      if (t.drainingSince && drainDone(t, seen?.all.map((s) => s.stat) ?? [], now)) {
        removeTarget(tx, key);
        continue;
      }
      g.tally.countHealth(writeHealth(tx, key, t, g, seen?.primary, now));
    }
    return groups;
  }

  private putMetrics(data: Datum[]): void {
    if (data.length === 0) return;
    try {
      this.metrics.put(data);
      this.metricsFailing = false;
    } catch (err) {
      // Once per run of failures: health must go on being recorded, and a full disk would otherwise log every second.
      if (!this.metricsFailing) this.log.warn('load balancer metrics could not be recorded', { err });
      this.metricsFailing = true;
    }
  }
}

function groupOf(tx: Tx, groups: Map<string, Group>, arn: string): Group | undefined {
  const known = groups.get(arn);
  if (known) return known;
  const tg = tx.get<TargetGroupDoc>(KIND.targetGroup, arn)?.doc;
  if (!tg) return undefined;
  const g = { tg, tally: new GroupTally(arn, loadBalancersUsing(tx, arn)) };
  groups.set(arn, g);
  return g;
}

/** Writes the target's health when it changed; returns it. */
function writeHealth(tx: Tx, key: string, t: TargetDoc, g: Group, stat: ServerStat | undefined, now: Date): TargetState {
  const previous = tx.get<TargetHealthDoc>(KIND.targetHealth, key)?.doc;
  // Without a stat row (HAProxy reloading, server not added yet) the last observation stands.
  const observed = stat ? observedHealth(stat, previous) : previous;
  const view = describeHealth(t, g.tally.loadBalancerArns.length > 0, g.tg.HealthCheckEnabled, observed);
  const same = previous && previous.state === view.state && previous.reason === view.reason && previous.description === view.description;
  if (!same) tx.put<TargetHealthDoc>(KIND.targetHealth, key, { targetGroupArn: t.targetGroupArn, id: t.id, port: t.port, ...view, updatedAt: now.toISOString() });
  return view.state;
}

function drainDone(t: TargetDoc, stats: ServerStat[], now: Date): boolean {
  if (now.getTime() >= new Date(t.drainUntil!).getTime()) return true;
  const idle = stats.every((s) => s.currentSessions === 0);
  return idle && now.getTime() - new Date(t.drainingSince!).getTime() >= MIN_DRAIN_MS;
}
