/**
 * The alarm operations: PutMetricAlarm, DescribeAlarms (names or a prefix, StateValue,
 * ActionPrefix, AlarmTypes; MaxRecords up to 100, 50 by default, paged by name),
 * DescribeAlarmsForMetric (single-metric alarms of the metric, dimensions matched as a set),
 * DeleteAlarms, SetAlarmState and Enable/DisableAlarmActions. Berth has no composite
 * alarms: CompositeAlarms is always empty.
 */
import { encodeToken } from '../../../platform/aws/pagination.js';
import { scopeOf } from '../../../platform/aws/scope.js';
import { DescribeAlarmsInput, Dimension, Operations } from '../../../protocol/generated/cloudwatch.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { cwErrors } from '../domain/errors.js';
import { AlarmDoc } from '../domain/records.js';
import { CloudWatchDeps, tokenKey } from './context.js';
import { metricAlarmView } from './views.js';

const DEFAULT_RECORDS = 50;

/** Whether the alarm passes DescribeAlarms' filters (names and prefix are applied by the caller). */
function matches(a: AlarmDoc, input: DescribeAlarmsInput): boolean {
  if (input.StateValue !== undefined && a.StateValue !== input.StateValue) return false;
  const prefix = input.ActionPrefix;
  return prefix === undefined || [...a.AlarmActions, ...a.OKActions, ...a.InsufficientDataActions].some((arn) => arn.startsWith(prefix));
}

const dimensionSet = (dims: readonly Dimension[] = []) => JSON.stringify(dims.map((d) => [d.Name, d.Value]).sort());

/** A JSON StateReasonData, as SetAlarmState requires. */
function checkReasonData(data: string | undefined): void {
  if (data === undefined) return;
  try {
    JSON.parse(data);
  } catch {
    throw cwErrors.invalidFormat('The parameter StateReasonData must be valid JSON.');
  }
}

export function alarmOps(deps: CloudWatchDeps): TypedHandlers<Operations> {
  const { store, book } = deps;
  return {
    PutMetricAlarm: (input, ctx) => {
      book.putAlarm(scopeOf(ctx), input);
      return {};
    },

    DescribeAlarms: (input, ctx) => {
      if (input.AlarmNames !== undefined && input.AlarmNamePrefix !== undefined) {
        throw cwErrors.invalidCombination('The parameters AlarmNames and AlarmNamePrefix are mutually exclusive and you have specified both.');
      }
      const after = tokenKey(input.NextToken);
      const wantsMetricAlarms = input.AlarmTypes === undefined || input.AlarmTypes.includes('MetricAlarm');
      const composite = input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined;
      const names = input.AlarmNames && new Set(input.AlarmNames);
      const candidates = wantsMetricAlarms && !composite ? book.list(store, scopeOf(ctx)) : [];
      const listed = candidates.filter((a) => (!names || names.has(a.AlarmName)) && a.AlarmName.startsWith(input.AlarmNamePrefix ?? '') && matches(a, input));
      const fromToken = after === undefined ? listed : listed.filter((a) => a.AlarmName > after);
      const limit = input.MaxRecords ?? DEFAULT_RECORDS;
      const page = fromToken.slice(0, limit);
      const next = fromToken.length > limit ? encodeToken(page[page.length - 1].AlarmName) : undefined;
      return { MetricAlarms: page.map(metricAlarmView), CompositeAlarms: [], ...(next ? { NextToken: next } : {}) };
    },

    DescribeAlarmsForMetric: (input, ctx) => {
      const alarms = book.list(store, scopeOf(ctx)).filter((a) =>
        a.MetricName === input.MetricName && a.Namespace === input.Namespace
        && (input.Statistic === undefined || a.Statistic === input.Statistic)
        && (input.ExtendedStatistic === undefined || a.ExtendedStatistic === input.ExtendedStatistic)
        && (input.Period === undefined || a.Period === input.Period)
        && (input.Unit === undefined || a.Unit === input.Unit)
        && (input.Dimensions === undefined || dimensionSet(a.Dimensions) === dimensionSet(input.Dimensions)));
      return { MetricAlarms: alarms.map(metricAlarmView) };
    },

    DeleteAlarms: (input, ctx) => {
      book.deleteAlarms(scopeOf(ctx), input.AlarmNames);
      return {};
    },

    SetAlarmState: (input, ctx) => {
      checkReasonData(input.StateReasonData);
      book.setState(scopeOf(ctx), input.AlarmName, { StateValue: input.StateValue, StateReason: input.StateReason, StateReasonData: input.StateReasonData });
      return {};
    },

    EnableAlarmActions: (input, ctx) => {
      book.setActionsEnabled(scopeOf(ctx), input.AlarmNames, true);
      return {};
    },

    DisableAlarmActions: (input, ctx) => {
      book.setActionsEnabled(scopeOf(ctx), input.AlarmNames, false);
      return {};
    },
  };
}
