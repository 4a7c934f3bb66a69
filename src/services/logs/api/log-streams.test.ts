import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, logsApi, T0 } from './api-harness.js';

describe('log streams', () => {
  it('CreateLogStream and DescribeLogStreams as AWS shows them', async () => {
    const { call, failure, seed } = logsApi();
    await seed('g', 'quiet', []);
    await seed('g', 'busy', ['a', 'b'], T0 - 5000);
    const streams = (await call('DescribeLogStreams', { logGroupName: 'g' })).logStreams;
    assert.deepEqual(streams, [
      {
        logStreamName: 'busy', creationTime: T0, firstEventTimestamp: T0 - 5000, lastEventTimestamp: T0 - 4999, lastIngestionTime: T0,
        uploadSequenceToken: '00000000000000000000000000000000000000000000000000000002', arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:g:log-stream:busy`, storedBytes: 0,
      },
      { logStreamName: 'quiet', creationTime: T0, arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:g:log-stream:quiet`, storedBytes: 0 },
    ]);
    assert.equal(await failure('CreateLogStream', { logGroupName: 'g', logStreamName: 'busy' }), 'ResourceAlreadyExistsException: The specified log stream already exists');
    assert.equal(await failure('CreateLogStream', { logGroupName: 'nope', logStreamName: 's' }), 'ResourceNotFoundException: The specified log group does not exist.');
    assert.equal(await failure('DescribeLogStreams', { logGroupName: 'nope' }), 'ResourceNotFoundException: The specified log group does not exist.');
  });

  it('orders by name or last event time, either way, page by page; a prefix only by name', async () => {
    const { call, failure, seed } = logsApi();
    await seed('g', 'c', ['x'], T0 - 1000);
    await seed('g', 'a', ['x'], T0 - 3000);
    await seed('g', 'b', ['x'], T0 - 2000);
    const names = async (input: object) => (await call('DescribeLogStreams', { logGroupName: 'g', ...input })).logStreams.map((s) => s.logStreamName);
    assert.deepEqual(await names({ descending: true }), ['c', 'b', 'a']);
    assert.deepEqual(await names({ orderBy: 'LastEventTime', descending: true }), ['c', 'b', 'a']);
    assert.deepEqual(await names({ logStreamNamePrefix: 'b' }), ['b']);
    const first = await call('DescribeLogStreams', { logGroupName: 'g', orderBy: 'LastEventTime', limit: 2 });
    assert.deepEqual(first.logStreams.map((s) => s.logStreamName), ['a', 'b']);
    assert.deepEqual(await names({ orderBy: 'LastEventTime', limit: 2, nextToken: first.nextToken }), ['c']);
    assert.equal(await failure('DescribeLogStreams', { logGroupName: 'g', orderBy: 'LastEventTime', logStreamNamePrefix: 'a' }),
      'InvalidParameterException: Cannot order by LastEventTime with a logStreamNamePrefix.');
    assert.equal(await failure('DescribeLogStreams', { logGroupName: 'g', logGroupIdentifier: 'g' }), 'InvalidParameterException: Specify either logGroupName or logGroupIdentifier, but not both.');
    assert.deepEqual(await names({ logGroupName: undefined, logGroupIdentifier: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:g` }), ['a', 'b', 'c']);
  });

  it('DeleteLogStream deletes the stream and its events', async () => {
    const { call, failure, seed } = logsApi();
    await seed('g', 's', ['a']);
    await call('DeleteLogStream', { logGroupName: 'g', logStreamName: 's' });
    assert.equal(await failure('DeleteLogStream', { logGroupName: 'g', logStreamName: 's' }), 'ResourceNotFoundException: The specified log stream does not exist.');
    assert.deepEqual((await call('FilterLogEvents', { logGroupName: 'g' })).events, []);
  });
});
