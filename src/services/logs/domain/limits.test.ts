import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkBatch, retentionProblem } from './limits.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (...offsets: number[]) => offsets.map((dt) => ({ timestamp: NOW + dt, message: 'm' }));

describe('PutLogEvents limits', () => {
  const table: [string, ReturnType<typeof at>, number | undefined, ReturnType<typeof checkBatch>][] = [
    ['all kept', at(-HOUR, 0, HOUR), undefined, { ok: true, start: 0, end: 3 }],
    ['exactly 2 h ahead is kept, beyond is too new', at(0, 2 * HOUR, 2 * HOUR + 1), undefined, { ok: true, start: 0, end: 2, rejected: { tooNewLogEventStartIndex: 2 } }],
    ['older than 14 days', at(-14 * DAY - 1, -HOUR, 0), undefined, { ok: true, start: 1, end: 3, rejected: { tooOldLogEventEndIndex: 1 } }],
    ['past retention', at(-3 * DAY, -DAY - 1, -HOUR), 1, { ok: true, start: 2, end: 3, rejected: { expiredLogEventEndIndex: 2 } }],
    ['all rejected', at(-20 * DAY, 3 * HOUR), undefined, { ok: true, start: 1, end: 1, rejected: { tooNewLogEventStartIndex: 1, tooOldLogEventEndIndex: 1 } }],
    ['the 24-hour span counts kept events only', at(-20 * DAY, -23 * HOUR, 0), undefined, { ok: true, start: 1, end: 3, rejected: { tooOldLogEventEndIndex: 1 } }],
    ['a kept span over 24 hours fails', at(-25 * HOUR, 0), undefined, { ok: false, problem: 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.' }],
    ['out of order fails', at(0, -1), undefined, { ok: false, problem: 'Log events in a single PutLogEvents request must be in chronological order.' }],
    ['equal timestamps are in order', at(0, 0), undefined, { ok: true, start: 0, end: 2 }],
  ];
  for (const [name, events, retention, expected] of table) {
    it(name, () => assert.deepEqual(checkBatch(events, NOW, retention), expected));
  }

  it('retention days are AWS’s list', () => {
    assert.equal(retentionProblem(3653), undefined);
    assert.match(retentionProblem(0) ?? '', /^1 validation error detected: Value '0' at 'retentionInDays'/);
  });
});
