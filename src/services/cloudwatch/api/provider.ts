/**
 * The CloudWatch service: signing name `monitoring`, IAM prefix `cloudwatch`, and the
 * three protocols its clients speak, chosen per request: Smithy RPC v2 CBOR (today's CLI
 * and SDKs), JSON 1.0 (X-Amz-Target GraniteServiceVersion20100801.<Operation>) and awsQuery.
 * The JSON and CBOR forms are awsQueryCompatible (errors carry their awsQuery code), and all
 * three take gzip bodies (PutMetricData's request compression). Missing operations answer 501.
 */
import { RpcV2CborProtocol } from '../../../protocol/cbor-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { MAX_BODY_BYTES } from '../../../protocol/pipeline/body.js';
import { QueryCompatibleJsonProtocol } from '../../../protocol/query-compatible.js';
import { QueryProtocol } from '../../../protocol/query-protocol.js';
import { acceptingGzip } from '../../../protocol/request-compression.js';
import { ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { Operations } from '../../../protocol/generated/cloudwatch.js';
import { alarmOps } from './alarms-api.js';
import { CloudWatchDeps } from './context.js';
import { historyOps } from './history-api.js';
import { cloudwatchCallScope } from './iam-scope.js';
import { metricDataOps } from './metric-data-api.js';
import { metricsOps } from './metrics-api.js';
import { tagOps } from './tags-api.js';

/** AWS answers model violations with ValidationError in every protocol. */
const VALIDATION = 'ValidationError';

export function cloudwatchHandlers(deps: CloudWatchDeps): TypedHandlers<Operations> {
  return { ...metricsOps(deps), ...metricDataOps(deps), ...alarmOps(deps), ...historyOps(deps), ...tagOps(deps) };
}

export function cloudwatchService(deps: CloudWatchDeps): ServiceDefinition {
  const protocols = [new RpcV2CborProtocol({ validationErrorCode: VALIDATION, queryCompatible: true }), new QueryCompatibleJsonProtocol(VALIDATION), new QueryProtocol(VALIDATION)];
  return {
    name: 'monitoring', iamPrefix: 'cloudwatch', model: loadModel('cloudwatch'),
    protocols: protocols.map((p) => acceptingGzip(p, MAX_BODY_BYTES)),
    handlers: cloudwatchHandlers(deps),
    authorization: cloudwatchCallScope,
  };
}
