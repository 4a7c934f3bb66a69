/**
 * CloudWatch's records in the document store. An alarm is `<region>/<account>/<name>`, so a
 * scope's alarms list in name order (as DescribeAlarms answers). A history item's id starts
 * with its time (`<ms, 15 digits>/<region>/<account>/<sequence>`), so items list oldest
 * first and the retention sweep reads only the expired head; indexes file each item under
 * its scope and its alarm, each with and without its type, so every DescribeAlarmHistory
 * filter is one index key. Metrics live in the metrics store, not here.
 *
 * AWS member names are kept for what the API answers; Berth's own fields are lower case.
 */
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';
import { Dimension, MetricDataQuery, Tag } from '../../../protocol/generated/cloudwatch.js';
import { IndexDefinition } from '../../../state/store.js';
import { AlarmStateValue } from './ports.js';

export const KIND = { alarm: 'cloudwatch/alarm', history: 'cloudwatch/alarm-history' } as const;

/** What PutMetricAlarm defines (everything but the state and the timestamps). */
export interface AlarmConfig {
  AlarmName: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  MetricName?: string;
  Namespace?: string;
  Statistic?: 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';
  ExtendedStatistic?: string;
  /** For percentile alarms: whether datapoints of too few samples change the state (`evaluate`, as when absent) or not (`ignore`). */
  EvaluateLowSampleCountPercentile?: 'evaluate' | 'ignore';
  Dimensions: Dimension[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold: number;
  ComparisonOperator: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  TreatMissingData?: TreatMissingData;
  Metrics?: MetricDataQuery[];
}

export type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

export interface AlarmDoc extends AlarmConfig {
  region: string;
  accountId: string;
  AlarmArn: string;
  /** ISO 8601 times. */
  AlarmConfigurationUpdatedTimestamp: string;
  StateValue: AlarmStateValue;
  StateReason: string;
  StateReasonData?: string;
  StateUpdatedTimestamp: string;
  StateTransitionedTimestamp: string;
  tags: Tag[];
}

export type HistoryItemType = 'ConfigurationUpdate' | 'StateUpdate' | 'Action';

export interface HistoryDoc {
  region: string;
  accountId: string;
  AlarmName: string;
  AlarmType: 'MetricAlarm';
  /** ISO 8601. */
  Timestamp: string;
  HistoryItemType: HistoryItemType;
  HistorySummary: string;
  HistoryData: string;
}

export const alarmRecordId = (scope: Scope, name: string) => `${scopePrefix(scope)}${name}`;

/** Time first, so ids sort by time across scopes; the sequence keeps items of one millisecond apart. */
export const historyRecordId = (scope: Scope, at: Date, sequence: number) => `${String(at.getTime()).padStart(15, '0')}/${scopePrefix(scope)}${String(sequence).padStart(12, '0')}`;

/** The time a history id starts with. */
export const historyTime = (id: string) => Number(id.slice(0, 15));

export const HISTORY_BY = 'by-filter';

/** The index key of a scope's history, or one alarm's, of every type or one. */
export function historyKey(scope: Scope, alarmName?: string, type?: HistoryItemType): string {
  return JSON.stringify([scope.region, scope.accountId, alarmName ?? null, type ?? null]);
}

export const INDEXES: IndexDefinition[] = [
  {
    kind: KIND.history, name: HISTORY_BY, version: 1,
    keys: (doc: HistoryDoc) => {
      const scope = { region: doc.region, accountId: doc.accountId };
      return [historyKey(scope), historyKey(scope, undefined, doc.HistoryItemType), historyKey(scope, doc.AlarmName), historyKey(scope, doc.AlarmName, doc.HistoryItemType)];
    },
  },
];

export const scopeOfAlarm = (doc: AlarmDoc): Scope => ({ region: doc.region, accountId: doc.accountId });
