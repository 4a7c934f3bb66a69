/**
 * Housekeeping that runs at start (catching up after downtime) and then every interval:
 * metrics compaction, log retention. A failed run is logged and left to the next one, since
 * such work only bounds a file's size. The timer never keeps the process alive.
 */
import { Logger } from './log.js';

export abstract class PeriodicTask {
  private timer?: NodeJS.Timeout;

  protected constructor(
    protected readonly log: Logger,
    private readonly intervalMs: number,
    /** The warning logged when a run throws, e.g. "metrics compaction failed". */
    private readonly failure: string,
  ) {}

  start(): void {
    this.run();
    this.timer = setInterval(() => this.run(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  run(): void {
    try {
      this.work();
    } catch (err) {
      this.log.warn(this.failure, { err });
    }
  }

  protected abstract work(): void;
}
