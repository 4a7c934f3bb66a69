import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logsApi, T0 } from './api-harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const put = (logEvents: { timestamp: number; message: string }[], more: object = {}) => ({ logGroupName: 'g', logStreamName: 's', logEvents, ...more });
const at = (...times: number[]) => times.map((timestamp, i) => ({ timestamp, message: `m${i}` }));

describe('PutLogEvents', () => {
  it('keeps the batch, ignores sequence tokens and answers the next one', async () => {
    const { call, seed } = logsApi();
    await seed('g', 's', []);
    const first = await call('PutLogEvents', put(at(T0 - 2, T0 - 1)));
    assert.equal(first.nextSequenceToken, '00000000000000000000000000000000000000000000000000000002');
    assert.equal('rejectedLogEventsInfo' in first, false);
    const second = await call('PutLogEvents', put(at(T0), { sequenceToken: 'stale-or-garbage' }));
    assert.equal(second.nextSequenceToken, '00000000000000000000000000000000000000000000000000000003');
    assert.equal((await call('GetLogEvents', { logGroupName: 'g', logStreamName: 's' })).events.length, 3);
  });

  it('rejects events too new, too old and past retention, and keeps the rest', async () => {
    const { call, seed } = logsApi();
    await seed('g', 's', []);
    await call('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 1 });
    const out = await call('PutLogEvents', put(at(T0 - 15 * DAY, T0 - 2 * DAY, T0 - HOUR, T0, T0 + 3 * HOUR)));
    assert.deepEqual(out.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 2, tooNewLogEventStartIndex: 4 });
    assert.deepEqual((await call('GetLogEvents', { logGroupName: 'g', logStreamName: 's' })).events.map((e) => e.message), ['m2', 'm3']);
  });

  const refusals: [string, { timestamp: number; message: string }[], string][] = [
    ['out of order', at(T0, T0 - 1), 'InvalidParameterException: Log events in a single PutLogEvents request must be in chronological order.'],
    ['spanning more than 24 hours', at(T0 - 25 * HOUR, T0), 'InvalidParameterException: The batch of log events in a single PutLogEvents request cannot span more than 24 hours.'],
    ['one event over 1 MB', [{ timestamp: T0, message: 'x'.repeat(1_048_551) }], 'InvalidParameterException: Log event too large: 1048577 bytes exceeds limit of 1048576'],
  ];
  for (const [what, events, error] of refusals) {
    it(`refuses a batch ${what}, keeping nothing`, async () => {
      const { call, failure, seed } = logsApi();
      await seed('g', 's', []);
      assert.equal(await failure('PutLogEvents', put(events)), error);
      assert.deepEqual((await call('GetLogEvents', { logGroupName: 'g', logStreamName: 's' })).events, []);
    });
  }

  it('counts the batch as AWS does: UTF-8 bytes plus 26 per event, up to exactly 1,048,576', async () => {
    const { failure, call, seed } = logsApi();
    await seed('g', 's', []);
    const fits = [{ timestamp: T0, message: 'é'.repeat(262_131) }, { timestamp: T0, message: 'x'.repeat(1_048_576 - 2 * 26 - 524_262) }];
    assert.equal((await call('PutLogEvents', put(fits))).nextSequenceToken.length, 56);
    const over = [...fits.slice(0, 1), { ...fits[1], message: `${fits[1].message}x` }];
    assert.equal(await failure('PutLogEvents', put(over)), 'InvalidParameterException: Upload too large: 1048577 bytes exceeds limit of 1048576');
  });

  it('needs the group and the stream', async () => {
    const { failure, seed } = logsApi();
    assert.equal(await failure('PutLogEvents', put(at(T0))), 'ResourceNotFoundException: The specified log group does not exist.');
    await seed('g', 'other', []);
    assert.equal(await failure('PutLogEvents', put(at(T0))), 'ResourceNotFoundException: The specified log stream does not exist.');
  });
});
