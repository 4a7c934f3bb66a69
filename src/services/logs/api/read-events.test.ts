import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logsApi, T0 } from './api-harness.js';

const get = (more: object = {}) => ({ logGroupName: 'g', logStreamName: 's', ...more });
const texts = (r: { events: { message: string }[] }) => r.events.map((e) => e.message);
const TEN = Array.from({ length: 10 }, (_v, i) => `e${i}`);

describe('GetLogEvents', () => {
  it('newest first by default, oldest with startFromHead; tokens page both ways and repeat at the ends', async () => {
    const { call, seed } = logsApi();
    await seed('g', 's', TEN);
    const latest = await call('GetLogEvents', get({ limit: 3 }));
    assert.deepEqual(texts(latest), ['e7', 'e8', 'e9']);
    assert.match(latest.nextForwardToken, /^f\/\d{56}\/s$/);
    assert.match(latest.nextBackwardToken, /^b\/\d{56}\/s$/);
    const back = await call('GetLogEvents', get({ limit: 3, nextToken: latest.nextBackwardToken }));
    assert.deepEqual(texts(back), ['e4', 'e5', 'e6']);
    const forward = await call('GetLogEvents', get({ limit: 3, nextToken: back.nextForwardToken, startFromHead: true }));
    assert.deepEqual(texts(forward), ['e7', 'e8', 'e9'], 'the two tokens of a page meet at its edges');
    const end = await call('GetLogEvents', get({ nextToken: forward.nextForwardToken }));
    assert.deepEqual(end, { events: [], nextForwardToken: forward.nextForwardToken, nextBackwardToken: forward.nextForwardToken.replace(/^f/, 'b') });
    const head = await call('GetLogEvents', get({ limit: 4, startFromHead: true }));
    assert.deepEqual(texts(head), ['e0', 'e1', 'e2', 'e3']);
    const start = await call('GetLogEvents', get({ nextToken: head.nextBackwardToken }));
    assert.equal(start.nextBackwardToken, head.nextBackwardToken, 'the start of the stream');
    assert.deepEqual(start.events, []);
  });

  it('a forward token sees events that arrive later', async () => {
    const { call, seed } = logsApi();
    await seed('g', 's', ['a']);
    const first = await call('GetLogEvents', get({ startFromHead: true }));
    await call('PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: T0, message: 'b' }] });
    assert.deepEqual(texts(await call('GetLogEvents', get({ nextToken: first.nextForwardToken }))), ['b']);
  });

  it('time range: start inclusive, end exclusive; an empty stream has tokens too', async () => {
    const { call, seed } = logsApi();
    await seed('g', 's', TEN, T0 - 100);
    assert.deepEqual(texts(await call('GetLogEvents', get({ startTime: T0 - 98, endTime: T0 - 95, startFromHead: true }))), ['e2', 'e3', 'e4']);
    await seed('g', 'empty', []);
    const empty = await call('GetLogEvents', get({ logStreamName: 'empty' }));
    assert.deepEqual(empty.events, []);
    assert.match(empty.nextForwardToken, /^f\//);
  });

  it('refuses bad tokens and unknown streams', async () => {
    const { failure, seed } = logsApi();
    await seed('g', 's', []);
    assert.equal(await failure('GetLogEvents', get({ nextToken: 'f/123/s' })), 'InvalidParameterException: The specified nextToken is invalid.');
    assert.equal(await failure('GetLogEvents', get({ logStreamName: 'nope' })), 'ResourceNotFoundException: The specified log stream does not exist.');
  });

  it('a page holds at most 1 MB, the events nearest its start', async () => {
    const { call, seed } = logsApi();
    const big = 'x'.repeat(400_000);
    await seed('g', 's', []);
    for (const [i, first] of ['a', 'b', 'c'].entries()) {
      await call('PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: T0 + i, message: `${first}${big}` }] });
    }
    assert.deepEqual((await call('GetLogEvents', get())).events.map((e) => e.message[0]), ['b', 'c']);
    assert.deepEqual((await call('GetLogEvents', get({ startFromHead: true }))).events.map((e) => e.message[0]), ['a', 'b']);
  });
});

describe('FilterLogEvents', () => {
  it('interleaves streams by time, matches patterns, and names each event', async () => {
    const { call, seed } = logsApi();
    await seed('g', 'web/1', ['GET / 200', 'GET /x 500'], T0 - 100);
    await seed('g', 'web/2', ['{"level":"error","code":7}', 'POST / 201'], T0 - 99);
    await seed('g', 'db/1', ['ERROR disk'], T0 - 50);
    const all = await call('FilterLogEvents', { logGroupName: 'g' });
    assert.deepEqual(texts(all), ['GET / 200', 'GET /x 500', '{"level":"error","code":7}', 'POST / 201', 'ERROR disk'], 'by timestamp, then arrival');
    assert.deepEqual(all.events.map((e) => e.logStreamName), ['web/1', 'web/1', 'web/2', 'web/2', 'db/1']);
    assert.match(all.events[0].eventId, /^\d{56}$/);
    assert.deepEqual(all.searchedLogStreams, []);
    assert.equal('nextToken' in all, false, 'no token at the end, so `aws logs tail --follow` waits');
    assert.deepEqual(texts(await call('FilterLogEvents', { logGroupName: 'g', filterPattern: '?500 ?ERROR' })), ['GET /x 500', 'ERROR disk']);
    assert.deepEqual(texts(await call('FilterLogEvents', { logGroupName: 'g', filterPattern: '{ $.code > 5 }' })), ['{"level":"error","code":7}']);
    assert.deepEqual(texts(await call('FilterLogEvents', { logGroupName: 'g', logStreamNamePrefix: 'web/', filterPattern: 'GET' })), ['GET / 200', 'GET /x 500']);
    assert.deepEqual(texts(await call('FilterLogEvents', { logGroupName: 'g', logStreamNames: ['db/1', 'web/2'], startTime: T0 - 99, endTime: T0 - 98 })), ['{"level":"error","code":7}', 'POST / 201']);
  });

  it('pages with limit and nextToken, without repeating or losing events', async () => {
    const { call, seed } = logsApi();
    await seed('g', 's', TEN);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await call('FilterLogEvents', { logGroupName: 'g', limit: 4, ...(nextToken ? { nextToken } : {}) });
      seen.push(...texts(page));
      nextToken = (page as { nextToken?: string }).nextToken;
    } while (nextToken);
    assert.deepEqual(seen, TEN);
  });

  it('refuses bad patterns, tokens and both stream selections, as InvalidParameterException', async () => {
    const { failure, seed } = logsApi();
    await seed('g', 's', []);
    assert.equal(await failure('FilterLogEvents', { logGroupName: 'g', filterPattern: '{ $.a = 1' }), "InvalidParameterException: If a filter pattern starts with '{' it must end with '}'");
    assert.equal(await failure('FilterLogEvents', { logGroupName: 'g', nextToken: 'nope' }), 'InvalidParameterException: The specified nextToken is invalid.');
    assert.match(await failure('FilterLogEvents', { logGroupName: 'g', logStreamNames: ['s'], logStreamNamePrefix: 's' }), /^InvalidParameterException: .*mutually exclusive/);
    assert.equal(await failure('FilterLogEvents', { logGroupName: 'nope' }), 'ResourceNotFoundException: The specified log group does not exist.');
  });
});
