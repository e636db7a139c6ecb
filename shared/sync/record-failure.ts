import type { PortalEvent } from '../domain/portal-event.js';
import { logger } from '../observability.js';
import type { EventLog } from '../ports/event-log.js';
import type { MessageVisibility } from '../ports/message-visibility.js';
import { decideRecordFailure, type RetryBackoff } from './failure-policy.js';

export interface RecordFailureDeps {
  readonly eventLog: EventLog;
  readonly visibility: MessageVisibility;
  readonly random: () => number;
  readonly now: () => Date;
  /** How long a record that gave no Retry-After waits before its next delivery. */
  readonly retryBackoff: RetryBackoff;
}

/** Where a failed record came from. */
export interface FailedRecord {
  readonly receiveCount: number;
  readonly receiptHandle: string;
  /** Undefined when the failure happened before the event was loaded. */
  readonly event: PortalEvent | undefined;
}

/**
 * Applies the retry-vs-event-log decision to a failed record. A permanent failure of a known
 * event becomes an error line in the account's event log and the record completes. Anything
 * else is rethrown — so it becomes a batch item failure — after the message's visibility is set
 * to ConnectWise's Retry-After or a backoff, so the retry follows ConnectWise's pace.
 * @returns the event-log message when the failure was logged instead of retried
 * @throws the original error when the record must be retried
 */
export const handleRecordFailure = async (
  deps: RecordFailureDeps,
  error: unknown,
  record: FailedRecord,
): Promise<string> => {
  const decision = decideRecordFailure(error, record.receiveCount, deps.random(), deps.retryBackoff);
  if (decision.kind === 'log' && record.event) {
    const { event } = record;
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
    return decision.message;
  }
  // A malformed or orphaned message has no account to log to: retried, then dead-lettered for inspection.
  const seconds = decision.kind === 'retry' ? decision.visibilityTimeoutSeconds : 0;
  logger.warn('sync record will be retried', { error, visibilityTimeoutSeconds: seconds });
  try {
    await deps.visibility.delay(record.receiptHandle, seconds);
  } catch (visibilityError) {
    // The record is still retried after the queue's own visibility timeout.
    logger.warn('could not change message visibility', { error: visibilityError });
  }
  throw error;
};
