/**
 * Alarm evaluation, as "Evaluating an alarm" and "Configuring how CloudWatch alarms treat
 * missing data" in the CloudWatch User Guide describe it. A pure function of the datapoints
 * of the evaluation range (the most recent periods, oldest first) and the alarm's settings:
 *
 * - N = EvaluationPeriods, M = DatapointsToAlarm (N when absent); the evaluation range is
 *   N + 2 periods (the guide's examples retrieve 5 for N = 3), so a few missing periods do
 *   not hide data just before them.
 * - With at least N datapoints in the range, the N most recent are evaluated: ALARM when M
 *   of them breach, else OK; how missing data is treated does not matter.
 * - With fewer, N − present periods are missing and the treatment decides:
 *   breaching → missing periods count as breaching; notBreaching → as not breaching;
 *   missing → no datapoint at all is INSUFFICIENT_DATA, M breaching is ALARM, and when every
 *   datapoint present breaches, ALARM once the oldest is at least M periods old (the
 *   guide's "premature alarm" rule) and the state is kept until then; ignore → as missing,
 *   but the state is kept where missing would give INSUFFICIENT_DATA or wait.
 * - A percentile alarm with EvaluateLowSampleCountPercentile `ignore` keeps its state while
 *   a datapoint it evaluates has too few samples to be significant (`lowSample`).
 */
import { AlarmStateValue } from './ports.js';
import { TreatMissingData } from './records.js';

export interface Slot {
  /** Epoch milliseconds of the period's start. */
  t: number;
  value?: number;
  sampleCount?: number;
}

export interface EvaluationSettings {
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  treatMissingData?: TreatMissingData;
  breaches(value: number): boolean;
  /** Datapoints whose sample count is too low to change the state (EvaluateLowSampleCountPercentile `ignore`). */
  lowSample?(slot: Slot): boolean;
}

export type Verdict =
  /** The state stays as it is (ignore, or breaching data too young to alarm on). */
  | { kind: 'keep' }
  | { kind: 'insufficient'; evaluated: Slot[] }
  /** ALARM or OK from datapoints; `missing` periods were counted as the treatment says. */
  | { kind: 'threshold'; state: 'ALARM' | 'OK'; evaluated: Slot[]; breaching: Slot[]; missing: number; treatedAs?: 'Breaching' | 'NonBreaching' };

export const evaluationRange = (evaluationPeriods: number) => evaluationPeriods + 2;

/** `slots`: every period of the evaluation range, oldest first, `value` absent where missing. */
export function evaluateSlots(slots: readonly Slot[], s: EvaluationSettings): Verdict {
  const verdict = evaluateData(slots, s);
  const low = s.lowSample;
  if (low && verdict.kind === 'threshold' && verdict.evaluated.some((p) => p.value !== undefined && low(p))) return { kind: 'keep' };
  return verdict;
}

function evaluateData(slots: readonly Slot[], s: EvaluationSettings): Verdict {
  const n = s.evaluationPeriods;
  const m = s.datapointsToAlarm ?? n;
  const recent = slots.slice(-evaluationRange(n));
  const present = recent.filter((p) => p.value !== undefined);
  if (present.length >= n) {
    const evaluated = present.slice(-n);
    const breaching = evaluated.filter((p) => s.breaches(p.value!));
    return { kind: 'threshold', state: breaching.length >= m ? 'ALARM' : 'OK', evaluated, breaching, missing: 0 };
  }
  const missing = n - present.length;
  const breaching = present.filter((p) => s.breaches(p.value!));
  // The periods reported as evaluated: the datapoints present and the most recent missing ones.
  const missingSlots = recent.filter((p) => p.value === undefined).slice(-missing);
  const evaluated = [...present, ...missingSlots].sort((a, b) => a.t - b.t);
  const treat = s.treatMissingData ?? 'missing';
  if (treat === 'breaching' || treat === 'notBreaching') {
    const count = breaching.length + (treat === 'breaching' ? missing : 0);
    return { kind: 'threshold', state: count >= m ? 'ALARM' : 'OK', evaluated, breaching, missing, treatedAs: treat === 'breaching' ? 'Breaching' : 'NonBreaching' };
  }
  if (present.length === 0) return treat === 'ignore' ? { kind: 'keep' } : { kind: 'insufficient', evaluated: recent.slice(-n) };
  if (breaching.length >= m) return { kind: 'threshold', state: 'ALARM', evaluated, breaching, missing };
  if (breaching.length < present.length) return { kind: 'threshold', state: 'OK', evaluated, breaching, missing };
  // Every datapoint present breaches, but fewer than M: too early to tell, unless the oldest is M periods old.
  const oldestAge = recent.length - recent.indexOf(present[0]);
  if (treat === 'missing' && oldestAge >= m) return { kind: 'threshold', state: 'ALARM', evaluated, breaching, missing };
  return { kind: 'keep' };
}

/** The state a verdict leads to from `current`. */
export function nextState(verdict: Verdict, current: AlarmStateValue): AlarmStateValue {
  if (verdict.kind === 'keep') return current;
  return verdict.kind === 'insufficient' ? 'INSUFFICIENT_DATA' : verdict.state;
}
