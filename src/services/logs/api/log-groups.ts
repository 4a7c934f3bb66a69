/**
 * CreateLogGroup, DeleteLogGroup, DescribeLogGroups (name prefix, case-sensitive name
 * pattern, identifiers, class; pages of up to 50 in ASCII order) and the retention policy.
 */
import { decodeToken, encodeToken, pageFrom } from '../../../platform/aws/pagination.js';
import { scopePrefix } from '../../../platform/aws/scope.js';
import { DescribeLogGroupsRequest, LogGroup, Operations } from '../../../protocol/generated/logs.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { StoredRecord } from '../../../state/store.js';
import { invalidParameter, logsErrors } from '../domain/errors.js';
import { createGroup, findGroup, requireGroup, saveGroup } from '../domain/groups.js';
import { groupNameOfArn } from '../domain/names.js';
import { retentionProblem } from '../domain/limits.js';
import { groupId, KIND, LogGroupDoc } from '../domain/records.js';
import { LogsDeps, scope } from './context.js';
import { checkTagMap } from './tags.js';
import { groupPatternView, groupView } from './views.js';

const PAGE = 50;

function checkDescribe(input: DescribeLogGroupsRequest): void {
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    throw invalidParameter('logGroupNamePrefix and logGroupNamePattern are mutually exclusive. Only one of these parameters can be passed.');
  }
  if (input.logGroupIdentifiers !== undefined && (input.logGroupNamePrefix !== undefined || input.logGroupNamePattern !== undefined)) {
    throw invalidParameter('logGroupIdentifiers cannot be combined with logGroupNamePrefix or logGroupNamePattern.');
  }
}

/** The groups logGroupIdentifiers name (names or ARNs of this account and Region), in name order. */
function identifiedGroups(deps: LogsDeps, ctx: RequestContext, identifiers: string[]): LogGroupDoc[] {
  const names = identifiers.map((id) => (id.startsWith('arn:') ? groupNameOfArn(id, scope(ctx)) : id)).filter((n): n is string => n !== undefined);
  return [...new Set(names)].sort().flatMap((name) => findGroup(deps.store, scope(ctx), name) ?? []);
}

function describe(deps: LogsDeps, ctx: RequestContext, input: DescribeLogGroupsRequest) {
  checkDescribe(input);
  const limit = input.limit ?? PAGE;
  const after = input.nextToken === undefined ? undefined : decodeToken(input.nextToken);
  if (input.nextToken !== undefined && after === undefined) throw logsErrors.invalidToken();
  const s = scope(ctx);
  const keep = (g: LogGroupDoc) =>
    (input.logGroupClass === undefined || g.logGroupClass === input.logGroupClass) &&
    (input.logGroupNamePattern === undefined || g.logGroupName.includes(input.logGroupNamePattern));
  const view = (g: LogGroupDoc): LogGroup => (input.logGroupNamePattern !== undefined ? groupPatternView(s, g) : groupView(s, g, deps.events.storedBytes(g.events)));
  if (input.logGroupIdentifiers) {
    const groups = identifiedGroups(deps, ctx, input.logGroupIdentifiers).filter(keep);
    const start = after === undefined ? groups : groups.filter((g) => groupId(s, g.logGroupName) > after);
    const page = start.slice(0, limit);
    return { logGroups: page.map(view), ...(start.length > limit ? { nextToken: encodeToken(groupId(s, page[page.length - 1].logGroupName)) } : {}) };
  }
  const prefix = scopePrefix(s) + (input.logGroupNamePrefix ?? '');
  const page = pageFrom<StoredRecord<LogGroupDoc>>((from, n) => deps.store.list<LogGroupDoc>(KIND.group, { prefix, after: from, limit: n }), (r) => r.id, (r) => keep(r.doc), after, limit);
  return { logGroups: page.items.map((r) => view(r.doc)), ...(page.next ? { nextToken: page.next } : {}) };
}

export function logGroupOps(deps: LogsDeps): TypedHandlers<Operations> {
  return {
    CreateLogGroup(input, ctx) {
      if (input.deletionProtectionEnabled) throw invalidParameter('Berth does not support deletion protection for log groups yet.');
      if (input.tags) checkTagMap(input.tags);
      deps.store.transact((tx) => createGroup(tx, scope(ctx), input, ctx.now.getTime()));
      return {};
    },

    DeleteLogGroup(input, ctx) {
      const group = deps.store.transact((tx) => {
        const found = requireGroup(tx, scope(ctx), input.logGroupName);
        tx.delete(KIND.group, groupId(scope(ctx), input.logGroupName));
        return found;
      });
      // After the record: if Berth stops in between, the retention sweep deletes what is left.
      deps.events.deleteGroup(group.events);
      return {};
    },

    DescribeLogGroups: (input, ctx) => describe(deps, ctx, input),

    PutRetentionPolicy(input, ctx) {
      const problem = retentionProblem(input.retentionInDays);
      if (problem) throw invalidParameter(problem);
      deps.store.transact((tx) => {
        const group = requireGroup(tx, scope(ctx), input.logGroupName);
        saveGroup(tx, scope(ctx), { ...group, retentionInDays: input.retentionInDays });
      });
      return {};
    },

    DeleteRetentionPolicy(input, ctx) {
      deps.store.transact((tx) => {
        const group = { ...requireGroup(tx, scope(ctx), input.logGroupName) };
        delete group.retentionInDays;
        saveGroup(tx, scope(ctx), group);
      });
      return {};
    },
  };
}
