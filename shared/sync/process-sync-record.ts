import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PartnerConfig } from '../domain/partner-config.js';
import type { PortalEvent } from '../domain/portal-event.js';
import { PartnerConfigurationError, RetryableError, ValidationError } from '../errors.js';
import { appendCorrelationKeys } from '../observability.js';
import type { EventStore } from '../ports/event-store.js';
import type { LockManager } from '../ports/lock.js';
import type { PartnerRepository } from '../ports/partner-repository.js';
import type { RunOnce } from '../ports/run-once.js';
import type { StateCache } from '../ports/state-cache.js';
import type { SyncMessage } from '../ports/sync-queue.js';
import { handleRecordFailure, type RecordFailureDeps } from './record-failure.js';
import { eventLogEntryOf, type TicketOutcome } from './ticket-outcome.js';
import { type ConnectWiseGateways, syncTicket } from './ticket-sync.js';

export interface SyncRecordDeps extends RecordFailureDeps {
  readonly events: EventStore;
  readonly partners: PartnerRepository;
  readonly runOnce: RunOnce;
  readonly cache: StateCache;
  readonly locks: LockManager;
  /** The partner's ConnectWise; only called when an event needs it. */
  readonly connectWise: (partner: PartnerConfig) => Promise<ConnectWiseGateways>;
  /** Seconds the current invocation may still run (bounds the fingerprint lock). */
  readonly remainingSeconds: () => number;
}

/** Bounds of the fingerprint lock's lifetime, whatever the invocation reports. */
export const lockSecondsBounds = { min: 15, max: 900 } as const;

/** A queue record as the use case needs it (the handler maps the SQS record). */
export interface SyncRecordInput {
  readonly body: string;
  readonly receiveCount: number;
  readonly receiptHandle: string;
}

/** What became of a record that did not need a retry. */
export type SyncRecordResult =
  | { readonly kind: 'ticket'; readonly outcome: TicketOutcome; readonly replayed: boolean }
  | { readonly kind: 'logged-failure'; readonly message: string };

const syncMessageSchema = z.object({
  partnerId: z.string().min(1),
  eventId: z.string().min(1),
  force: z.boolean().optional(),
}) satisfies z.ZodType<SyncMessage>;

const parseMessage = (body: string): SyncMessage => {
  try {
    return syncMessageSchema.parse(JSON.parse(body));
  } catch {
    throw new ValidationError('sync message is not {partnerId, eventId, force?}');
  }
};

const loadEvent = async (deps: SyncRecordDeps, message: SyncMessage): Promise<PortalEvent> => {
  const stored = await deps.events.get(message.partnerId, message.eventId);
  // The reference outran its event (or the event expired): retrying is the only safe move.
  if (!stored) throw new RetryableError(`event ${message.partnerId}/${message.eventId} is not stored`);
  return stored.event;
};

/**
 * One sync record: load the event, the partner's configuration and rules, run the ticket sync
 * at most once per partner + event, and record the outcome in the account's event log. Failures
 * go through `handleRecordFailure`, the one retry-vs-event-log decision.
 * @throws when the record must be retried (its visibility already set)
 */
export const processSyncRecord = async (
  deps: SyncRecordDeps,
  input: SyncRecordInput,
): Promise<SyncRecordResult> => {
  let event: PortalEvent | undefined;
  try {
    const message = parseMessage(input.body);
    appendCorrelationKeys({ partnerId: message.partnerId, eventId: message.eventId });
    event = await loadEvent(deps, message);
    appendCorrelationKeys({ customerId: event.customer.id, accountId: event.account.id });
    return await syncEventTickets(deps, event, message.force === true);
  } catch (error) {
    const message = await handleRecordFailure(deps, error, { ...input, event });
    return { kind: 'logged-failure', message };
  }
};

const syncEventTickets = async (
  deps: SyncRecordDeps,
  event: PortalEvent,
  force: boolean,
): Promise<SyncRecordResult> => {
  const partner = await deps.partners.getConfig(event.partnerId);
  if (!partner) throw new PartnerConfigurationError(`partner ${event.partnerId} has no configuration`);
  const rules = await deps.partners.getRules(event.partnerId);
  let ran = false;
  const outcome = await deps.runOnce({ partnerId: event.partnerId, eventId: event.eventId }, async () => {
    ran = true;
    const now = deps.now().toISOString();
    const result = await syncTicket(
      {
        connect: () => deps.connectWise(partner),
        cache: deps.cache,
        locks: deps.locks,
        remainingSeconds: deps.remainingSeconds,
      },
      {
        event,
        partner,
        rules,
        now,
        lockOwner: randomUUID(),
        lockSeconds: Math.min(
          lockSecondsBounds.max,
          Math.max(lockSecondsBounds.min, Math.ceil(deps.remainingSeconds()) + 5),
        ),
      },
    );
    await deps.eventLog.append(eventLogEntryOf(event, result, now));
    return result as TicketOutcome & Record<string, unknown>;
  });
  if (!ran && force) {
    // An operator's reprocess of an event whose ticket work is done: say so rather than act twice.
    const entry = eventLogEntryOf(event, outcome, deps.now().toISOString());
    await deps.eventLog.append({ ...entry, level: 'info', message: `already processed: ${entry.message}` });
  }
  return { kind: 'ticket', outcome, replayed: !ran };
};
