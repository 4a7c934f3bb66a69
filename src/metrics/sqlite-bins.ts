/**
 * How metrics.db keeps a bucket's distribution (datapoints.bins) and the SQL functions that
 * merge it. A cell is one of:
 *
 * - NULL: the bucket has no distribution;
 * - a packed distribution (./distribution.ts), native Float64 bytes;
 * - UNIFORM, a zero-length blob (since migration 4): every sample of the bucket is in its
 *   distribution and equals the row's min_value (= max_value), so the row already says
 *   what the bins would. Most buckets hold one value, or one value repeated (a count, a
 *   statistic set of equal extremes): they are written without bins, and merging two of the
 *   same value stays in SQL. Merging in anything else turns UNIFORM into packedOf(value,
 *   count) first, so the rule holds for every row.
 */
import Database from 'better-sqlite3';
import { DistributionBuilder, fromBytes, mergePackedTransient, packedCount, packedOf, toBytes } from './distribution.js';
import { StatisticSet } from './store.js';

export const UNIFORM: Buffer = Buffer.alloc(0);

/** Whether `dist` holds exactly the samples of `stats`, all of one value. */
function isUniform(stats: StatisticSet, dist: Float64Array): boolean {
  const oneValue = dist.length === 1 || (dist.length === 4 && dist[0] === 0);
  return oneValue && stats.minimum === stats.maximum && packedCount(dist) === stats.sampleCount;
}

/** The bins cell a put writes for a bucket. */
export function binsCell(stats: StatisticSet, dist: Float64Array | undefined): Buffer | null {
  if (!dist) return null;
  return isUniform(stats, dist) ? UNIFORM : toBytes(dist);
}

/** A non-NULL cell as a packed distribution; UNIFORM needs its row's sample count and value. */
export function cellToPacked(cell: Uint8Array, count: number, value: number): Float64Array {
  return cell.byteLength === 0 ? packedOf(value, count) : fromBytes(cell);
}

/**
 * The upsert of a bucket's bins (the old row's columns against `excluded`): SQL alone keeps
 * a side that is NULL or merges two UNIFORM cells of one value; merge_bins does the rest.
 */
export const MERGE_BINS = `bins = CASE
    WHEN excluded.bins IS NULL AND (bins IS NULL OR length(bins) > 0) THEN bins
    WHEN bins IS NULL AND length(excluded.bins) > 0 THEN excluded.bins
    WHEN length(bins) = 0 AND length(excluded.bins) = 0 AND min_value = excluded.min_value THEN bins
    ELSE merge_bins(bins, sample_count, min_value, excluded.bins, excluded.sample_count, excluded.min_value) END`;

/** merge_bins(a, countA, valueA, b, countB, valueB): two cells as one packed cell, NULL when neither has bins. */
function mergeBins(a: Uint8Array | null, countA: number, valueA: number, b: Uint8Array | null, countB: number, valueB: number): Buffer | null {
  const [x, y] = [a && cellToPacked(a, countA, valueA), b && cellToPacked(b, countB, valueB)];
  const merged = x && y ? mergePackedTransient(x, y) : (x ?? y);
  return merged && toBytes(merged);
}

/**
 * The bins of a group of rows (merge_bins_all): SQL hands each row over as its packed bins
 * or, for UNIFORM, its count (never a blob, which would cost a Buffer per row), or neither.
 */
export const AGGREGATE_BINS = 'merge_bins_all(CASE WHEN length(bins) > 0 THEN bins END, CASE WHEN length(bins) = 0 THEN sample_count END, min_value)';

/** merge_bins_all's state: one value counted while every row is UNIFORM of it, bins from the first that is not. */
class Accumulator {
  private value?: number;
  private count = 0;
  private builder?: DistributionBuilder;
  /** Some row had no bins: the result cannot stand for the rows' samples as UNIFORM does. */
  private partial = false;

  /** A row: its packed bins, or the count of its UNIFORM samples of `value`, or neither (no bins). */
  add(packed: Uint8Array | null, uniformCount: number | null, value: number): this {
    if (packed !== null) this.bins().addPacked(fromBytes(packed));
    else if (uniformCount === null) this.partial = true;
    else if (!this.builder && (this.value === undefined || this.value === value)) [this.value, this.count] = [value, this.count + uniformCount];
    else this.bins().add(value, uniformCount);
    return this;
  }

  result(): Buffer | null {
    if (this.builder) return toBytes(this.builder.pack());
    if (this.value === undefined) return null;
    return this.partial ? toBytes(packedOf(this.value, this.count)) : UNIFORM;
  }

  private bins(): DistributionBuilder {
    if (!this.builder) {
      this.builder = new DistributionBuilder();
      if (this.value !== undefined) this.builder.add(this.value, this.count);
    }
    return this.builder;
  }
}

/** merge_bins and the aggregate of AGGREGATE_BINS over a group's rows (UNIFORM only when every row is, of one value). */
export function defineBinsFunctions(db: Database.Database): void {
  db.function('merge_bins', { deterministic: true }, mergeBins as (...args: unknown[]) => unknown);
  const step = (acc: Accumulator, packed: unknown, uniformCount: unknown, value: unknown) => acc.add(packed as Uint8Array | null, uniformCount as number | null, value as number);
  db.aggregate('merge_bins_all', {
    start: () => new Accumulator(),
    // better-sqlite3's types allow a step one argument; SQLite passes it all three.
    step: step as unknown as (acc: Accumulator) => Accumulator,
    result: (acc: Accumulator) => acc.result(),
  });
}
