import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../observability.js';
import type { SyncRecordResult } from './process-sync-record.js';

/** The sync function's metric names (stable: dashboards and alarms are built on them). */
export const syncMetricNames = {
  ticketsCreated: 'ticketsCreated',
  ticketNotesAdded: 'ticketNotesAdded',
  ticketsResolved: 'ticketsResolved',
  eventsWithoutTicketRule: 'eventsWithoutTicketRule',
  /** Redeliveries and reprocesses answered from the idempotency store. */
  syncReplays: 'syncReplays',
  /** Permanent failures written to the event log. */
  syncFailures: 'syncFailures',
  /** Records handed back to the queue for a retry. */
  syncRetries: 'syncRetries',
} as const;

const outcomeMetric = {
  created: syncMetricNames.ticketsCreated,
  noted: syncMetricNames.ticketNotesAdded,
  resolved: syncMetricNames.ticketsResolved,
  'no-rule': syncMetricNames.eventsWithoutTicketRule,
} as const;

const metricNameOf = (result: SyncRecordResult): string => {
  if (result.kind === 'logged-failure') return syncMetricNames.syncFailures;
  if (result.replayed) return syncMetricNames.syncReplays;
  return outcomeMetric[result.outcome.kind];
};

/** Counts what became of one record. */
export const recordSyncMetrics = (result: SyncRecordResult): void => {
  const count =
    result.kind === 'ticket' && result.outcome.kind === 'resolved' ? result.outcome.ticketIds.length : 1;
  metrics.addMetric(metricNameOf(result), MetricUnit.Count, count);
};

/** Counts a record handed back to the queue. */
export const recordSyncRetry = (): void => {
  metrics.addMetric(syncMetricNames.syncRetries, MetricUnit.Count, 1);
};
