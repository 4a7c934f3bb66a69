/**
 * A keyed work queue: one reconcile per key at a time, a key queued while it runs is run
 * again afterwards, at most `concurrency` keys at once, and delayed requeues for timers
 * and retries with backoff.
 */
export type Reconcile = (key: string) => Promise<void>;

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly order: string[] = [];
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly reconcile: Reconcile,
    private readonly concurrency: number,
    private readonly onError: (key: string, err: unknown) => void,
    private readonly onSuccess: (key: string) => void = () => {},
  ) {}

  add(key: string): void {
    if (this.closed) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.pending.has(key)) return;
    this.pending.add(key);
    this.order.push(key);
    this.pump();
  }

  /** Runs the key after a delay, unless an earlier timer for it is already set. */
  addAfter(key: string, ms: number): void {
    if (this.closed) return;
    const existing = this.timers.get(key);
    if (existing) return;
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms);
    t.unref();
    this.timers.set(key, t);
  }

  /** Resolves when nothing is queued or running (tests and shutdown). */
  idle(): Promise<void> {
    if (this.active.size === 0 && this.order.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private pump(): void {
    while (this.active.size < this.concurrency && this.order.length > 0) {
      const key = this.order.shift()!;
      this.pending.delete(key);
      this.active.add(key);
      void this.run(key);
    }
    if (this.active.size === 0 && this.order.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  private async run(key: string): Promise<void> {
    try {
      await this.reconcile(key);
      this.failures.delete(key);
      this.onSuccess(key);
    } catch (err) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      this.onError(key, err);
      // Transient failures retry with exponential backoff: 200 ms doubling to 30 s.
      this.addAfter(key, Math.min(200 * 2 ** (n - 1), 30_000));
    } finally {
      this.active.delete(key);
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    }
  }
}
