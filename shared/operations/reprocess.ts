import * as z from 'zod';
import { ConflictError, NotFoundError } from '../errors.js';
import { toValidationError } from '../http/validation.js';
import type { EventLog } from '../ports/event-log.js';
import type { EventStore } from '../ports/event-store.js';
import type { SyncQueue } from '../ports/sync-queue.js';

export interface ReprocessDeps {
  readonly events: Pick<EventStore, 'findByEventId'>;
  readonly syncQueue: SyncQueue;
  readonly eventLog: Pick<EventLog, 'append'>;
  readonly now: () => Date;
}

/** What `POST /events/{eventId}/reprocess` answers (202: the record is queued). */
export interface ReprocessResult {
  readonly partnerId: string;
  readonly eventId: string;
  readonly accountId: string;
  readonly queued: true;
}

export const eventIdSchema = z.string().min(1).max(200);

/**
 * Queues a stored event again with `force` and no delay: tickets and the data sync run again,
 * the 12-hour window bypassed and the customer's company looked up afresh (an operator reprocesses
 * after fixing the setup). A ticket already open for the problem is never opened twice: the
 * ticket job says in the event log that it was already done. The account's event log notes the
 * request as the operator's.
 * @throws NotFoundError when no stored event has the id (events are kept 30 days)
 * @throws ConflictError when more than one partner sent that id and `partnerId` does not say which
 */
export const reprocessEvent = async (
  deps: ReprocessDeps,
  rawEventId: string,
  partnerId: string | undefined,
): Promise<ReprocessResult> => {
  // Parsed as a named field, so the 400 names `eventId` rather than the document root.
  const parsed = z.object({ eventId: eventIdSchema }).safeParse({ eventId: rawEventId });
  if (!parsed.success) throw toValidationError(parsed.error, 'path');
  const { eventId } = parsed.data;
  const found = (await deps.events.findByEventId(eventId)).filter(
    (stored) => partnerId === undefined || stored.event.partnerId === partnerId,
  );
  if (found.length === 0) {
    const whose = partnerId === undefined ? '' : ` for partner ${partnerId}`;
    throw new NotFoundError(`no stored event ${eventId}${whose} (events are kept 30 days)`);
  }
  const [stored, ...others] = found;
  if (!stored || others.length > 0) {
    const partners = found.map((candidate) => candidate.event.partnerId).join(', ');
    throw new ConflictError(
      `event ${eventId} was sent by more than one partner (${partners}): say which with ?partnerId=`,
    );
  }
  const { event } = stored;
  await deps.syncQueue.enqueue(
    { partnerId: event.partnerId, eventId, force: true },
    { delaySeconds: 0, customerId: event.customer.id },
  );
  await deps.eventLog.append({
    accountId: event.account.id,
    partnerId: event.partnerId,
    customerId: event.customer.id,
    eventId,
    at: deps.now().toISOString(),
    level: 'info',
    message: 'reprocess requested by an operator',
    details: { type: event.type, reprocessed: true, initiatedBy: 'operator' },
  });
  return { partnerId: event.partnerId, eventId, accountId: event.account.id, queued: true };
};
