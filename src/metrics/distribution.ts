/**
 * The distribution of a bucket's samples, for percentiles and the other extended
 * statistics: a mergeable sketch of bounded size. Non-negative samples only, as CloudWatch
 * serves percentiles only for metrics without negative values.
 *
 * Zero has a bin of its own; a positive value v falls in bin i = ceil(log(v) / log(1.01)),
 * the range (1.01^(i-1), 1.01^i], which keeps the count and the sum of its samples. A bin's
 * value is the mean of its samples (clamped to the period's minimum and maximum), so it is
 * within 1% of every sample in it, and exact when the bin holds one distinct value (a single
 * sample always comes back exactly). At most MAX_BINS positive bins are kept: when more are
 * filled, the lowest fold into the lowest kept one (the small values lose their precision
 * first, as the tail is what percentiles are read for). Folding depends only on the highest
 * bin, so merging in any order gives the same distribution.
 *
 * Stored packed: a Float64Array [zeroCount, index₁, count₁, sum₁, index₂, …], indexes
 * ascending, native byte order (little-endian on every platform Node supports well).
 */

const LN_GAMMA = Math.log(1.01);
export const MAX_BINS = 2048;

export interface Bin {
  /** The bin's index; -Infinity for the zero bin. */
  index: number;
  count: number;
  sum: number;
}

export const binIndex = (value: number): number => Math.ceil(Math.log(value) / LN_GAMMA);

/** A distribution being built from values and other distributions: linear in what is added, bounded by the bins' index range. */
export class DistributionBuilder {
  private zero = 0;
  private readonly bins = new Map<number, Bin>();

  /** `value` ≥ 0 and finite, `count` > 0 (checked by the caller). */
  add(value: number, count: number): this {
    if (value === 0) {
      this.zero += count;
      return this;
    }
    this.addBin(binIndex(value), count, value * count);
    return this;
  }

  addPacked(packed: Float64Array): this {
    this.zero += packed[0];
    for (let i = 1; i < packed.length; i += 3) this.addBin(packed[i], packed[i + 1], packed[i + 2]);
    return this;
  }

  get empty(): boolean {
    return this.zero === 0 && this.bins.size === 0;
  }

  /** The bins, ascending, the lowest folded when there are more than MAX_BINS. */
  pack(): Float64Array {
    const sorted = [...this.bins.values()].sort((a, b) => a.index - b.index);
    const kept = fold(sorted);
    const out = new Float64Array(1 + 3 * kept.length);
    out[0] = this.zero;
    kept.forEach((b, i) => {
      out[1 + 3 * i] = b.index;
      out[2 + 3 * i] = b.count;
      out[3 + 3 * i] = b.sum;
    });
    return out;
  }

  private addBin(index: number, count: number, sum: number): void {
    const bin = this.bins.get(index);
    if (bin) {
      bin.count += count;
      bin.sum += sum;
    } else {
      this.bins.set(index, { index, count, sum });
    }
  }
}

function fold(sorted: Bin[]): Bin[] {
  if (sorted.length <= MAX_BINS) return sorted;
  const floor = sorted[sorted.length - 1].index - MAX_BINS + 1;
  const firstKept = sorted.findIndex((b) => b.index >= floor);
  const folded = sorted.slice(0, firstKept).reduce((acc, b) => ({ index: floor, count: acc.count + b.count, sum: acc.sum + b.sum }), { index: floor, count: 0, sum: 0 });
  const rest = sorted.slice(firstKept);
  if (rest[0].index === floor) return [{ index: floor, count: folded.count + rest[0].count, sum: folded.sum + rest[0].sum }, ...rest.slice(1)];
  return [folded, ...rest];
}

/** One value, `count` times, packed (the common put, without building a map). */
export function packedOf(value: number, count: number): Float64Array {
  return value === 0 ? Float64Array.of(count) : Float64Array.of(0, binIndex(value), count, value * count);
}

/** Two packed distributions as one (either may be absent): a linear merge of their sorted bins. */
export function mergePacked(a: Float64Array | undefined, b: Float64Array | undefined): Float64Array | undefined {
  if (!a || !b) return a ?? b;
  const out = new Float64Array(a.length + b.length - 1);
  return folded(out.subarray(0, mergeInto(a, b, out)));
}

/** Reused by mergePackedTransient: a typed array this large is allocated outside V8's heap, which costs more than the merge. */
let scratch = new Float64Array(1024);

/** mergePacked into memory the next call reuses: for a result copied at once (SQLite copies what a function returns). */
export function mergePackedTransient(a: Float64Array, b: Float64Array): Float64Array {
  const size = a.length + b.length - 1;
  if (scratch.length < size) scratch = new Float64Array(Math.max(size, 2 * scratch.length));
  return folded(scratch.subarray(0, mergeInto(a, b, scratch)));
}

const folded = (merged: Float64Array) => ((merged.length - 1) / 3 > MAX_BINS ? new DistributionBuilder().addPacked(merged).pack() : merged);

/** Merges a and b into out (at least a.length + b.length - 1 long); returns the length used. */
function mergeInto(a: Float64Array, b: Float64Array, out: Float64Array): number {
  out[0] = a[0] + b[0];
  let [i, j, o] = [1, 1, 1];
  for (; i < a.length && j < b.length; o += 3) {
    if (a[i] === b[j]) {
      out[o] = a[i];
      out[o + 1] = a[i + 1] + b[j + 1];
      out[o + 2] = a[i + 2] + b[j + 2];
      i += 3;
      j += 3;
    } else if (a[i] < b[j]) {
      copyBin(a, i, out, o);
      i += 3;
    } else {
      copyBin(b, j, out, o);
      j += 3;
    }
  }
  // One side is used up: the other's remaining bins follow as they are.
  out.set(a.subarray(i), o);
  out.set(b.subarray(j), o + a.length - i);
  return o + a.length - i + b.length - j;
}

function copyBin(from: Float64Array, i: number, to: Float64Array, o: number): void {
  to[o] = from[i];
  to[o + 1] = from[i + 1];
  to[o + 2] = from[i + 2];
}

/** The samples a packed distribution holds. */
export function packedCount(packed: Float64Array): number {
  let n = packed[0];
  for (let i = 2; i < packed.length; i += 3) n += packed[i];
  return n;
}

/** The bins of a packed distribution, ascending, the zero bin first when it has samples. */
export function binsOf(packed: Float64Array): Bin[] {
  const out: Bin[] = packed[0] > 0 ? [{ index: -Infinity, count: packed[0], sum: 0 }] : [];
  for (let i = 1; i < packed.length; i += 3) out.push({ index: packed[i], count: packed[i + 1], sum: packed[i + 2] });
  return out;
}

export function toBytes(packed: Float64Array): Buffer {
  return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
}

/** Bytes from SQLite as a packed distribution; a Buffer from Node's pool may be unaligned, and is then copied. */
export function fromBytes(bytes: Uint8Array): Float64Array {
  if (bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 8));
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer, 0, Math.floor(bytes.byteLength / 8));
}
