/**
 * Statistics and periods as CloudWatch's read APIs take them. The store keeps statistic
 * sets, so the five statistics are served; percentiles and the other extended statistics
 * (p99, tm90, wm99, IQR…) need distributions the store does not keep and are refused with
 * InvalidParameterValue, naming what Berth serves.
 *
 * Periods: 1, 5, 10, 20, 30 or a multiple of 60 (AWS's set), or a multiple of the
 * configured minute when tests compress time. Data older than 3 hours exists only at
 * 60-second resolution, older than 15 days at 300 s, older than 63 days at 3600 s (the
 * store's tiers): a period that is not a multiple of the resolution at the start time gets
 * no datapoints, as AWS documents.
 */
import { Statistic } from '../../../metrics/store.js';
import { cwErrors } from './errors.js';

export const STATISTICS: readonly Statistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const HIGH_RESOLUTION_PERIODS = [1, 5, 10, 20, 30];
const HOUR = 3600;
const DAY = 24 * HOUR;

function isStatistic(s: string): s is Statistic {
  return (STATISTICS as readonly string[]).includes(s);
}

/** AWS's extended statistics: pNN, tmNN, wmNN, tcNN, tsNN, TM(a:b)… and IQR. */
const EXTENDED = /^(p|tm|wm|tc|ts|pr)\d{1,2}(\.\d{1,10})?$|^p100$|^(TM|WM|TC|TS|PR)\(.*\)$|^IQR$/;

export function isExtendedStatistic(s: string): boolean {
  return EXTENDED.test(s);
}

/** `stat` as a statistic the store serves, or AWS's refusal naming `path`. */
export function servedStatistic(stat: string, path: string): Statistic {
  if (isStatistic(stat)) return stat;
  if (isExtendedStatistic(stat)) throw percentileRefusal(stat, path);
  throw cwErrors.invalidParameter(stat, path);
}

export function percentileRefusal(stat: string, path: string) {
  return cwErrors.invalidValue(`The value ${stat} for parameter ${path} is not supported: Berth keeps statistic sets, not distributions, so only SampleCount, Average, Sum, Minimum and Maximum are served.`);
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
