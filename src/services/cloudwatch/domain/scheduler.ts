/**
 * Evaluates alarms on the injected clock: every alarm once a minute (the configured minute),
 * alarms with periods under a minute every 10 seconds (or every period, if shorter), as AWS
 * evaluates high-resolution alarms; an alarm whose configuration changed is evaluated at the
 * next tick. Each evaluation reads the evaluation range from the metrics store (periods
 * ending at the last whole evaluation interval), decides with ./evaluation.ts and, when the
 * state changes, moves the alarm (./alarm-book.ts); an alarm that stays in ALARM runs its
 * Auto Scaling actions again. Once an hour, history older than 30 days is deleted.
 */
import { Logger } from '../../../platform/log.js';
import { Clock } from '../../../platform/clock.js';
import { MetricsStore } from '../../../metrics/store.js';
import { Store, StoredRecord } from '../../../state/store.js';
import { AlarmBook } from './alarm-book.js';
import { evaluateSlots, evaluationRange, nextState, Slot } from './evaluation.js';
import { fetchStat } from './fetch.js';
import { HISTORY_RETENTION_MS } from './history.js';
import { checkQueries, runQueries } from './metric-query.js';
import { breachTest, stateReason, stateReasonData } from './reasons.js';
import { AlarmDoc, historyTime, KIND, scopeOfAlarm } from './records.js';
import { seriesKey } from './series-key.js';
import { isLowSampleCount } from './statistics.js';
import { parseExtendedStatistic } from '../../../metrics/extended-statistics.js';

export interface SchedulerDeps {
  store: Store;
  metrics: MetricsStore;
  clock: Clock;
  log: Logger;
  /** The configured minute, in seconds (60 outside tests). */
  minute: number;
  book: AlarmBook;
}

const SWEEP_EVERY_MS = 3600 * 1000;
const SWEEP_BATCH = 1000;

/** The alarm's period: its own, or that of the metric-math query it alarms on. */
function alarmPeriod(doc: AlarmDoc): number {
  if (doc.Period !== undefined) return doc.Period;
  const returning = doc.Metrics!.find((q) => q.ReturnData !== false)!;
  return returning.MetricStat?.Period ?? returning.Period ?? Math.min(...doc.Metrics!.flatMap((q) => (q.MetricStat ? [q.MetricStat.Period] : [])));
}

/** For a percentile alarm that ignores low sample counts, which datapoints it ignores. */
function lowSampleTest(doc: AlarmDoc): ((slot: Slot) => boolean) | undefined {
  const stat = doc.ExtendedStatistic !== undefined ? parseExtendedStatistic(doc.ExtendedStatistic) : undefined;
  if (!stat || doc.EvaluateLowSampleCountPercentile !== 'ignore') return undefined;
  return (slot) => slot.sampleCount !== undefined && isLowSampleCount(stat, slot.sampleCount);
}

/** Seconds between evaluations of an alarm of `period` seconds. */
function cadence(period: number, minute: number): number {
  return period < 60 ? Math.min(period, 10) : minute;
}

/**
 * Seconds from a moment until the alarm's first evaluation of only later datapoints is due:
 * its newest EvaluationPeriods periods, then the next evaluation. Periods are seconds even
 * under a shortened minute, as `slotsOf` reads them; only the cadence follows the minute.
 */
export function freshEvaluationSeconds(doc: AlarmDoc, minute: number): number {
  const period = alarmPeriod(doc);
  return period * doc.EvaluationPeriods + cadence(period, minute);
}

/** The evaluation range's periods, oldest first, with the datapoints the metric has. */
function slotsOf(metrics: MetricsStore, doc: AlarmDoc, end: number, minute: number, now: Date): Slot[] {
  const period = alarmPeriod(doc);
  const count = evaluationRange(doc.EvaluationPeriods);
  const start = end - count * period * 1000;
  const points = doc.Metrics ? mathPoints(metrics, doc, start, end, minute, now) : statPoints(metrics, doc, start, end, period);
  return Array.from({ length: count }, (_, k) => {
    const t = start + k * period * 1000;
    const p = points.get(t);
    return p ? { t, value: p.v, ...(p.sampleCount !== undefined ? { sampleCount: p.sampleCount } : {}) } : { t };
  });
}

type Points = Map<number, { v: number; sampleCount?: number }>;

/** An alarm reads the metrics of its own account and region. */
function statPoints(metrics: MetricsStore, doc: AlarmDoc, start: number, end: number, period: number): Points {
  const key = seriesKey(scopeOfAlarm(doc), doc, 'Dimensions');
  const fetched = fetchStat(metrics, { key, start: new Date(start), end: new Date(end), period, stat: (doc.Statistic ?? doc.ExtendedStatistic)!, unit: doc.Unit });
  return new Map(fetched.points.map((p) => [p.t, { v: p.value, sampleCount: p.sampleCount }]));
}

function mathPoints(metrics: MetricsStore, doc: AlarmDoc, start: number, end: number, minute: number, now: Date): Points {
  const results = runQueries(metrics, checkQueries(doc.Metrics!, 'Metrics', minute), { scope: scopeOfAlarm(doc), start: new Date(start), end: new Date(end), now, minute });
  return new Map((results[0]?.points ?? []).map((p) => [p.t, { v: p.v, sampleCount: p.sampleCount }]));
}

export class AlarmScheduler {
  private timer?: NodeJS.Timeout;
  /** Per alarm: when it was last evaluated and the configuration it had then. */
  private readonly evaluated = new Map<string, { at: number; configuredAt: string }>();
  private lastSweep = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  /** How often the scheduler looks for due alarms. */
  get tickMs(): number {
    return Math.min(10, this.deps.minute) * 1000;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Evaluates every due alarm as of the clock's now. */
  tick(): void {
    const now = this.deps.clock.now();
    const alarms = this.deps.store.list<AlarmDoc>(KIND.alarm);
    for (const record of alarms) {
      try {
        if (this.due(record, now)) this.evaluate(record, now);
      } catch (err) {
        this.deps.log.error('alarm evaluation failed', { alarm: record.id, err });
      }
    }
    // Deleted alarms are forgotten, so services that churn alarms do not grow the map.
    const live = new Set(alarms.map((r) => r.id));
    for (const id of this.evaluated.keys()) if (!live.has(id)) this.evaluated.delete(id);
    if (now.getTime() - this.lastSweep >= SWEEP_EVERY_MS) this.sweepHistory(now);
  }

  private due(record: StoredRecord<AlarmDoc>, now: Date): boolean {
    const last = this.evaluated.get(record.id);
    if (!last || last.configuredAt !== record.doc.AlarmConfigurationUpdatedTimestamp) return true;
    const every = cadence(alarmPeriod(record.doc), this.deps.minute) * 1000;
    return Math.floor(now.getTime() / every) > Math.floor(last.at / every);
  }

  /** One evaluation of one alarm as of `now`. */
  evaluate(record: StoredRecord<AlarmDoc>, now: Date): void {
    const doc = record.doc;
    this.evaluated.set(record.id, { at: now.getTime(), configuredAt: doc.AlarmConfigurationUpdatedTimestamp });
    const period = alarmPeriod(doc);
    const every = cadence(period, this.deps.minute) * 1000;
    const end = Math.floor(now.getTime() / every) * every;
    const slots = slotsOf(this.deps.metrics, doc, end, this.deps.minute, now);
    const verdict = evaluateSlots(slots, {
      evaluationPeriods: doc.EvaluationPeriods, datapointsToAlarm: doc.DatapointsToAlarm, treatMissingData: doc.TreatMissingData, breaches: breachTest(doc), lowSample: lowSampleTest(doc),
    });
    const state = nextState(verdict, doc.StateValue);
    const newest = [...slots].reverse().find((s) => s.value !== undefined)?.value;
    if (state === doc.StateValue) {
      if (state === 'ALARM') this.deps.book.repeatAlarmActions(doc, newest);
      return;
    }
    this.deps.book.transition(record, { StateValue: state, StateReason: stateReason(verdict, doc), StateReasonData: stateReasonData(verdict, doc, period, now), value: newest });
  }

  /** Deletes history items past AWS's 30 days, oldest first (ids start with their time). */
  sweepHistory(now: Date): void {
    this.lastSweep = now.getTime();
    const cutoff = now.getTime() - HISTORY_RETENTION_MS;
    for (;;) {
      const expired = this.deps.store.list(KIND.history, { limit: SWEEP_BATCH }).filter((r) => historyTime(r.id) < cutoff);
      if (expired.length === 0) return;
      this.deps.store.transact((tx) => expired.forEach((r) => tx.delete(KIND.history, r.id)));
      if (expired.length < SWEEP_BATCH) return;
    }
  }
}
