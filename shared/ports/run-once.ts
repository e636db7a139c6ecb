/** Identifies one unit of work that must take effect at most once: one job of one partner's event. */
export interface RunOnceKey {
  readonly partnerId: string;
  readonly eventId: string;
  /** The sync job (`ticket`, `data-sync`): each job of an event completes once on its own. */
  readonly job: string;
}

/**
 * Runs `work` at most once per key: a later call with the same key gets the first call's result
 * without running `work`. A call that throws leaves no trace, so a retry runs it again. While a
 * first call is still running, a second one throws a retryable error.
 */
export type RunOnce = <T extends Record<string, unknown>>(
  key: RunOnceKey,
  work: () => Promise<T>,
) => Promise<T>;
