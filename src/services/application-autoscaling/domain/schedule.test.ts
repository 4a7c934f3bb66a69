import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextRun, parseSchedule, Window } from './schedule.js';

const CREATED = new Date('2026-01-01T00:00:00Z');

/** The next run of `expression` after `after`, as an ISO string (or undefined). */
function next(expression: string, after: string, zone = 'UTC', window: Partial<Window> = {}): string | undefined {
  const schedule = parseSchedule(expression);
  assert.ok(schedule, `${expression} parses`);
  return nextRun(schedule, zone, { created: CREATED, ...window }, new Date(after))?.toISOString();
}

describe('schedule expressions', () => {
  it('accepts at(), rate() and six-field cron() as AWS documents them, and nothing else', () => {
    const valid = [
      'at(2021-03-31T22:00:00)', 'rate(1 minute)', 'rate(5 hours)', 'rate(2 days)', 'cron(15 12 * * ? *)', 'cron(0 18 ? * MON-FRI *)',
      'cron(0/15 * * * ? *)', 'cron(0/5 8-17 ? * MON-FRI *)', 'cron(0 8 1 * ? *)', 'cron(30 6 * * 2 *)', 'cron(0 12 L * ? *)', 'cron(0 12 ? * 6L *)',
      'cron(0 12 ? * 2#1 *)', 'cron(0 12 15W * ? *)', 'cron(0 12 LW * ? *)', 'cron(0 0 1 JAN,JUL ? 2027-2030)',
    ];
    for (const expression of valid) assert.ok(parseSchedule(expression), expression);
    const invalid = [
      'at(2021-02-30T10:00:00)', 'at(2021-03-31 22:00:00)', 'rate(1 minutes)', 'rate(5 hour)', 'rate(0 minutes)', 'rate(5 weeks)',
      'cron(0 10 * * ?)', 'cron(60 10 * * ? *)', 'cron(0 24 * * ? *)', 'cron(0 10 32 * ? *)', 'cron(0 10 * 13 ? *)', 'cron(0 10 ? * 8 *)',
      'cron(0 10 * * ? 1969)', 'cron(? 10 * * ? *)', 'cron(0 10-5 * * ? *)', 'cron(0 10 * * FUNDAY *)', 'every(5 minutes)', '',
    ];
    for (const expression of invalid) assert.equal(parseSchedule(expression), undefined, expression);
  });

  it('runs at() once, at its wall time in the time zone', () => {
    assert.equal(next('at(2021-01-31T17:00:00)', '2021-01-01T00:00:00Z', 'America/New_York'), '2021-01-31T22:00:00.000Z');
    assert.equal(next('at(2021-07-31T17:00:00)', '2021-01-01T00:00:00Z', 'America/New_York'), '2021-07-31T21:00:00.000Z', 'summer time');
    assert.equal(next('at(2026-03-01T12:00:30)', '2026-03-01T12:00:00Z'), '2026-03-01T12:00:30.000Z', 'to the second');
    assert.equal(next('at(2026-03-01T11:00:00)', '2026-03-01T12:00:00Z'), undefined, 'in the past: never');
    assert.equal(next('at(2026-03-01T13:00:00)', '2026-03-01T12:00:00Z', 'UTC', { end: new Date('2026-03-01T12:30:00Z') }), undefined, 'after the end time');
  });

  it('runs rate() every interval from the start time (running at the start time itself), else from creation', () => {
    const window = { start: new Date('2021-01-30T12:00:00Z'), end: new Date('2021-01-31T22:00:00Z') };
    assert.equal(next('rate(5 hours)', '2021-01-29T00:00:00Z', 'UTC', window), '2021-01-30T12:00:00.000Z');
    assert.equal(next('rate(5 hours)', '2021-01-30T12:00:00Z', 'UTC', window), '2021-01-30T17:00:00.000Z');
    assert.equal(next('rate(5 hours)', '2021-01-31T13:00:00Z', 'UTC', window), '2021-01-31T18:00:00.000Z');
    assert.equal(next('rate(5 hours)', '2021-01-31T18:00:00Z', 'UTC', window), undefined, 'the next one is after the end time');
    assert.equal(next('rate(1 minute)', '2026-01-01T00:00:00Z'), '2026-01-01T00:01:00.000Z');
    assert.equal(next('rate(1 minute)', '2026-01-01T00:01:30Z'), '2026-01-01T00:02:00.000Z');
    assert.equal(next('rate(99999999999 days)', '2026-01-01T00:00:00Z'), undefined, 'beyond any date');
  });

  it('runs cron() at the wall times it names: UTC by default, weekday numbers 1–7 = SUN–SAT', () => {
    const cases: Array<[string, string, string, string | undefined]> = [
      ['cron(0 10 * * ? *)', '2026-03-01T12:00:00Z', 'UTC', '2026-03-02T10:00:00.000Z'],
      ['cron(0/15 * * * ? *)', '2026-03-01T12:07:00Z', 'UTC', '2026-03-01T12:15:00.000Z'],
      ['cron(0/15 * * * ? *)', '2026-03-01T12:15:00Z', 'UTC', '2026-03-01T12:30:00.000Z'],
      ['cron(30 6 * * 2 *)', '2026-03-01T12:00:00Z', 'UTC', '2026-03-02T06:30:00.000Z'],
      ['cron(0 18 ? * MON-FRI *)', '2026-03-06T00:00:00Z', 'Etc/GMT+9', '2026-03-06T03:00:00.000Z'],
      ['cron(0 18 ? * MON-FRI *)', '2026-03-07T03:00:00Z', 'Etc/GMT+9', '2026-03-10T03:00:00.000Z'],
      ['cron(0 12 L * ? *)', '2026-02-10T00:00:00Z', 'UTC', '2026-02-28T12:00:00.000Z'],
      ['cron(0 12 ? * 6L *)', '2026-03-01T00:00:00Z', 'UTC', '2026-03-27T12:00:00.000Z'],
      ['cron(0 12 ? * 2#1 *)', '2026-03-03T00:00:00Z', 'UTC', '2026-04-06T12:00:00.000Z'],
      ['cron(0 12 15W * ? *)', '2026-03-01T00:00:00Z', 'UTC', '2026-03-16T12:00:00.000Z'],
      ['cron(0 12 15W * ? *)', '2026-08-01T00:00:00Z', 'UTC', '2026-08-14T12:00:00.000Z'],
      ['cron(0 12 1W * ? *)', '2026-07-31T13:00:00Z', 'UTC', '2026-08-03T12:00:00.000Z'],
      ['cron(0 12 LW * ? *)', '2026-05-01T00:00:00Z', 'UTC', '2026-05-29T12:00:00.000Z'],
      ['cron(0 0 1 1 ? 2030)', '2026-03-01T00:00:00Z', 'UTC', '2030-01-01T00:00:00.000Z'],
      ['cron(0 0 30 2 ? *)', '2026-03-01T00:00:00Z', 'UTC', undefined],
    ];
    for (const [expression, after, zone, expected] of cases) assert.equal(next(expression, after, zone), expected, `${expression} after ${after} in ${zone}`);
  });

  it('follows daylight saving time: a skipped wall time runs after the change, a repeated one runs once', () => {
    assert.equal(next('cron(30 2 * * ? *)', '2026-03-07T08:00:00Z', 'America/New_York'), '2026-03-08T07:30:00.000Z', '02:30 does not exist: 03:30 EDT');
    assert.equal(next('cron(30 2 * * ? *)', '2026-03-08T07:30:00Z', 'America/New_York'), '2026-03-09T06:30:00.000Z');
    assert.equal(next('cron(30 1 * * ? *)', '2026-10-31T12:00:00Z', 'America/New_York'), '2026-11-01T05:30:00.000Z', '01:30 EDT, the first of the two');
    assert.equal(next('cron(30 1 * * ? *)', '2026-11-01T05:30:00Z', 'America/New_York'), '2026-11-02T06:30:00.000Z', 'not again at 01:30 EST');
  });

  it('runs a recurring schedule at its start time first, and not after its end time', () => {
    const start = new Date('2026-03-05T07:13:00Z');
    assert.equal(next('cron(0 10 * * ? *)', '2026-03-01T12:00:00Z', 'UTC', { start }), '2026-03-05T07:13:00.000Z');
    assert.equal(next('cron(0 10 * * ? *)', '2026-03-05T07:13:00Z', 'UTC', { start }), '2026-03-05T10:00:00.000Z');
    assert.equal(next('cron(0 10 * * ? *)', '2026-03-05T10:00:00Z', 'UTC', { start, end: new Date('2026-03-06T09:00:00Z') }), undefined);
  });
});
