/**
 * Alarm history items as DescribeAlarmHistory answers them (AWS keeps them 30 days):
 *
 * - StateUpdate: "Alarm updated from OK to ALARM", data
 *   {"version":"1.0","oldState":{stateValue, stateReason[, stateReasonData]},"newState":{…}};
 * - ConfigurationUpdate: `Alarm "name" created` / `updated` / `deleted`, data
 *   {"type":"Create","version":"1.0","createdAlarm":{…}} ("Update" with the changed fields'
 *   former values in originalUpdatedFields and the updatedAlarm; "Delete" with deletedAlarm);
 * - Action: "Successfully executed action <arn>" or `Failed to execute action <arn>.
 *   Received error: "<message>"`, data {"actionState":"Succeeded"|"Failed",
 *   "stateUpdateTimestamp":<ms>,"notificationResource":<arn>[,"error":<message>]}.
 */
import { Scope } from '../../../platform/aws/scope.js';
import { Tx } from '../../../state/store.js';
import { double, javaJson, raw } from './java-json.js';
import { jsonTime } from './numbers.js';
import { AlarmDoc, HistoryDoc, historyRecordId, HistoryItemType, KIND } from './records.js';

export const HISTORY_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface StateSnapshot {
  StateValue: string;
  StateReason: string;
  StateReasonData?: string;
}

function stateJson(s: StateSnapshot) {
  return { stateValue: s.StateValue, stateReason: s.StateReason, stateReasonData: s.StateReasonData !== undefined ? raw(s.StateReasonData) : undefined };
}

/** The alarm as history data shows it: lower camel case members. */
function alarmJson(a: AlarmDoc) {
  return {
    alarmName: a.AlarmName, alarmArn: a.AlarmArn, alarmDescription: a.AlarmDescription,
    actionsEnabled: a.ActionsEnabled, okactions: a.OKActions, alarmActions: a.AlarmActions, insufficientDataActions: a.InsufficientDataActions,
    stateValue: a.StateValue, stateReason: a.StateReason,
    metricName: a.MetricName, namespace: a.Namespace, statistic: a.Statistic?.toUpperCase(), extendedStatistic: a.ExtendedStatistic,
    dimensions: a.Dimensions.map((d) => ({ name: d.Name, value: d.Value })),
    period: a.Period, unit: a.Unit, evaluationPeriods: a.EvaluationPeriods, datapointsToAlarm: a.DatapointsToAlarm,
    threshold: double(a.Threshold), comparisonOperator: a.ComparisonOperator, treatMissingData: a.TreatMissingData,
    metrics: a.Metrics?.map((q) => ({ id: q.Id, expression: q.Expression, label: q.Label, returnData: q.ReturnData, period: q.Period, metricStat: q.MetricStat })),
    alarmConfigurationUpdatedTimestamp: jsonTime(new Date(a.AlarmConfigurationUpdatedTimestamp)),
  };
}

/** Records one history item in the transaction. */
function recordHistory(tx: Tx, scope: Scope, alarmName: string, at: Date, type: HistoryItemType, summary: string, data: unknown): void {
  const doc: HistoryDoc = {
    region: scope.region, accountId: scope.accountId, AlarmName: alarmName, AlarmType: 'MetricAlarm',
    Timestamp: at.toISOString(), HistoryItemType: type, HistorySummary: summary, HistoryData: javaJson(data),
  };
  tx.put(KIND.history, historyRecordId(scope, at, tx.nextSequence(KIND.history)), doc);
}

export function recordStateUpdate(tx: Tx, scope: Scope, alarmName: string, at: Date, before: StateSnapshot, after: StateSnapshot): void {
  recordHistory(tx, scope, alarmName, at, 'StateUpdate', `Alarm updated from ${before.StateValue} to ${after.StateValue}`, { version: '1.0', oldState: stateJson(before), newState: stateJson(after) });
}

/** The members of `after` that differ from `before`, with their former values. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return Object.fromEntries([...keys].filter((k) => javaJson(before[k]) !== javaJson(after[k])).map((k) => [k, before[k] ?? null]));
}

export function recordConfiguration(tx: Tx, scope: Scope, at: Date, change: 'Create' | 'Update' | 'Delete', alarm: AlarmDoc, before?: AlarmDoc): void {
  const verb = { Create: 'created', Update: 'updated', Delete: 'deleted' }[change];
  const data = change === 'Create' ? { type: change, version: '1.0', createdAlarm: alarmJson(alarm) }
    : change === 'Delete' ? { type: change, version: '1.0', deletedAlarm: alarmJson(alarm) }
    : { type: change, version: '1.0', originalUpdatedFields: changedFields(alarmJson(before!), alarmJson(alarm)), updatedAlarm: alarmJson(alarm) };
  recordHistory(tx, scope, alarm.AlarmName, at, 'ConfigurationUpdate', `Alarm "${alarm.AlarmName}" ${verb}`, data);
}

export interface ActionOutcome {
  arn: string;
  /** Absent when the action succeeded. */
  error?: string;
}

export function recordAction(tx: Tx, scope: Scope, alarmName: string, at: Date, outcome: ActionOutcome): void {
  const summary = outcome.error === undefined ? `Successfully executed action ${outcome.arn}` : `Failed to execute action ${outcome.arn}. Received error: "${outcome.error}"`;
  const data = { actionState: outcome.error === undefined ? 'Succeeded' : 'Failed', stateUpdateTimestamp: at.getTime(), notificationResource: outcome.arn, error: outcome.error };
  recordHistory(tx, scope, alarmName, at, 'Action', summary, data);
}
