/**
 * The ECS wire contract of a real Berth process: SigV4 failures, routing, request
 * deserialization and validation errors, and the headers every response carries.
 * Raw requests are signed with @smithy/signature-v4 so that each can be bent one way.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ECSClient, ExecuteCommandCommand, GetTaskProtectionCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';
const JSON_11 = 'application/x-amz-json-1.1';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Credentials { accessKeyId: string; secretAccessKey: string }

interface RawOptions {
  /** Full X-Amz-Target; default `${TARGET_PREFIX}.${operation}`; null sends none. */
  target?: string | null;
  /** false sends the request unsigned. */
  credentials?: Credentials | false;
  signingDate?: Date;
  presign?: boolean;
}

interface RawResponse { status: number; headers: Headers; text: string; json: any }

describe('ECS wire protocol of a running Berth', () => {
  let berth: RunningBerth;
  let ecs: ECSClient;

  before(async () => {
    berth = await startBerthProcess();
    ecs = berth.ecs();
  });
  after(async () => {
    ecs?.destroy();
    await berth?.destroy();
  });

  async function raw(operation: string, body: string, opts: RawOptions = {}): Promise<RawResponse> {
    const url = new URL(berth.endpoint);
    const target = opts.target === undefined ? `${TARGET_PREFIX}.${operation}` : opts.target;
    const headers: Record<string, string> = { host: url.host, 'content-type': JSON_11 };
    if (target !== null) headers['x-amz-target'] = target;
    let request = new HttpRequest({ method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', headers, body });
    const credentials = opts.credentials ?? TEST_CREDENTIALS;
    if (credentials) {
      const signer = new SignatureV4({ service: 'ecs', region: 'us-east-1', credentials, sha256: Sha256 });
      request = opts.presign
        ? (await signer.presign(request, { expiresIn: 300, signingDate: opts.signingDate, unhoistableHeaders: new Set(['x-amz-target']) })) as HttpRequest
        : (await signer.sign(request, { signingDate: opts.signingDate })) as HttpRequest;
    }
    const query = new URLSearchParams(request.query as Record<string, string>).toString();
    const sendHeaders = { ...request.headers };
    delete sendHeaders.host; // fetch sets the same Host itself
    const res = await fetch(`${berth.endpoint}/${query ? `?${query}` : ''}`, { method: 'POST', headers: sendHeaders, body });
    const text = await res.text();
    let json: any;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, text, json };
  }

  /** Asserts a JSON error response: status, header and body code agree, plus the common headers. */
  function assertError(res: RawResponse, status: number, code: string, message?: string | RegExp): void {
    assert.equal(res.status, status, res.text);
    assert.equal(res.headers.get('x-amzn-errortype'), code);
    assert.equal(res.json?.__type, code, res.text);
    assert.equal(res.headers.get('content-type'), JSON_11);
    assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID_RE);
    if (typeof message === 'string') assert.equal(res.json.message, message);
    else if (message) assert.match(res.json.message, message);
  }

  async function assertStillServing(): Promise<void> {
    const res = await raw('ListClusters', '{}');
    assert.equal(res.status, 200, res.text);
    assert.ok(Array.isArray(res.json.clusterArns));
  }

  describe('authentication', () => {
    it('answers an unsigned request with MissingAuthenticationTokenException', async () => {
      assertError(await raw('ListClusters', '{}', { credentials: false }), 400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    });

    it('answers an unknown access key with UnrecognizedClientException', async () => {
      const res = await raw('ListClusters', '{}', { credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: TEST_CREDENTIALS.secretAccessKey } });
      assertError(res, 400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    });

    it('answers a wrong secret with InvalidSignatureException', async () => {
      const res = await raw('ListClusters', '{}', { credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' } });
      assertError(res, 400, 'InvalidSignatureException', /^The request signature we calculated does not match the signature you provided\./);
    });

    it('rejects a body changed after signing', async () => {
      const url = new URL(berth.endpoint);
      const signer = new SignatureV4({ service: 'ecs', region: 'us-east-1', credentials: TEST_CREDENTIALS, sha256: Sha256 });
      const signed = await signer.sign(new HttpRequest({
        method: 'POST', hostname: url.hostname, port: Number(url.port), path: '/', body: '{}',
        headers: { host: url.host, 'content-type': JSON_11, 'x-amz-target': `${TARGET_PREFIX}.ListClusters` },
      }));
      const { host: _host, ...headers } = signed.headers;
      const res = await fetch(`${berth.endpoint}/`, { method: 'POST', headers, body: '{"maxResults":1}' });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    });

    it('answers more than 15 minutes of clock skew with "Signature expired" / "not yet current"', async () => {
      const past = await raw('ListClusters', '{}', { signingDate: new Date(Date.now() - 20 * 60_000) });
      assertError(past, 400, 'InvalidSignatureException', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
      const future = await raw('ListClusters', '{}', { signingDate: new Date(Date.now() + 20 * 60_000) });
      assertError(future, 400, 'InvalidSignatureException', /^Signature not yet current: /);
      const near = await raw('ListClusters', '{}', { signingDate: new Date(Date.now() - 10 * 60_000) });
      assert.equal(near.status, 200, near.text);
    });

    it('accepts a presigned-query request and rejects it with a wrong secret', async () => {
      const res = await raw('ListClusters', '{"maxResults":5}', { presign: true });
      assert.equal(res.status, 200, res.text);
      assert.ok(Array.isArray(res.json.clusterArns));
      const bad = await raw('ListClusters', '{}', { presign: true, credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'wrong' } });
      assertError(bad, 400, 'InvalidSignatureException');
    });
  });

  describe('routing', () => {
    it('answers an unknown X-Amz-Target operation with UnknownOperationException', async () => {
      assertError(await raw('NoSuchOperation', '{}'), 400, 'UnknownOperationException');
      assertError(await raw('', '{}', { target: TARGET_PREFIX }), 400, 'UnknownOperationException');
      await assertStillServing();
    });

    it('does not serve an ECS operation named under another service\'s target prefix', async () => {
      assertError(await raw('', '{}', { target: 'DynamoDB_20120810.ListClusters' }), 400, 'UnknownOperationException');
    });

    it('answers known but unimplemented operations with 501 naming the operation', async () => {
      for (const operation of ['GetTaskProtection', 'ExecuteCommand']) {
        const res = await raw(operation, '{}');
        assert.equal(res.status, 501, res.text);
        assert.equal(res.headers.get('content-type'), JSON_11);
        assert.equal(res.json.__type, res.headers.get('x-amzn-errortype'));
        assert.match(res.json.message, new RegExp(`\\b${operation}\\b`));
        assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID_RE);
      }
    });

    it('surfaces the 501 through the SDK with status and operation name', async () => {
      const protection = await ecs.send(new GetTaskProtectionCommand({ cluster: 'c' })).then(() => undefined, (e) => e);
      assert.equal(protection?.$metadata?.httpStatusCode, 501);
      assert.match(protection.message, /\bGetTaskProtection\b/);
      const exec = await ecs.send(new ExecuteCommandCommand({ task: 't', command: 'sh', interactive: true })).then(() => undefined, (e) => e);
      assert.equal(exec?.$metadata?.httpStatusCode, 501);
      assert.match(exec.message, /\bExecuteCommand\b/);
    });
  });

  describe('request deserialization and validation', () => {
    it('answers malformed JSON with SerializationException', async () => {
      for (const body of ['{', '{"cluster":', 'not json', '{"a":1}}']) {
        assertError(await raw('DescribeClusters', body), 400, 'SerializationException');
      }
      await assertStillServing();
    });

    it('answers wrong member types with SerializationException', async () => {
      const cases: [string, unknown][] = [
        ['RunTask', { taskDefinition: 'x', count: '1' }],
        ['RunTask', { taskDefinition: 'x', count: 1.5 }],
        ['RunTask', { taskDefinition: 'x', cluster: { name: 'default' } }],
        ['RegisterTaskDefinition', { family: ['web'], containerDefinitions: [] }],
        ['RunTask', { taskDefinition: 'x', enableExecuteCommand: 'true' }],
        ['DescribeTasks', { tasks: 'abc' }],
        ['RegisterTaskDefinition', { family: 'web', containerDefinitions: [{ name: 'a', image: 'b', dockerLabels: { k: 1 } }] }],
        ['ListClusters', []],
      ];
      for (const [operation, body] of cases) {
        const res = await raw(operation, JSON.stringify(body));
        assertError(res, 400, 'SerializationException');
        assert.ok(res.json.message.length > 0, res.text);
      }
      const count = await raw('RunTask', JSON.stringify({ taskDefinition: 'x', count: '1' }));
      assert.equal(count.json.message, 'STRING_VALUE can not be converted to an Integer');
      await assertStillServing();
    });

    it('answers a missing required member with InvalidParameterException in AWS wording', async () => {
      assertError(await raw('RunTask', '{}'), 400, 'InvalidParameterException',
        "1 validation error detected: Value null at 'taskDefinition' failed to satisfy constraint: Member must not be null");
      assertError(await raw('RunTask', ''), 400, 'InvalidParameterException',
        "1 validation error detected: Value null at 'taskDefinition' failed to satisfy constraint: Member must not be null");
      assertError(await raw('RegisterTaskDefinition', '{"family":"web"}'), 400, 'InvalidParameterException',
        "1 validation error detected: Value null at 'containerDefinitions' failed to satisfy constraint: Member must not be null");
      const two = await raw('PutClusterCapacityProviders', '{"cluster":"default"}');
      assertError(two, 400, 'InvalidParameterException', /^2 validation errors detected: Value null at 'capacityProviders' .*; Value null at 'defaultCapacityProviderStrategy' /);
      await assertStillServing();
    });

    it('answers an enum violation with InvalidParameterException naming the enum set', async () => {
      const res = await raw('RunTask', JSON.stringify({ taskDefinition: 'x', launchType: 'BOGUS' }));
      assertError(res, 400, 'InvalidParameterException');
      assert.match(res.json.message, /^1 validation error detected: Value 'BOGUS' at 'launchType' failed to satisfy constraint: Member must satisfy enum value set: \[EC2, FARGATE, EXTERNAL(, [A-Z_]+)*\]$/);
      await assertStillServing();
    });

    it('never answers a bad request with a 5xx', async () => {
      const bodies: [string, string][] = [
        ['RunTask', 'null'], ['RunTask', '"x"'], ['RunTask', '123'],
        ['DescribeClusters', '{"clusters":[{}]}'], ['RegisterTaskDefinition', '{"family":"","containerDefinitions":[{}]}'],
        ['StopTask', '{"task":"arn:aws:ecs:us-east-1:000000000000:cluster/x"}'], ['ListTagsForResource', '{"resourceArn":"nope"}'],
        ['DeleteTaskDefinitions', '{"taskDefinitions":["::"]}'], ['DescribeTaskDefinition', '{"taskDefinition":""}'],
        ['ListClusters', '{"maxResults":0}'], ['ListClusters', '{"nextToken":"%%%"}'], ['PutAccountSetting', '{"name":"nope","value":"x"}'],
      ];
      for (const [operation, body] of bodies) {
        const res = await raw(operation, body);
        assert.ok(res.status >= 400 && res.status < 500, `${operation} ${body} -> ${res.status} ${res.text}`);
        assert.equal(res.json?.__type, res.headers.get('x-amzn-errortype'), `${operation} ${body}`);
      }
      await assertStillServing();
    });

    it('answers null list members with a 4xx, never a 500', async () => {
      assert.equal((await raw('CreateCluster', '{}')).status, 200);
      const bodies: [string, string][] = [
        ['DescribeTasks', '{"tasks":[null]}'], ['DescribeClusters', '{"clusters":[null]}'],
        ['DeleteTaskDefinitions', '{"taskDefinitions":[null]}'], ['RegisterTaskDefinition', '{"family":"a","containerDefinitions":[null]}'],
      ];
      for (const [operation, body] of bodies) {
        const res = await raw(operation, body);
        assert.ok(res.status >= 400 && res.status < 500, `${operation} ${body} -> ${res.status} ${res.text}`);
      }
    });
  });

  describe('response headers', () => {
    it('sends x-amzn-requestid and the JSON 1.1 content type on success and errors', async () => {
      const ids = new Set<string>();
      const responses = [
        await raw('ListClusters', '{}'),
        await raw('DescribeClusters', '{"clusters":["nope"]}'),
        await raw('RunTask', '{}'),
        await raw('ListClusters', '{}', { credentials: false }),
        await raw('GetTaskProtection', '{}'),
        await raw('NoSuchOperation', '{}'),
      ];
      for (const res of responses) {
        const id = res.headers.get('x-amzn-requestid') ?? '';
        assert.match(id, UUID_RE, res.text);
        ids.add(id);
        assert.equal(res.headers.get('content-type'), JSON_11);
      }
      assert.equal(ids.size, responses.length, 'request ids are unique');
    });

    it('gives the SDK the request id', async () => {
      const out = await ecs.send(new ListClustersCommand({}));
      assert.match(out.$metadata.requestId ?? '', UUID_RE);
    });
  });
});
