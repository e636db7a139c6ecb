import type { PortalEvent } from '../domain/portal-event.js';
import { logger } from '../observability.js';
import type { EventLog } from '../ports/event-log.js';
import type { EventStore } from '../ports/event-store.js';
import type { MessageVisibility } from '../ports/message-visibility.js';
import type { SyncMessage, SyncQueue } from '../ports/sync-queue.js';
import { type DeferralPolicy, decideRecordFailure, type RetryBackoff } from './failure-policy.js';

export interface RecordFailureDeps {
  readonly eventLog: EventLog;
  /** Where a retried record's failure is noted, for the dead-letter listing. */
  readonly events: Pick<EventStore, 'noteFailure'>;
  readonly visibility: MessageVisibility;
  /** The sync queue itself: a deferred record is sent to it again, with a delay. */
  readonly requeue: SyncQueue;
  readonly random: () => number;
  readonly now: () => Date;
  /** How long a record that gave no Retry-After waits before its next delivery. */
  readonly retryBackoff: RetryBackoff;
  /** How records wait out ConnectWise's outages and pace. */
  readonly deferral: DeferralPolicy;
}

/** Where a failed record came from. */
export interface FailedRecord {
  readonly receiveCount: number;
  readonly receiptHandle: string;
  /** Undefined when the message could not be read. */
  readonly message: SyncMessage | undefined;
  /** Undefined when the failure happened before the event was loaded. */
  readonly event: PortalEvent | undefined;
  /** The customer the message's attributes name, for a re-send when the event is not loaded. */
  readonly customerId?: string;
}

/** What became of a failed record that is not sent back by throwing. */
export type HandledFailure =
  | { readonly kind: 'logged-failure'; readonly message: string }
  | { readonly kind: 'deferred'; readonly delaySeconds: number; readonly reason: string };

/**
 * Applies the retry-vs-defer-vs-event-log decision to a failed record. A permanent failure of a
 * known event becomes an error line in the account's event log and the record completes. A
 * failure on ConnectWise's side is deferred: the record is sent again with a delay and this copy
 * completes (is deleted). Anything else — or a deferral whose send failed — is rethrown, so it
 * becomes a batch item failure, after the message's visibility is set to ConnectWise's
 * Retry-After or a backoff.
 * @throws the original error when the record must be retried
 */
export const handleRecordFailure = async (
  deps: RecordFailureDeps,
  error: unknown,
  record: FailedRecord,
): Promise<HandledFailure> => {
  const { message, event } = record;
  const customerId = event?.customer.id ?? record.customerId;
  const decision = decideRecordFailure(
    error,
    record.receiveCount,
    deps.random(),
    deps.retryBackoff,
    message && {
      policy: deps.deferral,
      history: message.delivery ?? { deferrals: 0 },
      now: deps.now().toISOString(),
    },
  );
  if (decision.kind === 'log' && event) {
    logger.warn('sync failed permanently', { error, decision });
    await deps.eventLog.append({
      accountId: event.account.id,
      partnerId: event.partnerId,
      customerId: event.customer.id,
      eventId: event.eventId,
      at: deps.now().toISOString(),
      level: 'error',
      message: decision.message,
      details: { type: event.type, severity: event.severity, error: decision.errorName },
    });
    return { kind: 'logged-failure', message: decision.message };
  }
  if (decision.kind === 'defer' && message) {
    try {
      await deps.requeue.enqueue(
        { ...message, delivery: decision.history },
        { delaySeconds: decision.delaySeconds, ...(customerId !== undefined && { customerId }) },
      );
      logger.info('sync record deferred', {
        delaySeconds: decision.delaySeconds,
        deferrals: decision.history.deferrals,
        failingSince: decision.history.failingSince,
        reason: decision.reason,
      });
      return { kind: 'deferred', delaySeconds: decision.delaySeconds, reason: decision.reason };
    } catch (sendError) {
      // Not re-sent: this copy comes back instead, spending one receive.
      logger.warn('could not defer the sync record; it is retried instead', { error: sendError });
    }
  }
  // A malformed or orphaned message has no account to log to: retried, then dead-lettered for inspection.
  const seconds =
    decision.kind === 'retry'
      ? decision.visibilityTimeoutSeconds
      : decision.kind === 'defer'
        ? decision.delaySeconds
        : 0;
  logger.warn('sync record will be retried', { error, visibilityTimeoutSeconds: seconds });
  if (message) await noteFailure(deps, message, error, record.receiveCount);
  try {
    await deps.visibility.delay(record.receiptHandle, seconds);
  } catch (visibilityError) {
    // The record is still retried after the queue's own visibility timeout.
    logger.warn('could not change message visibility', { error: visibilityError });
  }
  throw error;
};

/** The longest failure reason kept: enough for any of the bridge's own messages. */
const maxReasonLength = 1000;

/**
 * Notes the failure on the stored event, so the dead-letter listing can say why a record that
 * ends there failed. Best effort: a failed note never changes what becomes of the record.
 */
const noteFailure = async (
  deps: RecordFailureDeps,
  message: SyncMessage,
  error: unknown,
  receiveCount: number,
): Promise<void> => {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  try {
    await deps.events.noteFailure(message.partnerId, message.eventId, {
      reason: reason.slice(0, maxReasonLength),
      receiveCount,
      at: deps.now().toISOString(),
    });
  } catch (noteError) {
    logger.warn('could not note the failure on the stored event', { error: noteError });
  }
};
