import type { DeferralReason } from './domain/delivery-control.js';

/**
 * The error hierarchy every layer throws. A `BridgeError` says whether retrying can help:
 * the queue decides retry vs. event log from `retryable`, the HTTP edge maps `status` to a
 * problem response. Messages never carry secrets.
 */
export abstract class BridgeError extends Error {
  abstract readonly retryable: boolean;
  /** HTTP status the edge answers with when this error reaches it. */
  readonly status: number = 500;
}

/** Retrying later may succeed: throttling, outages, timeouts. */
export class RetryableError extends BridgeError {
  override readonly name: string = 'RetryableError';
  readonly retryable = true;
  override readonly status: number = 503;
  /** Seconds the caller should wait before the next try, when the far side said so. */
  readonly retryAfterSeconds: number | undefined;
  /**
   * The far side is down or asked us to wait (ConnectWise 5xx, timeouts, 429, an open circuit):
   * the record waits it out without spending its receive budget. Anything else retryable (an AWS
   * fault, a missing event) spends it, so a poison message still reaches the dead-letter queue.
   */
  readonly deferrable: boolean = false;

  constructor(message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Retrying cannot help: bad input, bad configuration, rejected by ConnectWise. */
export class PermanentError extends BridgeError {
  override readonly name: string = 'PermanentError';
  readonly retryable = false;
  override readonly status: number = 400;
}

/** Input that fails validation; `fields` names each failing field. */
export class ValidationError extends PermanentError {
  override readonly name: string = 'ValidationError';
  override readonly status = 400;
  readonly fields: readonly { field: string; message: string }[];

  constructor(message: string, fields: readonly { field: string; message: string }[] = []) {
    super(message);
    this.fields = fields;
  }
}

/** A partner's setup is wrong (missing board status, unmapped customer, bad keys). */
export class PartnerConfigurationError extends PermanentError {
  override readonly name: string = 'PartnerConfigurationError';
  override readonly status = 422;
}

/** The request conflicts with work in progress (another redrive running). */
export class ConflictError extends PermanentError {
  override readonly name: string = 'ConflictError';
  override readonly status = 409;
}

/** A record that should exist does not. */
export class NotFoundError extends PermanentError {
  override readonly name: string = 'NotFoundError';
  override readonly status = 404;
}

/**
 * A ConnectWise request was not sent: the partner's circuit is open, ConnectWise asked for a
 * pause, the partner's pace has no slot soon enough, or enough of its records are already being
 * worked on (busy). The record waits without spending its
 * receive budget (see the sync failure policy); `retryAfterSeconds` says when a slot is due.
 */
export class DeliveryDeferredError extends RetryableError {
  override readonly name = 'DeliveryDeferredError';
  override readonly deferrable = true;
  readonly reason: DeferralReason;
  /** How long the request has to wait. */
  readonly waitMs: number;
  /**
   * Set when `waitMs` is the record's turn in the partner's line for a place (busy): how far
   * apart the turns are, so records of one batch turned away together take the turns after it.
   */
  readonly turnSpacingMs: number | undefined;

  constructor(reason: DeferralReason, partnerId: string, waitMs: number, turnSpacingMs?: number) {
    super(`ConnectWise requests of partner ${partnerId} deferred (${reason}) for ${Math.ceil(waitMs)} ms`, {
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    });
    this.reason = reason;
    this.waitMs = waitMs;
    this.turnSpacingMs = turnSpacingMs;
  }
}

/**
 * Another attempt holds the work: a concurrent delivery of the same record, or one that crashed
 * (or lost its store mid-way) and whose in-progress mark lasts until its Lambda would have ended.
 * Waiting is all that helps, so the record waits without spending its receive budget: otherwise
 * a short DynamoDB outage, which leaves such marks behind, would dead-letter the records it hit.
 */
export class WorkInProgressError extends RetryableError {
  override readonly name = 'WorkInProgressError';
  override readonly deferrable = true;
}

/**
 * A ticket create got no answer a moment ago and may still commit: the record looks again once it
 * has settled instead of creating a second ticket. It waits on ConnectWise, so without spending
 * its receive budget.
 */
export class TicketCreateUnsettledError extends RetryableError {
  override readonly name = 'TicketCreateUnsettledError';
  override readonly deferrable = true;
}
