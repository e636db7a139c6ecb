import { matchRule } from '../domain/notification-rule.js';
import type { PortalEvent } from '../domain/portal-event.js';
import { windowCutoffOf } from '../domain/sync-window.js';
import { accountUsageOf, jobCountsOf, monthOf } from '../domain/usage.js';
import { logger } from '../observability.js';
import type { EventLog } from '../ports/event-log.js';
import type { StateCache } from '../ports/state-cache.js';
import type { SyncMarkers } from '../ports/sync-markers.js';
import type { SyncWindow, WindowClaim } from '../ports/sync-window.js';
import type { UnmappedCustomers } from '../ports/unmapped-customers.js';
import type { UsageStore } from '../ports/usage-store.js';
import { syncCustomerData } from './data-sync.js';
import {
  changesText,
  type DataSyncOutcome,
  dataSyncEntriesOf,
  dataSyncMetricsOf,
  type SyncChange,
} from './data-sync-outcome.js';
import { permanentFailureOf } from './failure-policy.js';
import { entryFor, type JobContext, type SyncJob } from './sync-job.js';

export interface DataSyncJobDeps {
  /** Where customers that map to no company are noted for the doctor. */
  readonly unmapped?: UnmappedCustomers;
  readonly usage: UsageStore;
  /** Where a sync interrupted by a failure notes the writes it had made. */
  readonly eventLog: EventLog;
  readonly window: SyncWindow;
  readonly cache: StateCache;
  /** The company sweep's cursor (company discovery). */
  readonly markers: SyncMarkers;
  /** Length of the data sync window: at most one sync per customer per this many seconds (12 h). */
  readonly dataSyncWindowSeconds: number;
  /** Seconds the invocation may still run, so a long company discovery pauses in time. */
  readonly remainingSeconds: () => number;
}

/**
 * Every event's usage goes into the usage state, whatever the rules say: the billing sweep and
 * later syncs compute from it. Both writes are once-only by themselves (newer-wins snapshot,
 * counters keyed by event), so a redelivery changes nothing.
 */
export const recordUsage = async (usage: UsageStore, event: PortalEvent): Promise<void> => {
  const snapshot = accountUsageOf(event);
  if (snapshot) {
    // The registry first: the billing sweep reads the accounts it lists. Also on a repeat: a
    // redelivery completes a registration its first attempt did not reach.
    await usage.registerCustomer(event.partnerId, {
      customerId: event.customer.id,
      customerName: event.customer.name,
      lastUsageAt: snapshot.occurredAt,
      accountId: snapshot.accountId,
    });
    await usage.putSnapshot(event.partnerId, event.customer.id, snapshot);
  }
  const counts = jobCountsOf(event);
  if (counts) {
    await usage.addJobCounts({
      partnerId: event.partnerId,
      customerId: event.customer.id,
      accountId: event.account.id,
      month: monthOf(event.occurredAt),
      eventId: event.eventId,
      counts,
    });
  }
};

const nothingToSync = (context: JobContext): string | undefined => {
  const { settings, serviceCatalogue } = context.partner;
  if (!settings.updateBackupStatistics && serviceCatalogue.length === 0) {
    return 'Update Backup Statistics is off and the service catalogue bills no service';
  }
  return undefined;
};

const usageOf = (deps: DataSyncJobDeps, context: JobContext) =>
  deps.usage.getCustomerUsage(context.partner.partnerId, context.event.customer.id, monthOf(context.now));

const claimWindow = (deps: DataSyncJobDeps, context: JobContext): Promise<WindowClaim | undefined> =>
  deps.window.claim({
    partnerId: context.partner.partnerId,
    customerId: context.event.customer.id,
    eventId: context.event.eventId,
    now: context.now,
    cutoff: windowCutoffOf(context.now, deps.dataSyncWindowSeconds),
  });

const run = async (deps: DataSyncJobDeps, context: JobContext): Promise<DataSyncOutcome> => {
  const { event } = context;
  await recordUsage(deps.usage, event);
  if (!matchRule(context.rules, event, 'sync')) return { kind: 'no-rule' };
  const reason = nothingToSync(context);
  if (reason) return { kind: 'not-needed', reason };
  // Before any stats arrived, the sync would set every count and quantity to zero.
  if ((await usageOf(deps, context)).accounts.length === 0) {
    return { kind: 'not-needed', reason: 'no usage reported for this customer yet' };
  }
  const claim = context.force ? undefined : await claimWindow(deps, context);
  if (!context.force && !claim) return { kind: 'skipped' };
  // Read again once the window is ours: the events that lost the race stored their usage meanwhile.
  const usage = await usageOf(deps, context);
  const applied: SyncChange[] = [];
  try {
    const result = await syncCustomerData(deps, context, usage, applied);
    return { kind: 'synced', forced: context.force, ...result };
  } catch (error) {
    await noteInterruptedSync(deps, context, applied);
    // A retryable failure gives the window back for the retry; a permanent one (a 400, a missing
    // setup) keeps it, or every later event would repeat the same writes and error line unthrottled.
    if (claim && !permanentFailureOf(error)) await releaseAfterFailure(deps.window, claim);
    throw error;
  }
};

/** Writes made before a failure are real: the event log says which, since the retry will not. */
const noteInterruptedSync = async (
  deps: DataSyncJobDeps,
  context: JobContext,
  applied: readonly SyncChange[],
): Promise<void> => {
  if (applied.length === 0) return;
  await deps.eventLog.append(
    entryFor(context.event, context.now, {
      level: 'warning',
      message: `ConnectWise synchronization interrupted after: ${changesText(applied)}`,
      details: { job: 'data-sync', changes: applied },
    }),
  );
};

// A failed sync must not keep the window closed: the retry, or the customer's next event, syncs.
const releaseAfterFailure = async (window: SyncWindow, claim: WindowClaim): Promise<void> => {
  try {
    await window.release(claim);
  } catch (error) {
    // The sync's own error is what the record's retry decision needs; this one only delays the next sync.
    logger.warn('could not release the data sync window', { error });
  }
};

/**
 * The data sync job: usage state on every event; then, when a `sync` rule matches, the customer's
 * backup statistics and billing in ConnectWise, at most once per customer per window (a reprocess
 * bypasses the window). Safe to redo: it sets absolute values computed from the usage state.
 */
export const dataSyncJob = (deps: DataSyncJobDeps): SyncJob<DataSyncOutcome> => ({
  name: 'data-sync',
  redoWhenForced: true,
  run: (context) => run(deps, context),
  entriesOf: dataSyncEntriesOf,
  metricsOf: dataSyncMetricsOf,
});
