/**
 * `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, the six-field form Application
 * Auto Scaling documents (that of EventBridge rules): values, `a-b` ranges, `,` lists, `/`
 * steps and `*` in every field; `?` (no restriction) in the day fields; month names JAN–DEC;
 * weekdays 1–7 = SUN–SAT (EventBridge's numbering) or their names; `L` (last day of the
 * month, or in day-of-week Saturday), `nL` (the last weekday n of the month), `n#k` (the k-th
 * weekday n), `nW` (the weekday nearest day n) and `LW` (the last weekday of the month).
 * When both day fields restrict, a day matching either runs (as AWS's own example
 * `30 6 * * 2 *` presumes). Years run from 1970 to 2199.
 */

export interface CronSpec {
  minutes: number[];
  hours: number[];
  months: Set<number>;
  years: Set<number>;
  /** Undefined: any day (`*` or `?`). */
  dayOfMonth?: DayRule;
  dayOfWeek?: DayRule;
}

/** Whether a day matches: year, month (1–12), day, weekday (1 = Sunday), days in the month. */
type DayRule = (d: Day) => boolean;

export interface Day {
  year: number;
  month: number;
  day: number;
  weekday: number;
  daysInMonth: number;
}

export const MAX_YEAR = 2199;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

class CronError extends Error {}

interface Field {
  min: number;
  max: number;
  names?: string[];
}

const FIELDS = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  dayOfMonth: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: MONTHS },
  dayOfWeek: { min: 1, max: 7, names: WEEKDAYS },
  year: { min: 1970, max: MAX_YEAR },
} satisfies Record<string, Field>;

/** The spec, or undefined when the six fields are not a valid expression. */
export function parseCron(fields: string): CronSpec | undefined {
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) return undefined;
  try {
    const [minute, hour, dom, month, dow, year] = parts;
    return {
      minutes: [...values(minute, FIELDS.minute)].sort((a, b) => a - b),
      hours: [...values(hour, FIELDS.hour)].sort((a, b) => a - b),
      months: values(month, FIELDS.month),
      years: values(year, FIELDS.year),
      dayOfMonth: dayRule(dom, monthDayItem),
      dayOfWeek: dayRule(dow, weekDayItem),
    };
  } catch (e) {
    if (e instanceof CronError) return undefined;
    throw e;
  }
}

function valueOf(text: string, field: Field): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + field.min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= field.min && n <= field.max)) throw new CronError(text);
  return n;
}

/** A list of values, ranges and steps (or `*`) as the set of values it names. */
function values(text: string, field: Field): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : valueOf(stepText, { min: 1, max: field.max });
    const [from, to] = range === '*' ? [field.min, field.max] : rangeOf(range, field, stepText !== undefined);
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

/** `a-b`, or `a` (to the field's end when a step follows: `0/15`). */
function rangeOf(range: string, field: Field, stepped: boolean): [number, number] {
  const [a, b] = range.split('-');
  const from = valueOf(a, field);
  const to = b !== undefined ? valueOf(b, field) : stepped ? field.max : from;
  if (to < from) throw new CronError(range);
  return [from, to];
}

function dayRule(text: string, item: (token: string) => DayRule): DayRule | undefined {
  if (text === '*' || text === '?') return undefined;
  const rules = text.split(',').map(item);
  return (d) => rules.some((r) => r(d));
}

function monthDayItem(token: string): DayRule {
  if (token === 'L') return (d) => d.day === d.daysInMonth;
  if (token === 'LW') return (d) => d.day === lastWeekday(d);
  const nearest = /^(\d+)W$/.exec(token);
  if (nearest) {
    const target = valueOf(nearest[1], FIELDS.dayOfMonth);
    return (d) => d.day === nearestWeekday(d, target);
  }
  const days = values(token, FIELDS.dayOfMonth);
  return (d) => days.has(d.day);
}

function weekDayItem(token: string): DayRule {
  if (token === 'L') return (d) => d.weekday === 7;
  const last = /^(\w+)L$/.exec(token);
  if (last) {
    const weekday = valueOf(last[1], FIELDS.dayOfWeek);
    return (d) => d.weekday === weekday && d.day + 7 > d.daysInMonth;
  }
  const nth = /^(\w+)#([1-5])$/.exec(token);
  if (nth) {
    const weekday = valueOf(nth[1], FIELDS.dayOfWeek);
    const k = Number(nth[2]);
    return (d) => d.weekday === weekday && Math.ceil(d.day / 7) === k;
  }
  const days = values(token, FIELDS.dayOfWeek);
  return (d) => days.has(d.weekday);
}

/** The weekday (Mon–Fri) of the month nearest to day `target`, never leaving the month. */
function nearestWeekday(d: Day, target: number): number {
  const day = Math.min(target, d.daysInMonth);
  const weekday = ((d.weekday - 1 + day - d.day) % 7 + 7) % 7 + 1;
  if (weekday === 7) return day === 1 ? day + 2 : day - 1;
  if (weekday === 1) return day === d.daysInMonth ? day - 2 : day + 1;
  return day;
}

function lastWeekday(d: Day): number {
  const weekday = ((d.weekday - 1 + d.daysInMonth - d.day) % 7 + 7) % 7 + 1;
  return weekday === 7 ? d.daysInMonth - 1 : weekday === 1 ? d.daysInMonth - 2 : d.daysInMonth;
}

/** Whether a day runs: both day fields restricting means either may match. */
export function dayMatches(spec: CronSpec, d: Day): boolean {
  if (!spec.months.has(d.month) || !spec.years.has(d.year)) return false;
  const { dayOfMonth: dom, dayOfWeek: dow } = spec;
  if (dom && dow) return dom(d) || dow(d);
  return (dom ?? dow)?.(d) ?? true;
}
