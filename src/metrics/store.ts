/**
 * The metrics store boundary: time series of numeric datapoints, kept apart from the
 * document store (src/state/) so that high-rate data never wakes a controller. The model
 * is CloudWatch's, so that CloudWatch's API can sit directly on it: a series is an
 * account and region, a namespace, a metric name and a set of dimensions; a datapoint is a
 * statistic set (sum, sample count, minimum, maximum) for one period of one series, and the
 * distribution of its samples when they were put one by one (./distribution.ts), from which
 * percentiles and the other extended statistics are computed (./extended-statistics.ts).
 *
 * Append-mostly: puts merge into the bucket of their timestamp at their storage
 * resolution (1 or 60 s); `compact(now)` rolls old buckets up into coarser ones and
 * deletes what is past retention, as CloudWatch does (TIERS). No method reads a clock:
 * every time is passed in.
 *
 * Implementations: ./sqlite-metrics-store.ts (default, its own database file),
 * ./memory-metrics-store.ts (unit tests). Both pass ./conformance.ts. See ./README.md.
 */
import { Scope } from '../platform/aws/scope.js';

export interface Dimension {
  name: string;
  value: string;
}

/**
 * What identifies a series: its account and region first (series of different accounts or
 * regions never meet), then CloudWatch's metric. Dimensions are a set: their order does not
 * matter, names are unique.
 */
export interface SeriesKey extends Scope {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

/** Values already aggregated by the caller (CloudWatch's StatisticSet). */
export interface StatisticSet {
  sum: number;
  sampleCount: number;
  minimum: number;
  maximum: number;
}

/** Seconds per stored bucket for new data: 1 is CloudWatch's high resolution, 60 its standard. */
export type StorageResolution = 1 | 60;

/**
 * The resolution Berth's own writers (the ECS collector, the load balancers) put at: 60 s, or
 * 1 s when CloudWatch's minute is shortened (--metric-period-seconds), so that periods of the
 * shortened minute hold data.
 */
export const writerResolution = (minuteSeconds: number): StorageResolution => (minuteSeconds < 60 ? 1 : 60);

export interface Datum extends SeriesKey {
  timestamp: Date;
  /**
   * Exactly one of value (one sample), values (each counted counts[i] times, 1 without
   * counts; at least one count positive) and statistics. Samples put as values, and
   * statistic sets of one sample or of equal minimum and maximum, feed the distribution;
   * other statistic sets leave their periods without percentiles, as in CloudWatch.
   */
  value?: number;
  values?: number[];
  counts?: number[];
  statistics?: StatisticSet;
  /** A CloudWatch StandardUnit; 'None' when absent. */
  unit?: string;
  /** 60 when absent, as PutMetricData. */
  storageResolution?: StorageResolution;
}

export type Statistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';

export interface SeriesQuery {
  series: SeriesKey;
  /** Inclusive; rounded down to a whole second. Periods are counted from here. */
  start: Date;
  /** Exclusive; rounded down to a whole second. */
  end: Date;
  /** Seconds per returned datapoint, a positive integer. */
  period: number;
  statistics: Statistic[];
  /**
   * CloudWatch's extended statistics (p99, TM(10%:90%), IQM…; ./extended-statistics.ts). A
   * period has them only when every sample in it is in its distribution (none negative, no
   * statistic set without one).
   */
  extendedStatistics?: string[];
  /** Only data put with this unit; when absent, every unit, one datapoint per unit. */
  unit?: string;
}

export interface StatisticDatapoint {
  /** The start of its period: start + k × period. */
  timestamp: Date;
  unit: string;
  values: Partial<Record<Statistic, number>>;
  /** The extended statistics asked for that the period has (absent when none was asked for). */
  extendedStatistics?: Record<string, number>;
}

export interface DimensionFilter {
  name: string;
  /** When absent, any value. */
  value?: string;
}

export interface MetricFilter {
  /** Listing is always within one account and region. */
  scope: Scope;
  namespace?: string;
  metricName?: string;
  /** Series that have all of these dimensions (and maybe others). */
  dimensions?: DimensionFilter[];
  /** Only series with a datapoint bucket starting at or after this time (CloudWatch's RecentlyActive). */
  activeSince?: Date;
  /** Only series ordered after this one (pagination), of the same scope. */
  after?: SeriesKey;
  limit?: number;
}

export interface CompactResult {
  /** Buckets read from a finer tier and merged into a coarser one. */
  rolledUp: number;
  /** Buckets past the last tier's retention, deleted. */
  expired: number;
  /** Series left without any datapoint, forgotten. */
  seriesRemoved: number;
}

export interface MetricsStore {
  /** Merges the datapoints into their buckets, all or none (an invalid datum is a TypeError and nothing is kept). */
  put(data: Datum[]): void;
  /** The statistics of one series (dimensions matched exactly) per period, in time order; empty periods are left out. */
  query(q: SeriesQuery): StatisticDatapoint[];
  /** Series ordered by namespace, metric name, then dimensions (code point order). */
  listMetrics(filter: MetricFilter): SeriesKey[];
  /** Rolls data up and expires it as TIERS say, as of `now`. Idempotent for a given now. */
  compact(now: Date): CompactResult;
  close(): void;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * CloudWatch's retention: 1-second data is kept 3 hours, then as 1-minute data for 15
 * days, as 5-minute data for 63 days, and as 1-hour data for 455 days.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Metric
 */
export const TIERS: readonly { resolution: number; keepSeconds: number }[] = [
  { resolution: 1, keepSeconds: 3 * HOUR },
  { resolution: 60, keepSeconds: 15 * DAY },
  { resolution: 300, keepSeconds: 63 * DAY },
  { resolution: 3600, keepSeconds: 455 * DAY },
];
