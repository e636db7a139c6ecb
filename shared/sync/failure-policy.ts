import {
  BridgeError,
  DeliveryDeferredError,
  PartnerConfigurationError,
  RetryableError,
  WorkInProgressError,
} from '../errors.js';
import type { DeliveryHistory } from '../ports/sync-queue.js';
import { syncQueue } from '../resources.js';

/** What to do with a queue record whose processing threw. */
export type RecordFailureDecision =
  | {
      readonly kind: 'retry';
      /** How long the record stays invisible before SQS delivers it again. */
      readonly visibilityTimeoutSeconds: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'defer';
      /** The record is sent again with this delay (SQS allows 0–900 s) and the received copy deleted. */
      readonly delaySeconds: number;
      /** What the re-sent copy carries. */
      readonly history: DeliveryHistory;
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
/**
 * How records wait out ConnectWise without spending their receive budget: configuration of the
 * sync function.
 */
export interface DeferralPolicy {
  /** First wait after an unavailable answer; each further deferral doubles it. */
  readonly baseSeconds: number;
  /** No single deferral is longer (SQS's delay limit is 900 s). */
  readonly maxSeconds: number;
  /**
   * A record failing for longer than this stops being deferred and goes the receive-budget way,
   * to the dead-letter queue: by default the DLQ's retention minus a day, so an operator still
   * has a day to redrive it.
   */
  readonly toleranceSeconds: number;
}

/** Longest wait of a record whose partner has all its records in flight. */
const busyMaxDelaySeconds = 60;

/** Longest wait of a record whose work another attempt holds: a holder usually takes seconds. */
const inProgressMaxDelaySeconds = 30;

/** SQS's longest message delay. */
export const maxDelaySeconds = 900;

/** The deployed defaults: 5 s doubling to 15 min, for the DLQ's retention minus a day (13 days). */
export const defaultDeferralPolicy: DeferralPolicy = {
  baseSeconds: 5,
  maxSeconds: maxDelaySeconds,
  toleranceSeconds: (syncQueue.deadLetter.retentionDays - 1) * 86_400,
};
export const deferralPolicyEnvVars = {
  baseSeconds: 'SYNC_DEFER_BASE_SECONDS',
  maxSeconds: 'SYNC_DEFER_MAX_SECONDS',
  toleranceSeconds: 'SYNC_OUTAGE_TOLERANCE_SECONDS',
} as const;

/** SQS refuses a visibility timeout above 12 hours. */
export const maxVisibilityTimeoutSeconds = 43_200;

/**
 * Exponential backoff with equal jitter from the record's receive count (1 on the first try):
 * between half and all of `min(max, base·2^(n−1))`, at least 1 s, so a fleet of failed records
 * does not come back in lockstep. Equal rather than full jitter: the waits of a record's retries
 * add up to at least half the doubling series, never much less than the configured backoff.
 */
export const backoffSeconds = (receiveCount: number, random: number, backoff: RetryBackoff): number => {
  const exponent = Math.max(0, Math.min(receiveCount, 30) - 1);
  const ceiling = Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** exponent);
  return Math.max(1, Math.round(ceiling / 2 + (random * ceiling) / 2));
};

const clampDelay = (seconds: number, policy: DeferralPolicy): number =>
  Math.max(1, Math.min(policy.maxSeconds, maxDelaySeconds, Math.ceil(seconds)));

/**
 * Deferral, the other way of retrying: for an error on ConnectWise's side (`deferrable`) the record
 * is re-sent with a delay and the received copy deleted, because a new message starts at receive
 * count 0 — `ChangeMessageVisibility` only spaces receives out, each still counts toward the
 * dead-letter queue (and it would hold the message at most 12 hours). The copy carries how often
 * it was deferred and since when it has been failing, so the backoff grows and the tolerance
 * ends. Waiting for the pace or a 429's pause is not failing: it never counts toward the
 * tolerance. Undefined when the error is not deferrable or the tolerance has run out.
 */
const decideDeferral = (
  error: unknown,
  random: number,
  { policy, history, now }: { policy: DeferralPolicy; history: DeliveryHistory; now: string },
): RecordFailureDecision | undefined => {
  if (!(error instanceof RetryableError) || !error.deferrable) return undefined;
  const deferrals = history.deferrals + 1;
  const reason = `${error.name}: ${error.message}`;
  const waitSeconds = error.retryAfterSeconds;
  if (error instanceof DeliveryDeferredError && error.turnSpacingMs !== undefined) {
    // Its turn in the partner's line for a place: back then, the line spaces the records already.
    return {
      kind: 'defer',
      delaySeconds: clampDelay(error.waitMs / 1000, policy),
      history: { ...history, deferrals },
      reason,
    };
  }
  if (error instanceof DeliveryDeferredError && error.reason === 'busy') {
    // Turned away without a turn (the batch's share of the pace used up, or a place that could
    // not be asked for): no telling when a place frees up, so back off.
    const seconds = backoffSeconds(deferrals, random, { baseSeconds: 1, maxSeconds: busyMaxDelaySeconds });
    return {
      kind: 'defer',
      delaySeconds: clampDelay(seconds, policy),
      history: { ...history, deferrals },
      reason,
    };
  }
  if (error instanceof DeliveryDeferredError && error.reason !== 'circuit-open') {
    // The slot is known: come back then, spread a little so the waiting records do not collide.
    const seconds = (waitSeconds ?? 1) * (1 + random / 2);
    return {
      kind: 'defer',
      delaySeconds: clampDelay(seconds, policy),
      history: { ...history, deferrals },
      reason,
    };
  }
  const failingSince = history.failingSince ?? now;
  if (Date.parse(now) - Date.parse(failingSince) > policy.toleranceSeconds * 1000) return undefined;
  if (error instanceof WorkInProgressError) {
    // The holder finishes, or its mark expires with its Lambda: look again soon, then less often.
    const seconds = backoffSeconds(deferrals, random, {
      baseSeconds: waitSeconds ?? 1,
      maxSeconds: inProgressMaxDelaySeconds,
    });
    return {
      kind: 'defer',
      delaySeconds: clampDelay(seconds, policy),
      history: { deferrals, failingSince },
      reason,
    };
  }
  const backoff = backoffSeconds(deferrals, random, {
    baseSeconds: policy.baseSeconds,
    maxSeconds: policy.maxSeconds,
  });
  // An open circuit says when its next probe goes: not sooner, and spread over the backoff after it.
  const seconds =
    error instanceof DeliveryDeferredError ? (waitSeconds ?? 0) + random * backoff : (waitSeconds ?? backoff);
  return {
    kind: 'defer',
    delaySeconds: clampDelay(seconds, policy),
    history: { deferrals, failingSince },
    reason,
  };
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
  deferral?: { readonly policy: DeferralPolicy; readonly history: DeliveryHistory; readonly now: string },
): RecordFailureDecision => {
  const permanent = permanentFailureOf(error);
  if (permanent) return { kind: 'log', ...permanent };
  const deferred = deferral && decideDeferral(error, random, deferral);
  if (deferred) return deferred;
  const retryAfter = error instanceof RetryableError ? error.retryAfterSeconds : undefined;
  const visibilityTimeoutSeconds =
    retryAfter !== undefined && Number.isFinite(retryAfter)
      ? Math.min(maxVisibilityTimeoutSeconds, Math.max(0, Math.ceil(retryAfter)))
      : backoffSeconds(receiveCount, random, backoff);
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'retry', visibilityTimeoutSeconds, reason };
};
