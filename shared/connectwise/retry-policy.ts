/**
 * The one place that decides whether and when a ConnectWise call is tried again.
 * 429 waits `Retry-After`; 5xx, timeouts and resets back off exponentially with full jitter.
 * It never starts a wait or an attempt that would outlast the Lambda: it gives up early and
 * throws the last error as it is. A 429 keeps ConnectWise's `Retry-After`, so the queue retries
 * at ConnectWise's pace; a 5xx or timeout carries none, so the queue backs off by receive count
 * instead of returning every few seconds and dead-lettering within a short outage.
 */
import { logger } from '../observability.js';
import {
  ConnectWiseAmbiguousWriteError,
  ConnectWiseRateLimitError,
  type ConnectWiseRetryableError,
  ConnectWiseUnavailableError,
} from './errors.js';

export interface RetryPolicyOptions {
  /** Total attempts including the first. @default 5 */
  readonly maxAttempts: number;
  /** Upper bound of one attempt. @default 10000 */
  readonly timeoutMs: number;
  /** Milliseconds the invocation has left (Lambda `getRemainingTimeInMillis`); unbounded if absent. */
  readonly remainingTimeMs?: () => number;
  /** Time kept free at the end of the invocation to report the failure. @default 2000 */
  readonly safetyMarginMs: number;
  /** An attempt given less time than this is not started. @default 1000 */
  readonly minAttemptMs: number;
  /** @default 200 */
  readonly baseDelayMs: number;
  /** @default 20000 */
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

export const defaultRetryPolicyOptions: RetryPolicyOptions = {
  maxAttempts: 5,
  timeoutMs: 10_000,
  safetyMarginMs: 2_000,
  minAttemptMs: 1_000,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Full jitter: uniform in [0, min(cap, base·2^(attempt−1))). `attempt` counts from 1. */
export const backoffDelayMs = (
  attempt: number,
  options: Pick<RetryPolicyOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number =>
  Math.floor(options.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));

const isRetryableHere = (error: unknown): error is ConnectWiseRetryableError =>
  // An ambiguous POST is retryable for the queue but never re-sent here: it may have been created.
  (error instanceof ConnectWiseUnavailableError && !(error instanceof ConnectWiseAmbiguousWriteError)) ||
  error instanceof ConnectWiseRateLimitError;

const delayFor = (error: ConnectWiseRetryableError, attempt: number, options: RetryPolicyOptions): number =>
  error instanceof ConnectWiseRateLimitError && error.retryAfterSeconds !== undefined
    ? error.retryAfterSeconds * 1000
    : backoffDelayMs(attempt, options);

/** Time an attempt may take now, or undefined when there is not enough left to start one. */
const attemptBudgetMs = (options: RetryPolicyOptions, waitMs = 0): number | undefined => {
  if (options.remainingTimeMs === undefined) return options.timeoutMs;
  const available = options.remainingTimeMs() - options.safetyMarginMs - waitMs;
  return available < options.minAttemptMs ? undefined : Math.min(options.timeoutMs, available);
};

/**
 * Runs `attempt` until it succeeds, fails permanently, attempts run out or time runs out.
 * `attempt` receives the timeout it must apply to itself.
 */
export const runWithRetry = async <T>(
  attempt: (timeoutMs: number) => Promise<T>,
  options: RetryPolicyOptions,
  request: { method: string; path: string },
): Promise<T> => {
  let timeoutMs = attemptBudgetMs(options);
  if (timeoutMs === undefined) {
    throw new ConnectWiseUnavailableError(
      `ConnectWise ${request.method} ${request.path} not started: the invocation is out of time`,
      request,
      { retryAfterSeconds: 1 },
    );
  }
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(timeoutMs);
    } catch (error) {
      if (!isRetryableHere(error)) throw error;
      const delayMs = delayFor(error, attemptNumber, options);
      const nextTimeoutMs = attemptBudgetMs(options, delayMs);
      if (attemptNumber >= options.maxAttempts || nextTimeoutMs === undefined) throw error;
      // A Retry-After longer than any backoff is waited out by the queue, not by a sleeping Lambda.
      if (delayMs > options.maxDelayMs) throw error;
      logger.warn('retrying ConnectWise request', {
        method: request.method,
        path: request.path,
        attempt: attemptNumber,
        delayMs,
        httpStatus: error.request.httpStatus,
        error: error.name,
      });
      await options.sleep(delayMs);
      timeoutMs = nextTimeoutMs;
    }
  }
};
