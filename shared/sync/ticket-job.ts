import type { LockManager } from '../ports/lock.js';
import type { StateCache } from '../ports/state-cache.js';
import type { SyncMarkers } from '../ports/sync-markers.js';
import type { UnmappedCustomers } from '../ports/unmapped-customers.js';
import type { SyncJob } from './sync-job.js';
import { syncMetricNames } from './sync-metric-names.js';
import { eventLogEntryOf, type TicketOutcome } from './ticket-outcome.js';
import { syncTicket } from './ticket-sync.js';

export interface TicketJobDeps {
  /** Where customers that map to no company are noted for the doctor. */
  readonly unmapped?: UnmappedCustomers;
  readonly cache: StateCache;
  readonly markers: SyncMarkers;
  readonly locks: LockManager;
  /** Seconds the current invocation may still run (bounds the fingerprint lock). */
  readonly remainingSeconds: () => number;
  /** See `TicketSyncDeps.createSettleSeconds`. */
  readonly ticketCreateSettleSeconds?: number;
  readonly now: () => Date;
}

/** Bounds of the fingerprint lock's lifetime, whatever the invocation reports. */
export const lockSecondsBounds = { min: 15, max: 900 } as const;

const outcomeMetric = {
  created: syncMetricNames.ticketsCreated,
  noted: syncMetricNames.ticketNotesAdded,
  resolved: syncMetricNames.ticketsResolved,
  'no-rule': syncMetricNames.eventsWithoutTicketRule,
} as const;

/** The ticket job: open or note a ticket, or auto-resolve, on every event (never throttled). */
export const ticketJob = (deps: TicketJobDeps): SyncJob<TicketOutcome> => ({
  name: 'ticket',
  redoWhenForced: false,
  run: (context) =>
    syncTicket(
      {
        connect: context.connect,
        cache: deps.cache,
        markers: deps.markers,
        locks: deps.locks,
        remainingSeconds: deps.remainingSeconds,
        clock: deps.now,
        ...(deps.unmapped && { unmapped: deps.unmapped }),
        ...(deps.ticketCreateSettleSeconds !== undefined && {
          createSettleSeconds: deps.ticketCreateSettleSeconds,
        }),
      },
      {
        event: context.event,
        partner: context.partner,
        rules: context.rules,
        now: context.now,
        // The event owns the lock, not the attempt: a retry after a release lost to an outage
        // takes it back at once. Another copy of the event is kept out by the run-once record.
        lockOwner: `${context.event.partnerId}/${context.event.eventId}`,
        fresh: context.force,
        lockSeconds: Math.min(
          lockSecondsBounds.max,
          Math.max(lockSecondsBounds.min, Math.ceil(deps.remainingSeconds()) + 5),
        ),
      },
    ),
  entriesOf: (context, outcome) => [eventLogEntryOf(context.event, outcome, context.now)],
  metricsOf: (outcome) => ({
    [outcomeMetric[outcome.kind]]: outcome.kind === 'resolved' ? outcome.ticketIds.length : 1,
  }),
});
