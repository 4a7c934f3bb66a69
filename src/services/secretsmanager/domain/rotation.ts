/**
 * Rotation configuration: a Lambda ARN and rules (AutomaticallyAfterDays, or a
 * ScheduleExpression `rate(N days|hours)` / `cron(...)`, with an optional window
 * Duration). Berth records the configuration and answers as AWS does, but invokes no
 * Lambda: it has none, so no rotation ever runs (see the README).
 */
import { smErrors } from './errors.js';
import { RotationConfig, RotationRules } from './records.js';

const RATE = /^rate\((\d+) (day|days|hour|hours)\)$/;
const CRON = /^cron\(\S+( \S+){5}\)$/;
const HOUR_MS = 3600_000;

export function checkRules(rules: RotationRules): void {
  const { AutomaticallyAfterDays: days, ScheduleExpression: expression, Duration: duration } = rules;
  if (days === undefined && expression === undefined) {
    throw smErrors.invalidParameter('You must specify either AutomaticallyAfterDays or ScheduleExpression in RotationRules.');
  }
  if (expression !== undefined && !RATE.test(expression) && !CRON.test(expression)) {
    throw smErrors.invalidParameter(`The ScheduleExpression ${expression} is not valid. Use rate(N days), rate(N hours) or cron(...).`);
  }
  if (duration !== undefined && Number.parseInt(duration, 10) > 24) {
    throw smErrors.invalidParameter('The rotation window Duration must be 24 hours or less.');
  }
}

/** The interval the rules name, when they name one (a cron schedule has no fixed interval). */
export function intervalMs(rules: RotationRules): number | undefined {
  const rate = rules.ScheduleExpression !== undefined ? RATE.exec(rules.ScheduleExpression) : null;
  if (rate) return Number(rate[1]) * (rate[2].startsWith('day') ? 24 : 1) * HOUR_MS;
  return rules.AutomaticallyAfterDays !== undefined && rules.ScheduleExpression === undefined ? rules.AutomaticallyAfterDays * 24 * HOUR_MS : undefined;
}

/** When rotation is next due: the interval after the schedule was set; none when disabled or on a cron schedule. */
export function nextRotationDate(rotation: RotationConfig): string | undefined {
  if (!rotation.enabled || !rotation.rules) return undefined;
  const interval = intervalMs(rotation.rules);
  return interval === undefined ? undefined : new Date(Date.parse(rotation.scheduledFrom) + interval).toISOString();
}
