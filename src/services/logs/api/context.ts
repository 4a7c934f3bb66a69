/** What CloudWatch Logs' handlers need, and the helpers they share. */
import { Scope, scopeOf } from '../../../platform/aws/scope.js';
import { RequestContext } from '../../../protocol/service.js';
import { Store } from '../../../state/store.js';
import { LogEventStore } from '../domain/events/event-store.js';
import { requireGroup } from '../domain/groups.js';
import { groupNameOf } from '../domain/names.js';
import { LogGroupDoc } from '../domain/records.js';

export interface LogsDeps {
  /** Log groups (documents). */
  store: Store;
  /** Streams and events (./../domain/events/). */
  events: LogEventStore;
}

export const scope = (ctx: RequestContext): Scope => scopeOf(ctx);

/** The group an input names by logGroupName or logGroupIdentifier (exactly one), or ResourceNotFoundException. */
export function namedGroup(deps: LogsDeps, ctx: RequestContext, input: { logGroupName?: string; logGroupIdentifier?: string }): LogGroupDoc {
  return requireGroup(deps.store, scope(ctx), groupNameOf(input, scope(ctx)));
}
