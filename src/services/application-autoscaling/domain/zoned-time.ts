/**
 * Wall-clock time in IANA time zones, through Intl (no time zone data of Berth's own).
 * A local time that does not exist (skipped by a daylight saving change) is taken as the
 * same wall time after the change (02:30 on a spring-forward night is 03:30); one that
 * occurs twice is its first occurrence.
 */

export interface LocalTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const DAY_MS = 86_400_000;
/** Zone names come from callers (in any letter case): the cache of formatters stays small. */
const MAX_FORMATTERS = 256;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether Intl knows the zone (IANA names such as `America/New_York`, `Etc/GMT+9`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time at `instant` in `zone`, seconds included (as epoch ms read as UTC). */
function wallMs(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The zone's offset from UTC at `instant`, in ms. */
const offsetAt = (instant: number, zone: string): number => wallMs(Math.floor(instant / 1000) * 1000, zone) - Math.floor(instant / 1000) * 1000;

export function localTimeOf(instant: Date, zone: string): LocalTime {
  const d = new Date(wallMs(instant.getTime(), zone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** The instant a wall time names in `zone`. */
export function instantOf(local: LocalTime, zone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // A zone changes its offset at most once in a day: the offsets a day before and after are the two candidates.
  const candidates = [wall - offsetAt(wall - DAY_MS, zone), wall - offsetAt(wall + DAY_MS, zone)];
  const valid = candidates.filter((t) => wallMs(t, zone) === wall);
  return new Date(valid.length > 0 ? Math.min(...valid) : Math.max(...candidates));
}
