/**
 * DescribeAlarmHistory: a scope's items or one alarm's (kept after the alarm is deleted, as
 * in AWS), of every type or one, between StartDate and EndDate, newest first unless
 * TimestampAscending; MaxRecords up to 100 (50 by default). Each filter is one index key
 * (../domain/records.ts), and ids sort by time, so a page reads only the ids it skips and
 * the records it answers. Berth has only metric alarms: AlarmTypes without MetricAlarm
 * finds nothing.
 */
import { encodeToken } from '../../../platform/aws/pagination.js';
import { scopeOf } from '../../../platform/aws/scope.js';
import { Operations } from '../../../protocol/generated/cloudwatch.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { HistoryDoc, HISTORY_BY, historyKey, HistoryItemType, historyTime, KIND } from '../domain/records.js';
import { CloudWatchDeps, toDate, tokenKey } from './context.js';

const DEFAULT_RECORDS = 50;
const TYPES: readonly string[] = ['ConfigurationUpdate', 'StateUpdate', 'Action'];

export function historyOps(deps: CloudWatchDeps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    DescribeAlarmHistory: (input, ctx) => {
      const after = tokenKey(input.NextToken);
      const type = input.HistoryItemType;
      const known = (input.AlarmTypes === undefined || input.AlarmTypes.includes('MetricAlarm')) && (type === undefined || TYPES.includes(type));
      const key = historyKey(scopeOf(ctx), input.AlarmName, type as HistoryItemType | undefined);
      const from = input.StartDate !== undefined ? toDate(input.StartDate).getTime() : -Infinity;
      const to = input.EndDate !== undefined ? toDate(input.EndDate).getTime() : Infinity;
      const ascending = input.ScanBy === 'TimestampAscending';
      let ids = known ? store.listIdsByIndex(KIND.history, HISTORY_BY, { key }).filter((id) => historyTime(id) >= from && historyTime(id) <= to) : [];
      if (!ascending) ids.reverse();
      if (after !== undefined) ids = ids.filter((id) => (ascending ? id > after : id < after));
      const limit = input.MaxRecords ?? DEFAULT_RECORDS;
      const page = ids.slice(0, limit);
      const items = page.map((id) => store.get<HistoryDoc>(KIND.history, id)!.doc).map(({ region: _r, accountId: _a, ...item }) => item);
      return { AlarmHistoryItems: items, ...(ids.length > limit ? { NextToken: encodeToken(page[page.length - 1]) } : {}) };
    },
  };
}
