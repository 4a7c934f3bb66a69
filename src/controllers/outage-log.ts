/**
 * Reconcile failures while the Docker Engine is unreachable or hung are one event, not one per
 * task and retry: the first is a warning, repeats go to debug, and the first success
 * afterwards says the engine is back. Other failures are logged as before.
 */
import { Logger } from '../platform/log.js';
import { RuntimeError } from '../runtime/runtime.js';

export class OutageLog {
  private down = false;

  constructor(private readonly log: Logger, private readonly what: string) {}

  failed(key: string, err: unknown): void {
    // A hung engine (calls timing out) is as much an outage as one that refuses connections.
    if (err instanceof RuntimeError && (err.kind === 'Unavailable' || err.kind === 'Timeout')) {
      if (this.down) return this.log.debug(`${this.what} waits for the Docker Engine`, { key, error: err.message });
      this.down = true;
      this.log.warn('the Docker Engine is unreachable or not answering; work waits and retries with backoff', { error: err.message });
      return;
    }
    this.log.warn(`${this.what} failed; retrying`, { key, err });
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info('the Docker Engine is reachable again');
  }
}
