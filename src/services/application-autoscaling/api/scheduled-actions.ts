/**
 * PutScheduledAction, DescribeScheduledActions, DeleteScheduledAction. An action is named
 * within its target; putting it again changes what the call gives and keeps the rest (and
 * its ARN and creation time). Each put works out the next run (domain/schedule.ts) for the
 * scheduler. The time zone defaults to UTC, and is answered back as such.
 */
import { uuid } from '../../../platform/ids.js';
import { Operations, PutScheduledActionRequest, ScalableTargetAction } from '../../../protocol/generated/application-autoscaling.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { aasErrors, validation } from '../domain/errors.js';
import { scheduledActionArn } from '../domain/names.js';
import { childId, KIND, namespacePrefix, ScheduledActionDoc, targetId } from '../domain/records.js';
import { parseSchedule } from '../domain/schedule.js';
import { deleteScheduledAction, nextRunOf, saveScheduledAction, scheduledActionsOf } from '../domain/scheduled-actions.js';
import { capacityProblem, pageSize, targetRefProblem } from '../domain/validation.js';
import { isTimeZone } from '../domain/zoned-time.js';
import { AasDeps, refOf, registeredTarget, scope } from './context.js';
import { pageOf } from './paging.js';
import { scheduledActionView } from './views.js';

/** AWS's quota of scheduled actions per scalable target. */
export const MAX_SCHEDULED_ACTIONS = 200;
const PAGE_MAX = 50;

const iso = (t: Date | string | number): string => (t instanceof Date ? t : new Date(t)).toISOString();

function checkAction(action: ScalableTargetAction | undefined): ScalableTargetAction {
  if (action?.MinCapacity === undefined && action?.MaxCapacity === undefined) throw aasErrors.noCapacityInAction();
  const problem = capacityProblem('minCapacity', action.MinCapacity) ?? capacityProblem('maxCapacity', action.MaxCapacity);
  if (problem) throw problem;
  if (action.MinCapacity !== undefined && action.MaxCapacity !== undefined && action.MinCapacity > action.MaxCapacity) throw aasErrors.minAboveMax();
  return action;
}

/** The action as it will be: the call's members over the existing action's. */
function merged(input: PutScheduledActionRequest, existing: ScheduledActionDoc | undefined): Omit<ScheduledActionDoc, 'scope' | 'ScheduledActionARN' | 'CreationTime' | 'nextRun'> {
  const schedule = input.Schedule ?? existing?.Schedule;
  if (schedule === undefined) throw validation('Schedule is required for a new scheduled action');
  if (!parseSchedule(schedule)) throw validation(`Schedule expression ${schedule} is not valid: use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)`);
  const timezone = input.Timezone ?? existing?.Timezone ?? 'UTC';
  if (!isTimeZone(timezone)) throw validation(`Timezone ${timezone} is not a valid IANA time zone name`);
  const start = input.StartTime !== undefined ? iso(input.StartTime) : existing?.StartTime;
  const end = input.EndTime !== undefined ? iso(input.EndTime) : existing?.EndTime;
  if (start && end && start >= end) throw validation('The start time must be before the end time');
  return {
    ...refOf(input), ScheduledActionName: input.ScheduledActionName, Schedule: schedule, Timezone: timezone,
    ...(start ? { StartTime: start } : {}), ...(end ? { EndTime: end } : {}),
    ScalableTargetAction: checkAction(input.ScalableTargetAction ?? existing?.ScalableTargetAction),
  };
}

function putAction(tx: Tx, input: PutScheduledActionRequest, ctx: RequestContext): Record<string, never> {
  const place = scope(ctx);
  const target = registeredTarget(tx, place, refOf(input));
  const id = childId(target.id, input.ScheduledActionName);
  const existing = tx.get<ScheduledActionDoc>(KIND.scheduledAction, id)?.doc;
  if (!existing && scheduledActionsOf(tx, target.id).length >= MAX_SCHEDULED_ACTIONS) {
    throw aasErrors.limit('scheduled actions for this scalable target', MAX_SCHEDULED_ACTIONS);
  }
  const doc: ScheduledActionDoc = {
    scope: place, ...merged(input, existing), CreationTime: existing?.CreationTime ?? ctx.now.toISOString(),
    ScheduledActionARN: existing?.ScheduledActionARN ?? scheduledActionArn(place, uuid(), target.doc, input.ScheduledActionName),
  };
  const nextRun = nextRunOf(doc, ctx.now);
  saveScheduledAction(tx, id, { ...doc, ...(nextRun ? { nextRun } : {}) });
  return {};
}

export function scheduledActionOps(deps: AasDeps): Pick<TypedHandlers<Operations>, 'PutScheduledAction' | 'DescribeScheduledActions' | 'DeleteScheduledAction'> {
  return {
    PutScheduledAction: (input, ctx) => deps.store.transact((tx) => putAction(tx, input, ctx)),
    DescribeScheduledActions: (input, ctx) => {
      const limit = pageSize(input.MaxResults, PAGE_MAX);
      const names = input.ScheduledActionNames && input.ScheduledActionNames.length > 0 ? new Set(input.ScheduledActionNames) : undefined;
      const actions = deps.store.list<ScheduledActionDoc>(KIND.scheduledAction, { prefix: namespacePrefix(scope(ctx), input.ServiceNamespace) }).filter(({ doc }) =>
        (!names || names.has(doc.ScheduledActionName)) && (input.ResourceId === undefined || doc.ResourceId === input.ResourceId)
        && (input.ScalableDimension === undefined || doc.ScalableDimension === input.ScalableDimension));
      const page = pageOf(actions, (r) => r.id, input.NextToken, limit);
      return { ScheduledActions: page.items.map((r) => scheduledActionView(r.doc)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
    DeleteScheduledAction: (input, ctx) =>
      deps.store.transact((tx) => {
        const ref = refOf(input);
        const problem = targetRefProblem(ref);
        if (problem) throw problem;
        const record = tx.get<ScheduledActionDoc>(KIND.scheduledAction, childId(targetId(scope(ctx), ref), input.ScheduledActionName));
        if (!record) throw aasErrors.scheduledActionNotFound(ref, input.ScheduledActionName);
        deleteScheduledAction(tx, record);
        return {};
      }),
  };
}
