/**
 * What the conformance suites of the stores beside the document store (metrics, log events)
 * share: a fresh store per case, `reopen` for durable ones, and everything closed afterwards.
 */
export interface StoreHarness<S extends { close(): void }> {
  store: S;
  /** Opens the same data again (durable stores only); the suite closes the previous store first. */
  reopen?: () => S;
  /** Removes what the harness created; the suite has closed its stores by then. */
  cleanup(): void;
}

export interface HarnessContext<S> {
  store: S;
  /** Closes the current store and returns a reopened one; undefined when the store is not durable. */
  reopen?: () => S;
}

/** Runs one case on a fresh harness and closes whatever store is open at its end. */
export function withHarness<S extends { close(): void }>(make: () => StoreHarness<S>, body: (ctx: HarnessContext<S>) => void): void {
  const harness = make();
  let current = harness.store;
  const reopenHarness = harness.reopen;
  const reopen = reopenHarness && (() => {
    current.close();
    current = reopenHarness();
    return current;
  });
  try {
    body({ store: harness.store, reopen });
  } finally {
    current.close();
    harness.cleanup();
  }
}
