import * as z from 'zod';
import type { PartnerConfig } from '../domain/partner-config.js';
import type { PortalEvent } from '../domain/portal-event.js';
import {
  DeliveryDeferredError,
  PartnerConfigurationError,
  RetryableError,
  ValidationError,
} from '../errors.js';
import { appendCorrelationKeys, logger } from '../observability.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import type { EventStore } from '../ports/event-store.js';
import type { PartnerLeases } from '../ports/partner-leases.js';
import type { PartnerRepository } from '../ports/partner-repository.js';
import type { RunOnce } from '../ports/run-once.js';
import type { SyncMessage } from '../ports/sync-queue.js';
import type { BatchDeferrals } from './batch-deferrals.js';
import { type DataSyncJobDeps, dataSyncJob } from './data-sync-job.js';
import { type HandledFailure, handleRecordFailure, type RecordFailureDeps } from './record-failure.js';
import { runJob } from './run-job.js';
import type { JobContext, JobResult, SyncJob } from './sync-job.js';
import { type TicketJobDeps, ticketJob } from './ticket-job.js';

export interface SyncRecordDeps extends RecordFailureDeps, TicketJobDeps, DataSyncJobDeps {
  readonly events: EventStore;
  readonly partners: PartnerRepository;
  readonly runOnce: RunOnce;
  /** The partner's ConnectWise; only called when a job needs it. */
  readonly connectWise: (partner: PartnerConfig) => Promise<ConnectWiseGateways>;
  /** Bounds the partner's records worked on at once; none in unit tests of the jobs. */
  readonly partnerLeases?: PartnerLeases;
  /**
   * Told of each job's result as soon as the job is done, also when another job of the record
   * then sends it back for a retry (whose replay of this job would count as a replay only).
   */
  readonly onJobResult?: (result: JobResult) => void;
}

/** A queue record as the use case needs it (the handler maps the SQS record). */
export interface SyncRecordInput {
  readonly body: string;
  readonly receiveCount: number;
  readonly receiptHandle: string;
  /** The deferrals of the record's batch so far: a partner deferred there is not asked again. */
  readonly batch?: BatchDeferrals;
  /** The customer the message's attributes name: kept on a re-send made before the event is read. */
  readonly customerId?: string;
}

/** What became of a record that did not need a retry: each job's result, or why none ran. */
export type SyncRecordResult =
  | { readonly kind: 'processed'; readonly jobs: readonly JobResult[] }
  | HandledFailure;

const syncMessageSchema = z.object({
  partnerId: z.string().min(1),
  eventId: z.string().min(1),
  force: z.boolean().optional(),
  delivery: z
    .object({ deferrals: z.number().int().min(0), failingSince: z.iso.datetime().optional() })
    .optional(),
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

/** The jobs every record runs, in order: the ticket first, it is what a technician waits for. */
export const syncJobsOf = (deps: SyncRecordDeps): readonly SyncJob[] => [
  ticketJob(deps) as SyncJob,
  dataSyncJob(deps) as SyncJob,
];

/**
 * One sync record: load the event, the partner's configuration and rules, and run each job
 * (`syncJobsOf`) at most once per partner + event + job, each recording its outcome in the
 * account's event log. A job that fails for good is logged and the others still run; a job that
 * must be retried sends the whole record back after the others ran, and the retry skips the jobs
 * that completed. Failures go through `handleRecordFailure`, the one retry-vs-defer-vs-event-log
 * decision.
 * @throws when the record must be retried (its visibility already set)
 */
export const processSyncRecord = async (
  deps: SyncRecordDeps,
  input: SyncRecordInput,
): Promise<SyncRecordResult> => {
  let event: PortalEvent | undefined;
  let message: SyncMessage | undefined;
  const lease: LeaseHolder = { held: undefined };
  try {
    message = parseMessage(input.body);
    appendCorrelationKeys({ partnerId: message.partnerId, eventId: message.eventId });
    const deferred = input.batch?.pending(message.partnerId);
    if (deferred) throw deferred;
    event = await loadEvent(deps, message);
    appendCorrelationKeys({ customerId: event.customer.id, accountId: event.account.id });
    const context = await jobContextOf(deps, event, message.force === true, lease, input.batch);
    const jobs: JobResult[] = [];
    let retry: { error: unknown } | undefined;
    for (const job of syncJobsOf(deps)) {
      try {
        const result = await runJob(deps, job, context);
        deps.onJobResult?.(result);
        jobs.push(result);
      } catch (error) {
        retry ??= { error };
      }
    }
    if (retry) throw retry.error;
    return { kind: 'processed', jobs };
  } catch (error) {
    if (error instanceof DeliveryDeferredError && message) input.batch?.note(message.partnerId, error);
    // Awaited here: a rejection must not wait unobserved while `finally` gives the lease back.
    return await handleRecordFailure(deps, error, { ...input, message, event });
  } finally {
    await releaseHeldLease(deps, lease);
  }
};

/** The lease a record took when it first connected, if it did. */
interface LeaseHolder {
  held: { partner: PartnerConfig; leaseId: string } | undefined;
}

const releaseHeldLease = async (deps: SyncRecordDeps, lease: LeaseHolder): Promise<void> => {
  if (!lease.held || !deps.partnerLeases) return;
  try {
    await deps.partnerLeases.release(lease.held.partner, lease.held.leaseId);
  } catch (error) {
    // It goes back with this instance's next write of the partner's delivery state, or lapses.
    logger.warn('could not give back the partner lease', { error });
  }
};

const jobContextOf = async (
  deps: SyncRecordDeps,
  event: PortalEvent,
  force: boolean,
  lease: LeaseHolder,
  batch: BatchDeferrals | undefined,
): Promise<JobContext> => {
  const partner = await deps.partners.getConfig(event.partnerId);
  if (!partner) throw new PartnerConfigurationError(`partner ${event.partnerId} has no configuration`);
  const rules = await deps.partners.getRules(event.partnerId);
  let connected = false;
  return {
    event,
    partner,
    rules,
    force,
    now: deps.now().toISOString(),
    connect: async () => {
      const takePlace = async (waiting = 0) => {
        if (!deps.partnerLeases || lease.held) return;
        // One id per event: a retry whose earlier release was lost (an AWS outage) takes its own
        // place again instead of waiting for it to lapse. Two copies of one event at once are
        // kept apart by the run-once records, not by places.
        const leaseId = `${event.partnerId}/${event.eventId}`;
        await deps.partnerLeases.acquire(partner, leaseId, waiting);
        lease.held = { partner, leaseId };
      };
      // Only the record's first connection goes through its batch: one that has started finishes.
      if (connected || !batch) await takePlace();
      else await batch.connect(partner.partnerId, takePlace);
      connected = true;
      return deps.connectWise(partner);
    },
  };
};
