/**
 * CloudWatch Logs StartLiveTail against a real Berth: the JS SDK's event stream (with the host
 * prefix disabled, and with it on and `stream-localhost` resolved to Berth), events put while
 * the session runs and filtered by its pattern, sessions ended by aborting and released by the
 * server, the concurrent-session quota, and the aws CLI (botocore) reading the same stream.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { LookupFunction } from 'node:net';
import {
  CloudWatchLogsClient, CloudWatchLogsClientConfig, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, StartLiveTailCommand,
  StartLiveTailCommandInput, StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/live/web`;
const MAX_SESSIONS = 15;

interface Session {
  events: AsyncIterator<StartLiveTailResponseStream>;
  stop: () => void;
}

describe('CloudWatch Logs Live Tail', () => {
  let berth: RunningBerth;
  let logs: CloudWatchLogsClient;
  const client = (over: CloudWatchLogsClientConfig = {}) => new CloudWatchLogsClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1, disableHostPrefix: true, ...over });
  const put = (...messages: string[]) =>
    logs.send(new PutLogEventsCommand({ logGroupName: '/live/web', logStreamName: 'ecs/web/1', logEvents: messages.map((message) => ({ timestamp: Date.now(), message })) }));

  async function startSession(input: Partial<StartLiveTailCommandInput> = {}, using = logs): Promise<Session> {
    const abort = new AbortController();
    const out = await using.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP_ARN], ...input }), { abortSignal: abort.signal });
    return { events: out.responseStream![Symbol.asyncIterator](), stop: () => abort.abort() };
  }

  /** Messages of the session's updates until `count` arrived (or 5 s passed). */
  async function messages(session: Session, count: number): Promise<string[]> {
    const seen: string[] = [];
    const deadline = Date.now() + 5000;
    while (seen.length < count && Date.now() < deadline) {
      const { value, done } = await session.events.next();
      if (done) break;
      seen.push(...(value.sessionUpdate?.sessionResults ?? []).map((e) => e.message!));
    }
    return seen;
  }

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', ACCOUNT] });
    logs = client();
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/live/web' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/live/web', logStreamName: 'ecs/web/1' }));
  });
  after(async () => {
    logs?.destroy();
    await berth?.destroy();
  });

  it('streams sessionStart, then the events put meanwhile that match the pattern, until aborted', async () => {
    const session = await startSession({ logEventFilterPattern: 'keep' });
    const first = await session.events.next();
    assert.equal(first.value.sessionStart?.logEventFilterPattern, 'keep');
    assert.deepEqual(first.value.sessionStart?.logGroupIdentifiers, [GROUP_ARN]);
    await put('keep 1', 'drop 2', 'keep 3');
    await put('drop 4', 'keep 5');
    assert.deepEqual(await messages(session, 3), ['keep 1', 'keep 3', 'keep 5']);
    session.stop();
    await assert.rejects(session.events.next(), { message: 'aborted' });
  });

  it('works with the host prefix on when stream-<host> resolves to Berth (Berth ignores the Host name)', async () => {
    const port = Number(new URL(berth.endpoint).port);
    const resolved: string[] = [];
    const lookup = ((host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      resolved.push(host);
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    }) as unknown as LookupFunction;
    const prefixed = client({ endpoint: `http://localhost:${port}`, disableHostPrefix: false, requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ lookup }) }) });
    const session = await startSession({}, prefixed);
    assert.ok((await session.events.next()).value.sessionStart?.sessionId);
    assert.deepEqual([...new Set(resolved)], ['stream-localhost']);
    session.stop();
    prefixed.destroy();
  });

  it(`refuses a ${MAX_SESSIONS + 1}th concurrent session, and frees the places of aborted ones`, async () => {
    const sessions = await Promise.all(Array.from({ length: MAX_SESSIONS }, () => startSession()));
    await assert.rejects(startSession(), { name: 'LimitExceededException' });
    sessions.forEach((s) => s.stop());
    // The server notices the closed connections at once; allow it a moment.
    await new Promise((r) => setTimeout(r, 200));
    const again = await startSession({ logStreamNames: ['ecs/web/1'] });
    await put('after the others');
    assert.deepEqual(await messages(again, 1), ['after the others']);
    again.stop();
    assert.doesNotMatch(berth.output(), /ERROR|live tail listener failed|internal error/);
  });

  it('refuses a log group name, which StartLiveTail does not take', async () => {
    await assert.rejects(logs.send(new StartLiveTailCommand({ logGroupIdentifiers: ['/live/web'] })), { name: 'InvalidParameterException' });
  });

  it('the aws CLI (botocore) prints the events, with AWS_DISABLE_HOST_PREFIX_INJECTION=true', async () => {
    const env = { ...berth.cliEnv(), AWS_DEFAULT_REGION: REGION, AWS_DISABLE_HOST_PREFIX_INJECTION: 'true' };
    const cli = spawn('aws', ['--endpoint-url', berth.endpoint, 'logs', 'start-live-tail', '--log-group-identifiers', GROUP_ARN], { env });
    let out = '';
    cli.stdout.on('data', (d) => (out += d));
    cli.stderr.on('data', (d) => (out += d));
    const deadline = Date.now() + 8000;
    try {
      while (!out.includes('from the cli test') && Date.now() < deadline) {
        await put('from the cli test');
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      cli.kill();
    }
    assert.match(out, /from the cli test/);
  });
});
