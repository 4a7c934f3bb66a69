/** The route step: the service from X-Amz-Target, the Smithy RPC v2 path, or the SigV4 scope. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { silentLogger } from '../../platform/log.js';
import { RpcV2CborProtocol } from '../cbor-protocol.js';
import { JsonProtocol } from '../json-protocol.js';
import { loadModel } from '../model.js';
import { QueryProtocol } from '../query-protocol.js';
import { ServiceDefinition } from '../service.js';
import { Env, Exchange } from './exchange.js';
import { route } from './route.js';

const cloudwatch: ServiceDefinition = {
  name: 'monitoring', model: loadModel('cloudwatch'), handlers: {},
  protocols: [new RpcV2CborProtocol({ validationErrorCode: 'ValidationError' }), new JsonProtocol('ValidationError'), new QueryProtocol()],
};
const kms: ServiceDefinition = { name: 'kms', model: loadModel('kms'), handlers: {}, protocols: [new JsonProtocol('ValidationException')] };
const env = {
  byTarget: new Map([['GraniteServiceVersion20100801', cloudwatch], ['TrentService', kms]]),
  bySigningName: new Map([['monitoring', cloudwatch], ['kms', kms]]),
  log: silentLogger,
} as unknown as Env;

function routed(path: string, headers: Record<string, string>): { service?: string; protocol?: string } {
  const x: Exchange = { requestId: 'r', incoming: {} as IncomingMessage, wire: { method: 'POST', path, query: '', headers, headersDistinct: {}, body: Buffer.alloc(0) } };
  route(x, env);
  return { service: x.service?.name, protocol: x.protocol?.constructor.name };
}

const SCOPE = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=00';

describe('routing', () => {
  it('finds rpc-v2-cbor requests by their path, signed or not', () => {
    assert.deepEqual(routed('/service/GraniteServiceVersion20100801/operation/PutMetricData', { 'smithy-protocol': 'rpc-v2-cbor' }), { service: 'monitoring', protocol: 'RpcV2CborProtocol' });
    assert.deepEqual(routed('/service/GraniteServiceVersion20100801/operation/PutMetricData', { authorization: SCOPE }), { service: 'monitoring', protocol: 'RpcV2CborProtocol' });
  });

  it('takes each of CloudWatch\'s three forms by its framing', () => {
    assert.deepEqual(routed('/', { 'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics', 'content-type': 'application/x-amz-json-1.0' }), { service: 'monitoring', protocol: 'JsonProtocol' });
    assert.deepEqual(routed('/', { authorization: SCOPE, 'content-type': 'application/x-www-form-urlencoded' }), { service: 'monitoring', protocol: 'QueryProtocol' });
  });

  it('leaves a path naming no service to the other rules', () => {
    assert.deepEqual(routed('/service/Nobody/operation/X', {}), { service: undefined, protocol: undefined });
    assert.deepEqual(routed('/service/Nobody/operation/X', { authorization: SCOPE }), { service: 'monitoring', protocol: 'RpcV2CborProtocol' });
  });
});
