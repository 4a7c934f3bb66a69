/**
 * State reasons and their data, worded as AWS words them:
 *
 * - "Threshold Crossed: 1 datapoint [85.0 (30/11/26 12:01:00)] was greater than the
 *   threshold (70.0)." — alarms without DatapointsToAlarm; the datapoints listed are the
 *   breaching ones (ALARM) or the others (OK), newest first;
 * - "Threshold Crossed: 2 out of the last 3 datapoints […] were greater than or equal to the
 *   threshold (7.0) (minimum 2 datapoints for OK -> ALARM transition)." — with
 *   DatapointsToAlarm (OK: "… were not … (minimum 2 datapoints for ALARM -> OK transition)");
 * - "Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints
 *   were treated as [Breaching]." — nothing present, missing data treated;
 * - "Insufficient Data: 3 datapoints were unknown.";
 * - "Unchecked: Initial alarm creation" for a new alarm.
 *
 * When some datapoints are present and the missing ones were treated, Berth adds
 * " (1 missing datapoint was treated as [Breaching])" before the final full stop (AWS's
 * wording for that case is not documented). State reason data is AWS's JSON: version,
 * queryDate, startDate, unit, statistic, period, recentDatapoints (oldest first), threshold
 * and evaluatedDatapoints (newest first, with sampleCount and value when present).
 */
import { Verdict, Slot } from './evaluation.js';
import { double, javaJson } from './java-json.js';
import { formatNumber, jsonTime, reasonTime } from './numbers.js';
import { AlarmConfig } from './records.js';

export const INITIAL_REASON = 'Unchecked: Initial alarm creation';

const OPERATOR_WORDS: Record<AlarmConfig['ComparisonOperator'], string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

export function breachTest(alarm: Pick<AlarmConfig, 'ComparisonOperator' | 'Threshold'>): (v: number) => boolean {
  const t = alarm.Threshold;
  switch (alarm.ComparisonOperator) {
    case 'GreaterThanOrEqualToThreshold': return (v) => v >= t;
    case 'GreaterThanThreshold': return (v) => v > t;
    case 'LessThanThreshold': return (v) => v < t;
    case 'LessThanOrEqualToThreshold': return (v) => v <= t;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const wasWere = (n: number) => (n === 1 ? 'was' : 'were');
const listed = (slots: Slot[]) => `[${[...slots].reverse().map((s) => `${formatNumber(s.value!)} (${reasonTime(new Date(s.t))})`).join(', ')}]`;

export function stateReason(verdict: Verdict, alarm: AlarmConfig): string {
  if (verdict.kind === 'insufficient') return `Insufficient Data: ${plural(alarm.EvaluationPeriods, 'datapoint')} ${wasWere(alarm.EvaluationPeriods)} unknown.`;
  if (verdict.kind !== 'threshold') throw new Error('a kept state has no new reason');
  const n = alarm.EvaluationPeriods;
  const treated = verdict.treatedAs ? ` ${wasWere(verdict.missing)} treated as [${verdict.treatedAs}]` : '';
  if (verdict.missing === n && verdict.treatedAs) return `Threshold Crossed: no datapoints were received for ${plural(n, 'period')} and ${plural(n, 'missing datapoint')}${treated}.`;
  const alarming = verdict.state === 'ALARM';
  const shown = alarming ? verdict.breaching : verdict.evaluated.filter((s) => s.value !== undefined && !verdict.breaching.includes(s));
  const comparison = `${alarming ? '' : 'not '}${OPERATOR_WORDS[alarm.ComparisonOperator]} the threshold (${formatNumber(alarm.Threshold)})`;
  const missingNote = verdict.treatedAs && verdict.missing > 0 ? ` (${plural(verdict.missing, 'missing datapoint')}${treated})` : '';
  if (alarm.DatapointsToAlarm === undefined) {
    return `Threshold Crossed: ${plural(shown.length, 'datapoint')} ${listed(shown)} ${wasWere(shown.length)} ${comparison}${missingNote}.`;
  }
  const m = alarm.DatapointsToAlarm;
  const minimum = alarming ? `(minimum ${plural(m, 'datapoint')} for OK -> ALARM transition)` : `(minimum ${plural(n - m + 1, 'datapoint')} for ALARM -> OK transition)`;
  return `Threshold Crossed: ${shown.length} out of the last ${n} datapoints ${listed(shown)} ${wasWere(shown.length)} ${comparison}${missingNote} ${minimum}.`;
}

/** The StateReasonData of an evaluation made at `queryDate`. */
export function stateReasonData(verdict: Verdict, alarm: AlarmConfig, period: number, queryDate: Date): string {
  const evaluated = verdict.kind === 'keep' ? [] : verdict.evaluated;
  const present = evaluated.filter((s) => s.value !== undefined);
  return javaJson({
    version: '1.0',
    queryDate: jsonTime(queryDate),
    startDate: present.length > 0 ? jsonTime(new Date(present[0].t)) : undefined,
    unit: alarm.Unit,
    statistic: alarm.Statistic ?? alarm.ExtendedStatistic,
    period,
    recentDatapoints: present.map((s) => double(s.value!)),
    threshold: double(alarm.Threshold),
    evaluatedDatapoints: [...evaluated].reverse().map((s) => ({
      timestamp: jsonTime(new Date(s.t)),
      sampleCount: s.sampleCount !== undefined ? double(s.sampleCount) : undefined,
      value: s.value !== undefined ? double(s.value) : undefined,
    })),
  });
}
