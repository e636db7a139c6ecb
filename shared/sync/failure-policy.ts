import { BridgeError, PartnerConfigurationError, RetryableError } from '../errors.js';

/** What to do with a queue record whose processing threw. */
export type RecordFailureDecision =
  | {
      readonly kind: 'retry';
      /** How long the record stays invisible before SQS delivers it again. */
      readonly visibilityTimeoutSeconds: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'log';
      /** The event-log line an operator reads, e.g. "ConnectWise error: …". */
      readonly message: string;
      readonly errorName: string;
    };

/** Backoff for failures that did not say when to come back: configuration of the sync function. */
export interface RetryBackoff {
  /** Longest wait of the first retry; each further receive doubles it. */
  readonly baseSeconds: number;
  /** No wait is longer than this, whatever the receive count. */
  readonly maxSeconds: number;
}

/** The deployed defaults: 1–2 s first, doubling up to five minutes. */
export const defaultRetryBackoff: RetryBackoff = { baseSeconds: 2, maxSeconds: 300 };
/**
 * The sync function's env vars of its backoff (read by its wiring, set short by the local stack);
 * here rather than in the wiring so the local stack can name them without building AWS clients.
 */
export const retryBackoffEnvVars = {
  baseSeconds: 'SYNC_RETRY_BASE_SECONDS',
  maxSeconds: 'SYNC_RETRY_MAX_SECONDS',
} as const;
/** SQS refuses a visibility timeout above 12 hours. */
export const maxVisibilityTimeoutSeconds = 43_200;

/**
 * Exponential backoff with equal jitter from the record's receive count (1 on the first try):
 * between half and all of `min(max, base·2^(n−1))`, at least 1 s, so a fleet of failed records
 * does not come back in lockstep. Equal rather than full jitter: the waits of a record's retries
 * add up to at least half the doubling series, which is what lets a record waiting on another
 * event's fingerprint lock outlast a crashed holder before it dead-letters.
 */
export const backoffSeconds = (receiveCount: number, random: number, backoff: RetryBackoff): number => {
  const exponent = Math.max(0, Math.min(receiveCount, 30) - 1);
  const ceiling = Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** exponent);
  return Math.max(1, Math.round(ceiling / 2 + (random * ceiling) / 2));
};

const logMessageOf = (error: BridgeError): string => {
  if (error.name.startsWith('ConnectWise')) return `ConnectWise error: ${error.message}`;
  if (error instanceof PartnerConfigurationError) return `Configuration error: ${error.message}`;
  return `Sync failed: ${error.message}`;
};

/**
 * The event-log line of an error that retrying cannot fix (bad configuration, ConnectWise
 * 400/403/404), or undefined when the error must be retried. The half of `decideRecordFailure`
 * a job needs to record its own permanent failure while the record's other jobs go on.
 */
export const permanentFailureOf = (error: unknown): { message: string; errorName: string } | undefined =>
  error instanceof BridgeError && !error.retryable
    ? { message: logMessageOf(error), errorName: error.name }
    : undefined;

/**
 * The one place that decides retry vs. event log for a sync record. Retryable errors (and
 * anything unknown, e.g. an AWS SDK fault) come back later — at ConnectWise's Retry-After when it
 * gave one, else after a backoff — and dead-letter after the queue's maxReceiveCount. Permanent
 * errors (bad configuration, ConnectWise 400/403/404) cannot be fixed by retrying: they go to the
 * account's event log and the record is done. Pure: pass the receive count, a random number in
 * [0, 1) and the configured backoff.
 */
export const decideRecordFailure = (
  error: unknown,
  receiveCount: number,
  random: number,
  backoff: RetryBackoff,
): RecordFailureDecision => {
  const permanent = permanentFailureOf(error);
  if (permanent) return { kind: 'log', ...permanent };
  const retryAfter = error instanceof RetryableError ? error.retryAfterSeconds : undefined;
  const visibilityTimeoutSeconds =
    retryAfter !== undefined && Number.isFinite(retryAfter)
      ? Math.min(maxVisibilityTimeoutSeconds, Math.max(0, Math.ceil(retryAfter)))
      : backoffSeconds(receiveCount, random, backoff);
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'retry', visibilityTimeoutSeconds, reason };
};
