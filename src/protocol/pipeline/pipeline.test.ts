/**
 * The pipeline through a real node:http server with SDK-signed requests: the declared
 * step order, and what each early exit answers (the handler runs only when all pass).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Authorizer } from '../../iam/authorizer.js';
import { silentLogger } from '../../platform/log.js';
import { Gateway } from '../gateway.js';
import { JsonProtocol } from '../json-protocol.js';
import { loadModel } from '../model.js';
import { RequestContext } from '../service.js';
import { STEPS } from './pipeline.js';

const KEY = { accessKeyId: 'AKIAPIPELINE', secretAccessKey: 'pipeline-secret' };
const SESSION = { accessKeyId: 'ASIAPIPELINE', secretAccessKey: 'session-secret', sessionToken: 'the-session-token' };
const SECRETS = new Map([[KEY.accessKeyId, KEY.secretAccessKey], [SESSION.accessKeyId, SESSION.secretAccessKey]]);
const seen: Array<{ input: unknown; ctx: RequestContext }> = [];
let denyAll = false;
const authorizer: Authorizer = { authorize: () => (denyAll ? { allowed: false, reason: 'test' } : { allowed: true, reason: 'test' }) };

describe('the request pipeline', () => {
  let server: Server;
  let port: number;

  before(async () => {
    const ecs = { name: 'ecs', model: loadModel('ecs'), protocols: [new JsonProtocol('InvalidParameterException')], handlers: {
      ListClusters: (input: unknown, ctx: RequestContext) => (seen.push({ input, ctx }), { clusterArns: ['arn:aws:ecs:us-east-1:000000000000:cluster/a'] }),
    } };
    const gateway = new Gateway({ services: [ecs], accountId: '000000000000', log: silentLogger, authorizer, credentials: {
      secretFor: (id) => SECRETS.get(id),
      sessionTokenFor: (id) => (id === SESSION.accessKeyId ? SESSION.sessionToken : undefined),
    } });
    server = createServer(gateway.listener);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  async function call(operation: string, body: unknown, sign: boolean | { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = true) {
    let headers: Record<string, string> = { host: `127.0.0.1:${port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}` };
    const text = JSON.stringify(body);
    if (sign) {
      const signer = new SignatureV4({ credentials: sign === true ? KEY : sign, region: 'eu-west-1', service: 'ecs', sha256: Sha256 });
      headers = (await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', headers, body: text }))).headers;
    }
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body: text });
    return { status: res.status, body: await res.json() as Record<string, unknown>, requestId: res.headers.get('x-amzn-requestid') };
  }

  it('accepts temporary credentials only with their own session token', async () => {
    assert.equal((await call('ListClusters', {}, SESSION)).status, 200);
    const missing = await call('ListClusters', {}, { ...SESSION, sessionToken: undefined });
    assert.deepEqual([missing.status, missing.body.__type, missing.body.message], [400, 'UnrecognizedClientException', 'The security token included in the request is invalid.']);
    assert.equal((await call('ListClusters', {}, { ...SESSION, sessionToken: 'another-token' })).status, 400);
  });

  it('runs the steps in the declared order', () => {
    assert.deepEqual(STEPS.map(([name]) => name), ['route', 'authenticate headers', 'read body', 'authenticate', 'resolve operation', 'parse and validate', 'authorize', 'handle']);
  });

  it('hands the handler the parsed input and its request context, and serializes the output', async () => {
    seen.length = 0;
    const r = await call('ListClusters', { maxResults: 5 });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { clusterArns: ['arn:aws:ecs:us-east-1:000000000000:cluster/a'] });
    assert.deepEqual(seen[0].input, { maxResults: 5 });
    assert.equal(seen[0].ctx.region, 'eu-west-1');
    assert.equal(seen[0].ctx.requestId, r.requestId);
  });

  it('stops early: unsigned, invalid input, unimplemented, denied; the handler never runs', async () => {
    seen.length = 0;
    assert.deepEqual([(await call('ListClusters', {}, false)).body.__type], ['MissingAuthenticationTokenException']);
    const invalid = await call('ListClusters', { maxResults: 'x' });
    assert.deepEqual([invalid.status, invalid.body.__type], [400, 'SerializationException']);
    const missing = await call('DescribeClusters', {});
    assert.deepEqual([missing.status, missing.body.__type], [501, 'NotImplemented']);
    denyAll = true;
    const denied = await call('ListClusters', {});
    denyAll = false;
    assert.deepEqual([denied.status, denied.body.__type], [400, 'AccessDeniedException']);
    assert.equal(seen.length, 0);
  });

  it('answers an unsigned awsQuery request, which names no service, with the awsQuery signature error (security walk finding)', async () => {
    const post = (body: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers }, body });
    const unsigned = await post('Action=ListUsers&Version=2010-05-08');
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /^<ErrorResponse xmlns=""><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message><\/Error>/);
    const now = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const badCredential = await post('Action=ListUsers&Version=2010-05-08', { authorization: `AWS4-HMAC-SHA256 Credential=AKIAPIPELINE/${now.slice(0, 8)}, SignedHeaders=host, Signature=00`, 'x-amz-date': now });
    assert.equal(badCredential.status, 400);
    assert.match(await badCredential.text(), /<Code>IncompleteSignature<\/Code>/);
    const json = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Nobody_20200101.Op' }, body: '{}' });
    assert.deepEqual([json.status, ((await json.json()) as { __type: string }).__type], [400, 'UnknownOperationException']);
  });
});
