/**
 * AllowedPattern: a caller's regular expression that every value written must match as a
 * whole (AWS's service matches with Java's `matches()`: `\d{1,4}` refuses `10000`).
 *
 * A caller's regex must never hang the event loop. Most run on V8's linear-time engine
 * (the `l` flag): no backtracking, so no input can make them slow. What that engine
 * refuses (lookaround, backreferences, counted repetitions over 16, `\p{…}`) runs on the
 * backtracking engine in a worker thread with a deadline: a pattern that backtracks
 * catastrophically is stopped (terminating a worker interrupts a running regex) and the
 * write refused. At most a few such workers run at once; beyond them a write is throttled.
 */
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { ssmErrors } from './errors.js';

// Needed before any `l` regex is built (src/protocol/shape-reader.ts sets it for model patterns too).
setFlagsFromString('--enable-experimental-regexp-engine');

export type CompiledPattern = { engine: 'linear'; regex: RegExp } | { engine: 'backtracking'; source: string; flags: string };

/** `\p{…}` and `\u{…}` mean something only with the `u` flag (without it, `\p{L}` is the text "p{L}"). */
const NEEDS_UNICODE = /\\[pPu]\{/;

/** Compiles a pattern for whole-value matching; a pattern that is not a regex is InvalidAllowedPatternException. */
export function compileAllowedPattern(pattern: string): CompiledPattern {
  const source = `^(?:${pattern})$`;
  const flags = NEEDS_UNICODE.test(pattern) ? 'u' : '';
  try {
    return { engine: 'linear', regex: new RegExp(source, `l${flags}`) };
  } catch {
    // Not linear-time (or not a regex at all): told apart below.
  }
  try {
    new RegExp(source, flags);
  } catch (e) {
    throw ssmErrors.invalidAllowedPattern(`The allowed pattern ${pattern} is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
  return { engine: 'backtracking', source, flags };
}

export interface PatternLimits {
  /** How long one backtracking match may take, worker start included. */
  timeoutMs: number;
  /** Backtracking matches running at once. */
  maxWorkers: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.postMessage(new RegExp(workerData.source, workerData.flags).test(workerData.value));
`;

export class PatternMatcher {
  private running = 0;

  constructor(private readonly limits: PatternLimits = { timeoutMs: 500, maxWorkers: 4 }) {}

  /** Whether the value matches as a whole. Throws InvalidAllowedPatternException (bad or too slow) or ThrottlingException. */
  async matches(pattern: string, value: string): Promise<boolean> {
    const compiled = compileAllowedPattern(pattern);
    if (compiled.engine === 'linear') return compiled.regex.test(value);
    if (this.running >= this.limits.maxWorkers) throw ssmErrors.throttled();
    this.running++;
    try {
      return await this.inWorker(pattern, compiled.source, compiled.flags, value);
    } finally {
      this.running--;
    }
  }

  private inWorker(pattern: string, source: string, flags: string, value: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source, flags, value }, resourceLimits: { maxOldGenerationSizeMb: 32 } });
      const refused = () => ssmErrors.invalidAllowedPattern(`Berth could not evaluate the allowed pattern ${pattern} within ${this.limits.timeoutMs} ms and 32 MB; simplify the pattern.`);
      const timer = setTimeout(() => {
        reject(refused());
        void worker.terminate();
      }, this.limits.timeoutMs);
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        fn();
        void worker.terminate();
      };
      worker.once('message', (matched: boolean) => settle(() => resolve(matched)));
      // A regex that overflows the stack or the worker's heap is as unusable as a slow one.
      worker.once('error', () => settle(() => reject(refused())));
    });
  }
}
