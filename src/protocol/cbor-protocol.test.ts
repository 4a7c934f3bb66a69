/**
 * RpcV2CborProtocol against the official JS SDK's rpc-v2-cbor protocol, without a network:
 * CloudWatch requests the SDK builds parse back to their input, and answers and errors we
 * write come out of the SDK's deserializer as its own types (awsQueryCompatible codes).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { HttpRequest } from '@smithy/protocol-http';
import { AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import {
  CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand, InvalidParameterValueException, PutMetricDataCommand, ResourceNotFound, SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { decodeCbor, encodeCbor } from './cbor.js';
import { RPC_V2_PATH, RpcV2CborProtocol } from './cbor-protocol.js';
import { ServiceError } from './errors.js';
import { loadModel } from './model.js';
import { offlineClientConfig } from './offline-sdk.js';
import { WireRequest, WireResponse } from './protocol.js';
import { acceptingGzip } from './request-compression.js';

const model = loadModel('cloudwatch');
const protocol = new RpcV2CborProtocol({ validationErrorCode: 'ValidationError', queryCompatible: true });

function offlineClient(reply: WireResponse) {
  const { config, sent } = offlineClientConfig(() => reply, { 'x-amzn-requestid': 'req-1' });
  return { client: new CloudWatchClient({ ...config, protocol: AwsSmithyRpcV2CborProtocol }), sent };
}

function toWire(request: HttpRequest): WireRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
  const raw = request.body as Uint8Array | undefined;
  const body = raw === undefined ? Buffer.alloc(0) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return { method: request.method, path: request.path, query: '', headers, headersDistinct: {}, body };
}

const wire = (operation: string, body: unknown, headers: Record<string, string> = {}): WireRequest => ({
  method: 'POST', path: `/service/GraniteServiceVersion20100801/operation/${operation}`, query: '',
  headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', ...headers }, headersDistinct: {},
  body: body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : encodeCbor(body as never),
});

describe('Smithy RPC v2 CBOR', () => {
  it('reads what the SDK sends: path, headers, timestamps, doubles, nested lists', async () => {
    const { client, sent } = offlineClient(protocol.writeOutput(model, 'PutMetricData', {}));
    const at = new Date('2026-11-30T12:01:00.250Z');
    await client.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'Latency', Timestamp: at, Values: [1.5, 2], Counts: [3, 1], Dimensions: [{ Name: 'Host', Value: 'a' }], Unit: 'Milliseconds' }] }));
    const req = toWire(sent[0]);
    assert.ok(protocol.accepts(req));
    assert.equal(req.headers['smithy-protocol'], 'rpc-v2-cbor');
    assert.equal(protocol.operationName(req, model), 'PutMetricData');
    assert.deepEqual(protocol.parseInput(req, model, 'PutMetricData'), {
      Namespace: 'App', MetricData: [{ MetricName: 'Latency', Timestamp: at, Values: [1.5, 2], Counts: [3, 1], Dimensions: [{ Name: 'Host', Value: 'a' }], Unit: 'Milliseconds' }],
    });
  });

  it('writes answers the SDK reads, timestamps as tag 1', async () => {
    const t = new Date('2026-11-30T12:00:00Z');
    const reply = protocol.writeOutput(model, 'GetMetricStatistics', { Label: 'Latency', Datapoints: [{ Timestamp: t.toISOString(), Sum: 4.5, SampleCount: 3, Unit: 'Milliseconds' }] });
    assert.equal(reply.headers['smithy-protocol'], 'rpc-v2-cbor');
    assert.ok((decodeCbor(reply.body as Buffer) as { Datapoints: { Timestamp: unknown }[] }).Datapoints[0].Timestamp instanceof Date);
    const { client } = offlineClient(reply);
    const out = await client.send(new GetMetricStatisticsCommand({ Namespace: 'App', MetricName: 'Latency', StartTime: t, EndTime: t, Period: 60, Statistics: ['Sum'] }));
    assert.deepEqual(out.Datapoints, [{ Timestamp: t, Sum: 4.5, SampleCount: 3, Unit: 'Milliseconds' }]);
    assert.equal(out.Label, 'Latency');
  });

  it('answers errors with __type and the awsQuery code the SDK maps to its exception classes', async () => {
    const invalid = protocol.writeError(model, new ServiceError('InvalidParameterValueException', 'bad value'));
    assert.equal(invalid.headers['x-amzn-query-error'], 'InvalidParameterValue;Sender');
    assert.deepEqual({ ...(decodeCbor(invalid.body as Buffer) as object) }, { __type: 'InvalidParameterValueException', message: 'bad value' });
    const err = await offlineClient(invalid).client.send(new PutMetricDataCommand({ Namespace: 'x', MetricData: [] })).catch((e) => e);
    assert.ok(err instanceof InvalidParameterValueException, String(err));
    assert.equal(err.message, 'bad value');
    const missing = protocol.writeError(model, new ServiceError('ResourceNotFound', '', 404));
    assert.equal(missing.status, 404);
    assert.ok((await offlineClient(missing).client.send(new SetAlarmStateCommand({ AlarmName: 'a', StateValue: 'OK', StateReason: 'r' })).catch((e) => e)) instanceof ResourceNotFound);
    const unmodeled = await offlineClient(protocol.writeError(model, new ServiceError('ValidationError', '1 validation error detected'))).client.send(new DescribeAlarmsCommand({})).catch((e) => e);
    // The SDK's model has ValidationException for AWS's awsQuery ValidationError (botocore's has none).
    assert.deepEqual([unmodeled.name, unmodeled.Code], ['ValidationException', 'ValidationError']);
  });

  it('validates with the model and refuses malformed CBOR as SerializationException', () => {
    const refuse = (req: WireRequest) => {
      try {
        protocol.parseInput(req, model, 'PutMetricData');
      } catch (e) {
        return `${(e as ServiceError).code}: ${(e as ServiceError).message}`;
      }
      return 'accepted';
    };
    assert.equal(refuse(wire('PutMetricData', {})), "ValidationError: 1 validation error detected: Value null at 'Namespace' failed to satisfy constraint: Member must not be null");
    assert.match(refuse(wire('PutMetricData', Buffer.from([0xbf, 0x61]))), /^SerializationException: Malformed CBOR request body: unexpected end of input/);
    assert.match(refuse(wire('PutMetricData', [1, 2])), /^SerializationException: Start of list found where not expected/);
    assert.match(refuse(wire('PutMetricData', { Namespace: 'a', MetricData: [{ MetricName: 'm', Timestamp: 'yesterday' }] })), /^SerializationException/);
    assert.equal(refuse(wire('PutMetricData', { Namespace: 'a', MetricData: [{ MetricName: 'm', Timestamp: new Date(0) }] })), 'accepted');
  });

  it('names operations only on the service path and by POST', () => {
    assert.equal(protocol.operationName(wire('ListMetrics', undefined), model), 'ListMetrics');
    assert.equal(protocol.operationName({ ...wire('ListMetrics', undefined), method: 'GET' }, model), undefined);
    assert.equal(protocol.operationName({ ...wire('ListMetrics', undefined), path: '/service/TrentService/operation/ListMetrics' }, model), undefined);
    assert.deepEqual(protocol.parseInput(wire('ListMetrics', undefined), model, 'ListMetrics'), {});
    assert.equal(RPC_V2_PATH.exec('/service/GraniteServiceVersion20100801/operation/PutMetricData')?.[1], 'GraniteServiceVersion20100801');
    assert.equal(RPC_V2_PATH.test('/service/x/operation/../../etc'), false);
  });

  it('reads gzip bodies (request compression), refusing corrupt ones and bombs', () => {
    const gz = acceptingGzip(protocol, 1024);
    const body = { Namespace: 'App', MetricData: [{ MetricName: 'm', Value: 1 }] };
    const zipped = wire('PutMetricData', gzipSync(encodeCbor(body)), { 'content-encoding': 'gzip' });
    assert.deepEqual(gz.parseInput(zipped, model, 'PutMetricData'), body);
    assert.throws(() => gz.parseInput(wire('PutMetricData', Buffer.from('not gzip'), { 'content-encoding': 'gzip' }), model, 'PutMetricData'), { code: 'SerializationException' });
    const bomb = wire('PutMetricData', gzipSync(Buffer.alloc(1_000_000)), { 'content-encoding': 'gzip' });
    assert.throws(() => gz.parseInput(bomb, model, 'PutMetricData'), { code: 'RequestEntityTooLarge', status: 413 });
  });
});
