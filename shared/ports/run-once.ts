/** Identifies one unit of work that must take effect at most once: one event of one partner. */
export interface RunOnceKey {
  readonly partnerId: string;
  readonly eventId: string;
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
