/**
 * When a scheduled action runs, as AWS documents it:
 * - `at(yyyy-mm-ddThh:mm:ss)`: once, at that wall time in the action's time zone;
 * - `rate(n unit)` (minute(s), hour(s), day(s); singular exactly when n is 1): every n units
 *   from the start time, else from the action's creation;
 * - `cron(…)` (./cron.ts): at the wall times it names in the time zone, to the minute.
 * A recurring action with a start time runs at the start time and then as it recurs; none
 * runs after the end time. Times are instants; only at() and cron() read the time zone.
 */
import { CronSpec, dayMatches, MAX_YEAR, parseCron } from './cron.js';
import { instantOf, localTimeOf } from './zoned-time.js';

export type Schedule =
  | { kind: 'at'; local: { year: number; month: number; day: number; hour: number; minute: number; second: number } }
  | { kind: 'rate'; everyMs: number }
  | { kind: 'cron'; spec: CronSpec };

export interface Window {
  /** When the action was created: rate() counts from it when there is no start time. */
  created: Date;
  start?: Date;
  end?: Date;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: DAY_MS };

/** The schedule an expression describes, or undefined when it is not a valid one. */
export function parseSchedule(expression: string): Schedule | undefined {
  const m = /^(at|rate|cron)\((.*)\)$/.exec(expression.trim());
  if (!m) return undefined;
  if (m[1] === 'cron') {
    const spec = parseCron(m[2]);
    return spec && { kind: 'cron', spec };
  }
  return m[1] === 'at' ? parseAt(m[2]) : parseRate(m[2]);
}

function parseAt(text: string): Schedule | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2026-02-30 over into March: a date that moved was not a real one.
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return { kind: 'at', local: { year, month, day, hour, minute, second } };
}

function parseRate(text: string): Schedule | undefined {
  const m = /^(\d+) (minute|hour|day)(s?)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n < 1 || (n === 1) !== (m[3] === '')) return undefined;
  return { kind: 'rate', everyMs: n * UNIT_MS[m[2]] };
}

/** The first run strictly after `after`, or undefined when there is none. */
export function nextRun(schedule: Schedule, zone: string, window: Window, after: Date): Date | undefined {
  const next = candidate(schedule, zone, window, after);
  // A rate of millions of days lands beyond what a Date can hold: that is never.
  if (!next || Number.isNaN(next.getTime()) || (window.end && next > window.end)) return undefined;
  return next;
}

function candidate(schedule: Schedule, zone: string, window: Window, after: Date): Date | undefined {
  if (schedule.kind === 'at') {
    const at = new Date(instantOf(schedule.local, zone).getTime() + schedule.local.second * 1000);
    return at > after && !(window.start && at < window.start) ? at : undefined;
  }
  if (window.start && window.start > after) return window.start;
  if (schedule.kind === 'rate') return nextRate(schedule.everyMs, window.start ?? window.created, after);
  return nextCron(schedule.spec, zone, after);
}

function nextRate(everyMs: number, anchor: Date, after: Date): Date {
  const passed = Math.max(0, Math.floor((after.getTime() - anchor.getTime()) / everyMs) + 1);
  return new Date(anchor.getTime() + passed * everyMs);
}

/** The first minute after `after` the spec names, walking local days (skipping whole months and years). */
function nextCron(spec: CronSpec, zone: string, after: Date): Date | undefined {
  const from = localTimeOf(after, zone);
  let date = Date.UTC(from.year, from.month - 1, from.day);
  for (;;) {
    const d = new Date(date);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    if (year > MAX_YEAR) return undefined;
    if (!spec.years.has(year)) {
      date = Date.UTC(year + 1, 0, 1);
      continue;
    }
    if (!spec.months.has(month)) {
      date = Date.UTC(year, month, 1);
      continue;
    }
    const day = { year, month, day: d.getUTCDate(), weekday: d.getUTCDay() + 1, daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate() };
    if (dayMatches(spec, day)) {
      const found = firstTimeOfDay(spec, zone, day, after, date === Date.UTC(from.year, from.month - 1, from.day) ? from : undefined);
      if (found) return found;
    }
    date += DAY_MS;
  }
}

/** The day's first named time after `after`; on the day `after` falls in, earlier wall times are skipped unconverted. */
function firstTimeOfDay(spec: CronSpec, zone: string, day: { year: number; month: number; day: number }, after: Date, sameDay?: { hour: number; minute: number }): Date | undefined {
  for (const hour of spec.hours) {
    if (sameDay && hour < sameDay.hour) continue;
    for (const minute of spec.minutes) {
      if (sameDay && hour === sameDay.hour && minute < sameDay.minute) continue;
      const at = instantOf({ ...day, hour, minute }, zone);
      if (at > after) return at;
    }
  }
  return undefined;
}
