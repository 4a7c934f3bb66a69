/**
 * CreateLogStream, DeleteLogStream and DescribeLogStreams (by name with an optional prefix,
 * or by last event time; ascending or descending; pages of up to 50).
 */
import { decodeToken, encodeToken } from '../../../platform/aws/pagination.js';
import { DescribeLogStreamsRequest, Operations } from '../../../protocol/generated/logs.js';
import { RequestContext, TypedHandlers } from '../../../protocol/service.js';
import { StreamInfo, StreamQuery } from '../domain/events/event-store.js';
import { invalidParameter, logsErrors } from '../domain/errors.js';
import { requireGroup } from '../domain/groups.js';
import { LogsDeps, namedGroup, scope } from './context.js';
import { streamView } from './views.js';

const PAGE = 50;

/** A page's last stream, as the next page starts after it: [name, lastEventTimestamp]. */
const tokenOf = (s: StreamInfo) => encodeToken(JSON.stringify([s.name, s.lastEventTimestamp ?? null]));

function afterOf(token: string | undefined): StreamQuery['after'] {
  if (token === undefined) return undefined;
  try {
    const [name, time] = JSON.parse(decodeToken(token) ?? 'null') as [unknown, unknown];
    if (typeof name === 'string' && (time === null || typeof time === 'number')) return { name, ...(time === null ? {} : { lastEventTimestamp: time }) };
  } catch {
    // Not one of ours: refused below.
  }
  throw logsErrors.invalidToken();
}

function describe(deps: LogsDeps, ctx: RequestContext, input: DescribeLogStreamsRequest) {
  const group = namedGroup(deps, ctx, input);
  const orderBy = input.orderBy ?? 'LogStreamName';
  if (orderBy === 'LastEventTime' && input.logStreamNamePrefix !== undefined) throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  const limit = input.limit ?? PAGE;
  const found = deps.events.listStreams(group.events, {
    orderBy, descending: input.descending ?? false, prefix: input.logStreamNamePrefix, after: afterOf(input.nextToken), limit: limit + 1,
  });
  const page = found.slice(0, limit);
  return {
    logStreams: page.map((s) => streamView(scope(ctx), group.logGroupName, s)),
    ...(found.length > limit ? { nextToken: tokenOf(page[page.length - 1]) } : {}),
  };
}

export function logStreamOps(deps: LogsDeps): TypedHandlers<Operations> {
  return {
    CreateLogStream(input, ctx) {
      const group = requireGroup(deps.store, scope(ctx), input.logGroupName);
      if (!deps.events.createStream(group.events, input.logStreamName, ctx.now.getTime())) throw logsErrors.streamExists();
      return {};
    },

    DeleteLogStream(input, ctx) {
      const group = requireGroup(deps.store, scope(ctx), input.logGroupName);
      if (!deps.events.deleteStream(group.events, input.logStreamName)) throw logsErrors.streamNotFound();
      return {};
    },

    DescribeLogStreams: (input, ctx) => describe(deps, ctx, input),
  };
}
