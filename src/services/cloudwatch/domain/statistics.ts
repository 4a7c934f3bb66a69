/**
 * Statistics and periods as CloudWatch's read APIs take them: the five statistics, and the
 * extended ones (p99, TM(10%:90%), wm90, IQM…; src/metrics/extended-statistics.ts), which the
 * store computes from the periods' distributions.
 *
 * Periods: 1, 5, 10, 20, 30 or a multiple of 60 (AWS's set), or a multiple of the
 * configured minute when tests compress time. Data older than 3 hours exists only at
 * 60-second resolution, older than 15 days at 300 s, older than 63 days at 3600 s (the
 * store's tiers): a period that is not a multiple of the resolution at the start time gets
 * no datapoints, as AWS documents.
 */
import { ExtendedStatistic, parseExtendedStatistic } from '../../../metrics/extended-statistics.js';
import { Statistic } from '../../../metrics/store.js';
import { cwErrors } from './errors.js';

export const STATISTICS: readonly Statistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const HIGH_RESOLUTION_PERIODS = [1, 5, 10, 20, 30];
const HOUR = 3600;
const DAY = 24 * HOUR;

export function isStatistic(s: string): s is Statistic {
  return (STATISTICS as readonly string[]).includes(s);
}

/** `stat` as a statistic or an extended statistic, or AWS's refusal naming `path`. */
export function checkedStat(stat: string, path: string): string {
  if (isStatistic(stat) || parseExtendedStatistic(stat)) return stat;
  throw cwErrors.invalidParameter(stat, path);
}

/** An extended statistic, or AWS's refusal naming `path`. */
export function checkedExtended(stat: string, path: string): ExtendedStatistic {
  const parsed = parseExtendedStatistic(stat);
  if (!parsed) throw cwErrors.invalidParameter(stat, path);
  return parsed;
}

/**
 * Whether a percentile alarm's datapoint has too few samples to be significant: for p in
 * [50, 100), fewer than 10 / (1 − p/100); for p in (0, 50), fewer than 10 / (p/100), as the
 * CloudWatch User Guide documents for EvaluateLowSampleCountPercentile.
 */
export function isLowSampleCount(stat: ExtendedStatistic, sampleCount: number): boolean {
  if (stat.kind !== 'p' || stat.percentile <= 0 || stat.percentile >= 100) return false;
  const p = stat.percentile / 100;
  return sampleCount < (p >= 0.5 ? 10 / (1 - p) : 10 / p);
}

/** Whether a query may use `period` seconds; `minute` is the configured minute (60 outside tests). */
function isValidPeriod(period: number, minute: number): boolean {
  return Number.isSafeInteger(period) && period > 0 && (HIGH_RESOLUTION_PERIODS.includes(period) || period % 60 === 0 || period % minute === 0);
}

export function checkPeriod(period: number, path: string, minute: number): void {
  if (!isValidPeriod(period, minute)) throw cwErrors.invalidValue(`The parameter ${path} must be 1, 5, 10, 20, 30 or a multiple of 60.`);
}

/** The resolution data starting at `start` still has, as of `now` (the store's tiers). */
function resolutionAt(start: Date, now: Date): number {
  const age = (now.getTime() - start.getTime()) / 1000;
  if (age > 63 * DAY) return 3600;
  if (age > 15 * DAY) return 300;
  if (age > 3 * HOUR) return 60;
  return 1;
}

/** Whether a period can be answered for data from `start` on (else no datapoints, as AWS). */
export function periodFitsAge(period: number, start: Date, now: Date, minute: number): boolean {
  const resolution = resolutionAt(start, now);
  return period % resolution === 0 || (resolution === 60 && period % minute === 0);
}

/**
 * The start CloudWatch counts periods from: sub-minute periods on their own boundaries
 * (01:05:23 at 10 s → 01:05:20), longer ones on the minute (the configured one), or the
 * 5-minute or hour boundary once data is that coarse.
 */
export function alignedStart(start: Date, period: number, now: Date, minute: number): Date {
  const unit = period < minute ? period : Math.max(minute, resolutionAt(start, now));
  const seconds = Math.floor(start.getTime() / 1000);
  return new Date((seconds - (seconds % unit)) * 1000);
}
