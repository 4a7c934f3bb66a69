/**
 * The CloudWatch Logs service: model, JSON 1.1 (Logs_20140328), handlers typed by their contracts
 * (StartLiveTail's answers an event stream, not its output document). Other Logs operations answer 501.
 */
import { JsonProtocol } from '../../../protocol/json-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { Operations } from '../../../protocol/generated/logs.js';
import { ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { LogsDeps } from './context.js';
import { filterLogEventsOps } from './filter-log-events.js';
import { getLogEventsOps } from './get-log-events.js';
import { logGroupOps } from './log-groups.js';
import { logStreamOps } from './log-streams.js';
import { logsCallScope } from './logs-scope.js';
import { putLogEventsOps } from './put-log-events.js';
import { LiveTailDeps, liveTailOps } from './start-live-tail.js';
import { tagOps } from './tags.js';

export function logsHandlers(deps: LogsDeps): TypedHandlers<Operations> {
  return {
    ...logGroupOps(deps),
    ...logStreamOps(deps),
    ...putLogEventsOps(deps),
    ...getLogEventsOps(deps),
    ...filterLogEventsOps(deps),
    ...tagOps(deps),
  };
}

export function logsService(deps: LogsDeps, live: LiveTailDeps): ServiceDefinition {
  const handlers = { ...logsHandlers(deps), ...liveTailOps(deps, live) };
  // AWS answers model validation failures with InvalidParameterException ("1 validation error detected: …").
  return { name: 'logs', model: loadModel('logs'), protocols: [new JsonProtocol('InvalidParameterException')], handlers, authorization: logsCallScope };
}
