/**
 * A seeded random source (mulberry32): the same seed makes the same choices, so a run's
 * inputs can be made again. It is the fuzzer's chooser for shape-values.ts.
 */
import { ValueChooser } from '../support/shape-values.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-';

export class Random implements ValueChooser {
  private state: number;
  /** Set by the fuzzer: remembered identifiers and well-known values for a member, so calls reach existing resources. */
  known?: (member: string) => string[];

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  text(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += ALPHABET[this.int(0, ALPHABET.length - 1)];
    return s;
  }

  /** A child source for one input: input i of a seed is the same whatever ran before it. */
  fork(index: number): Random {
    return new Random(Math.imul(this.state ^ index, 0x9e3779b1) ^ index);
  }
}

/** FUZZ_SEED if set (a number), else a fresh one; printed by the harness so a run can be repeated. */
export function seedFromEnv(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer, not ${raw}`);
    return n >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 32);
}
