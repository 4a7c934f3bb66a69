/**
 * PutLogEvents: the batch is checked as AWS checks it (../domain/limits.ts); the events it
 * keeps are appended with one ingestion time, the others reported in rejectedLogEventsInfo.
 * Sequence tokens are accepted and ignored, as AWS does now.
 */
import { Operations } from '../../../protocol/generated/logs.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { MissingStreamError } from '../domain/events/event-store.js';
import { invalidParameter, logsErrors } from '../domain/errors.js';
import { requireGroup } from '../domain/groups.js';
import { checkBatch } from '../domain/limits.js';
import { LogsDeps, scope } from './context.js';
import { sequenceToken } from './views.js';

export function putLogEventsOps(deps: LogsDeps): TypedHandlers<Operations> {
  return {
    PutLogEvents(input, ctx) {
      const group = requireGroup(deps.store, scope(ctx), input.logGroupName);
      const stream = deps.events.stream(group.events, input.logStreamName);
      if (!stream) throw logsErrors.streamNotFound();
      const now = ctx.now.getTime();
      const verdict = checkBatch(input.logEvents, now, group.retentionInDays);
      if (!verdict.ok) throw invalidParameter(verdict.problem);
      const kept = input.logEvents.slice(verdict.start, verdict.end);
      try {
        deps.events.append({ group: group.events, stream: input.logStreamName, events: kept, ingestionTime: now });
      } catch (e) {
        if (e instanceof MissingStreamError) throw logsErrors.streamNotFound();
        throw e;
      }
      return {
        nextSequenceToken: sequenceToken(stream.appended + kept.length),
        ...(verdict.rejected ? { rejectedLogEventsInfo: verdict.rejected } : {}),
      };
    },
  };
}
