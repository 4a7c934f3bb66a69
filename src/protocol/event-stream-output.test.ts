/**
 * The pipeline's streaming hook through a real node:http server and SDK-signed requests: the
 * head, the frames as the SDK's codec reads them, exceptions ending the stream, errors before
 * the stream as plain JSON, and the handler told when the client goes away.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { silentLogger } from '../platform/log.js';
import { clientError } from './errors.js';
import { EventSink, EventStreamOutput } from './event-stream-output.js';
import { Gateway } from './gateway.js';
import { JsonProtocol } from './json-protocol.js';
import { loadModel } from './model.js';

const KEY = { accessKeyId: 'AKIASTREAMING', secretAccessKey: 'streaming-secret' };
const codec = new EventStreamCodec((b: Uint8Array | string) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8')), (s: string) => Buffer.from(s, 'utf8'));

type Union = { sessionStart?: { sessionId?: string }; sessionUpdate?: object; SessionTimeoutException?: { message?: string } };
/** What each test's handler does with its sink. */
let attach: (sink: EventSink<Union>) => void = () => undefined;

interface Frame { type: string; kind: string; body: unknown }

function frames(body: Buffer): Frame[] {
  const out: Frame[] = [];
  for (let at = 0; at < body.length; at += body.readUInt32BE(at)) {
    const m = codec.decode(body.subarray(at, at + body.readUInt32BE(at)));
    const h = (name: string) => String(m.headers[name]?.value ?? '');
    out.push({ kind: h(':message-type'), type: h(':event-type') || h(':exception-type') || h(':error-code'), body: m.body.length ? JSON.parse(Buffer.from(m.body).toString('utf8')) : undefined });
  }
  return out;
}

describe('event stream outputs through the pipeline', () => {
  let server: Server;
  let port: number;

  before(async () => {
    const logs = { name: 'logs', model: loadModel('logs'), protocols: [new JsonProtocol('InvalidParameterException')], handlers: {
      StartLiveTail: (input: { logGroupIdentifiers: string[] }) => {
        if (input.logGroupIdentifiers[0] === 'refused') throw clientError('InvalidParameterException', 'refused before the stream');
        return new EventStreamOutput<Union>('responseStream', (sink) => attach(sink));
      },
    } };
    const gateway = new Gateway({ services: [logs], accountId: '000000000000', log: silentLogger, credentials: { secretFor: (id) => (id === KEY.accessKeyId ? KEY.secretAccessKey : undefined) } });
    server = createServer(gateway.listener);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  async function signed(identifier: string) {
    const body = JSON.stringify({ logGroupIdentifiers: [identifier] });
    const headers = { host: `127.0.0.1:${port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.StartLiveTail' };
    const signer = new SignatureV4({ credentials: KEY, region: 'eu-west-1', service: 'logs', sha256: Sha256 });
    return { body, headers: (await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', headers, body }))).headers };
  }

  async function call(identifier = 'arn:aws:logs:eu-west-1:000000000000:log-group:g') {
    const { body, headers } = await signed(identifier);
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }

  it('sends the head, initial-response, then each member as its own event until the handler ends it', async () => {
    attach = (sink) => {
      sink.send('sessionStart', { sessionId: 's-1' });
      setTimeout(() => (sink.send('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: [] }), sink.end()), 20);
    };
    const r = await call();
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/vnd.amazon.eventstream');
    assert.equal(r.headers.get('content-length'), null);
    assert.match(r.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(frames(r.body), [
      { kind: 'event', type: 'initial-response', body: {} },
      { kind: 'event', type: 'sessionStart', body: { sessionId: 's-1' } },
      { kind: 'event', type: 'sessionUpdate', body: { sessionMetadata: { sampled: false }, sessionResults: [] } },
    ]);
  });

  it('frames a member the model marks as an exception as an exception message, which ends the stream', async () => {
    let sentAfter: boolean | undefined;
    attach = (sink) => {
      sink.send('SessionTimeoutException', { message: 'over' });
      sentAfter = sink.send('sessionStart', { sessionId: 'late' });
    };
    const r = await call();
    assert.deepEqual(frames(r.body).slice(1), [{ kind: 'exception', type: 'SessionTimeoutException', body: { message: 'over' } }]);
    assert.equal(sentAfter, false);
  });

  it('answers a handler that throws before the stream as any other call, and one that fails attaching with an error message', async () => {
    const refused = await call('refused');
    assert.deepEqual([refused.status, JSON.parse(refused.body.toString()).__type], [400, 'InvalidParameterException']);
    attach = () => {
      throw new Error('bug');
    };
    const failed = await call();
    assert.deepEqual(frames(failed.body).map((f) => [f.kind, f.type]), [['event', 'initial-response'], ['error', 'InternalFailure']]);
  });

  it('tells the handler when the client goes away, and the sink refuses to send after', async () => {
    let sink: EventSink<Union> | undefined;
    const closed = new Promise<void>((resolve) => {
      attach = (s) => {
        sink = s;
        s.onClose(resolve);
        s.send('sessionStart', { sessionId: 'open' });
      };
    });
    const { body, headers } = await signed('arn:aws:logs:eu-west-1:000000000000:log-group:g');
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => res.once('data', () => req.destroy()));
    req.on('error', () => undefined);
    req.end(body);
    await closed;
    assert.equal(sink!.send('sessionStart', { sessionId: 'gone' }), false);
    let calledLate = false;
    sink!.onClose(() => (calledLate = true));
    assert.equal(calledLate, true);
  });
});
