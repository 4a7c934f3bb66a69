/**
 * CloudWatch Logs through the official SDK (paginators included) and the aws CLI: groups,
 * streams, PutLogEvents, GetLogEvents both ways, FilterLogEvents with patterns, retention,
 * tags, AWS's error names; and Debian's aws CLI v2 `logs tail`, which polls FilterLogEvents.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DeleteLogGroupCommand, DescribeLogGroupsCommand, DescribeLogStreamsCommand,
  FilterLogEventsCommand, GetLogEventsCommand, ListTagsForResourceCommand, paginateDescribeLogGroups, paginateFilterLogEvents, paginateGetLogEvents,
  PutLogEventsCommand, PutMetricFilterCommand, PutRetentionPolicyCommand, TagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { RunningBerth, startBerthProcess, TEST_CREDENTIALS } from '../support/berth-process.js';

const run = promisify(execFile);
const REGION = 'eu-west-1';
const AWS_V2 = '/usr/bin/aws';

describe('CloudWatch Logs', () => {
  let berth: RunningBerth;
  let logs: CloudWatchLogsClient;
  const cli = async (...args: string[]) => JSON.parse((await run('aws', ['--endpoint-url', berth.endpoint, '--region', REGION, '--output', 'json', 'logs', ...args], { env: berth.cliEnv() })).stdout || '{}');
  const put = (group: string, stream: string, messages: string[], at = Date.now() - 60_000) =>
    logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message, i) => ({ timestamp: at + i, message })) }));

  before(async () => {
    berth = await startBerthProcess({ args: ['--account-id', '123456789012'] });
    logs = new CloudWatchLogsClient({ endpoint: berth.endpoint, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  after(async () => {
    logs?.destroy();
    await berth?.destroy();
  });

  it('groups: create with tags, retention, describe page by page, tags by ARN, delete', async () => {
    for (let i = 0; i < 7; i++) await logs.send(new CreateLogGroupCommand({ logGroupName: `/pages/g${i}`, ...(i === 0 ? { tags: { team: 'core' } } : {}) }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/pages/g0', retentionInDays: 7 }));
    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 3 }, { logGroupNamePrefix: '/pages/' })) names.push(...page.logGroups!.map((g) => g.logGroupName!));
    assert.deepEqual(names, [0, 1, 2, 3, 4, 5, 6].map((i) => `/pages/g${i}`));
    const [g0] = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/pages/g0' }))).logGroups!;
    assert.equal(g0.retentionInDays, 7);
    assert.equal(g0.arn, 'arn:aws:logs:eu-west-1:123456789012:log-group:/pages/g0:*');
    await logs.send(new TagResourceCommand({ resourceArn: g0.logGroupArn!, tags: { env: 'test' } }));
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: g0.logGroupArn! }))).tags, { team: 'core', env: 'test' });
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: '/pages/g0' })), { name: 'ResourceAlreadyExistsException', message: 'The specified log group already exists' });
    await assert.rejects(logs.send(new PutRetentionPolicyCommand({ logGroupName: '/pages/g0', retentionInDays: 2 })), { name: 'InvalidParameterException' });
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: 'bad:name' })), (e: Error) => e.name === 'InvalidParameterException' && /^1 validation error detected/.test(e.message));
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/pages/g6' }));
    await assert.rejects(logs.send(new DeleteLogGroupCommand({ logGroupName: '/pages/g6' })), { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
  });

  it('events: PutLogEvents, GetLogEvents paginated forward to the end, FilterLogEvents with patterns', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'app' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: 'web/1' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'app', logStreamName: 'web/2' }));
    const lines = Array.from({ length: 25 }, (_v, i) => (i % 5 === 0 ? `ERROR item ${i}` : `INFO item ${i}`));
    const out = await put('app', 'web/1', lines);
    assert.match(out.nextSequenceToken!, /^\d{56}$/);
    await put('app', 'web/2', ['{"level":"warn","latency":950}', '{"level":"info","latency":20}']);
    const forward: string[] = [];
    for await (const page of paginateGetLogEvents({ client: logs, pageSize: 10, stopOnSameToken: true }, { logGroupName: 'app', logStreamName: 'web/1', startFromHead: true, limit: 10 })) {
      forward.push(...page.events!.map((e) => e.message!));
    }
    assert.deepEqual(forward, lines, 'the paginator (stopOnSameToken) stops when the forward token repeats');
    const latest = await logs.send(new GetLogEventsCommand({ logGroupName: 'app', logStreamName: 'web/1', limit: 2 }));
    assert.deepEqual(latest.events!.map((e) => e.message), ['INFO item 23', 'INFO item 24']);
    const errors: string[] = [];
    for await (const page of paginateFilterLogEvents({ client: logs }, { logGroupName: 'app', filterPattern: 'ERROR', limit: 2 })) errors.push(...page.events!.map((e) => e.message!));
    assert.deepEqual(errors, ['ERROR item 0', 'ERROR item 5', 'ERROR item 10', 'ERROR item 15', 'ERROR item 20']);
    const slow = await logs.send(new FilterLogEventsCommand({ logGroupName: 'app', filterPattern: '{ $.latency > 500 }' }));
    assert.deepEqual(slow.events!.map((e) => [e.logStreamName, e.message]), [['web/2', '{"level":"warn","latency":950}']]);
    const delimited = await logs.send(new FilterLogEventsCommand({ logGroupName: 'app', filterPattern: '[level = ERROR, ..., n >= 10 && n < 20]' }));
    assert.deepEqual(delimited.events!.map((e) => e.message), ['ERROR item 10', 'ERROR item 15']);
    const regex = await logs.send(new FilterLogEventsCommand({ logGroupName: 'app', filterPattern: '%item\\s2[0-4]$%' }));
    assert.deepEqual(regex.events!.map((e) => e.message), ['ERROR item 20', 'INFO item 21', 'INFO item 22', 'INFO item 23', 'INFO item 24']);
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: 'app', filterPattern: '%ERR(OR)?%' })), { name: 'InvalidParameterException' });
    const streams = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'app', orderBy: 'LastEventTime', descending: true }))).logStreams!;
    assert.deepEqual(streams.map((s) => s.logStreamName), ['web/1', 'web/2']);
    await assert.rejects(put('app', 'web/3', ['x']), { name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: 'app', filterPattern: '{ $.a = ' })), { name: 'InvalidParameterException' });
  });

  it('the aws CLI: put-log-events, get-log-events and filter-log-events as scripts call them', async () => {
    await cli('create-log-group', '--log-group-name', 'cli');
    await cli('create-log-stream', '--log-group-name', 'cli', '--log-stream-name', 's');
    const now = Date.now();
    const events = JSON.stringify([{ timestamp: now - 2, message: 'first line' }, { timestamp: now - 1, message: 'second line' }]);
    const putOut = await cli('put-log-events', '--log-group-name', 'cli', '--log-stream-name', 's', '--log-events', events);
    assert.match(putOut.nextSequenceToken, /^\d{56}$/);
    const got = await cli('get-log-events', '--log-group-name', 'cli', '--log-stream-name', 's', '--start-from-head');
    assert.deepEqual(got.events.map((e: { message: string }) => e.message), ['first line', 'second line']);
    const filtered = await cli('filter-log-events', '--log-group-name', 'cli', '--filter-pattern', '"second line"');
    assert.deepEqual(filtered.events.map((e: { message: string }) => e.message), ['second line']);
    const groups = await cli('describe-log-groups', '--log-group-name-pattern', 'cl');
    assert.deepEqual(groups.logGroups.map((g: { logGroupName: string }) => g.logGroupName), ['cli']);
  });

  it('aws logs tail (aws CLI v2) prints a group\'s recent events', { skip: existsSync(AWS_V2) ? false : `${AWS_V2} (Debian's awscli, v2) is not installed` }, async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'tailed' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'tailed', logStreamName: 'one' }));
    await put('tailed', 'one', ['tail me', 'and me']);
    const { stdout } = await run(AWS_V2, ['--endpoint-url', berth.endpoint, '--region', REGION, 'logs', 'tail', 'tailed', '--since', '1h', '--format', 'short'], { env: berth.cliEnv() });
    assert.match(stdout, /tail me\n.*and me\n/);
  });

  it('operations Berth does not serve answer 501 naming themselves', async () => {
    const err = await logs.send(new PutMetricFilterCommand({ logGroupName: 'app', filterName: 'f', filterPattern: 'ERROR', metricTransformations: [] })).catch((e) => e);
    assert.equal(err.$metadata?.httpStatusCode, 501);
    assert.match(err.message, /Berth does not implement .* operation PutMetricFilter yet/);
  });
});
