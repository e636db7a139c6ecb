import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../observability.js';
import type { SyncRecordResult } from './process-sync-record.js';
import { syncMetricNames } from './sync-metric-names.js';

// Emitters and readers import the names from here; the CDK app reads the Powertools-free module.
export { syncMetricNames };

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
