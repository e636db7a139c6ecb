import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../observability.js';
import type { SyncRecordResult } from './process-sync-record.js';
import type { JobResult } from './sync-job.js';
import { syncMetricNames } from './sync-metric-names.js';

// Emitters and readers import the names from here; the CDK app reads the Powertools-free module.
export { syncMetricNames };

/** Counts what one job did: its own metrics, a replay, or a failure written to the event log. */
export const recordJobMetrics = (result: JobResult): void => {
  const counts =
    result.kind === 'logged-failure'
      ? { [syncMetricNames.syncFailures]: 1 }
      : result.replayed
        ? { [syncMetricNames.syncReplays]: 1 }
        : result.metrics;
  for (const [name, count] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, count);
};

/** Counts a record that failed before any job ran (its jobs count themselves, `recordJobMetrics`). */
export const recordSyncMetrics = (result: SyncRecordResult): void => {
  if (result.kind === 'logged-failure') metrics.addMetric(syncMetricNames.syncFailures, MetricUnit.Count, 1);
};

/** A one-line summary of a record's result for the function's log. */
export const summaryOf = (result: SyncRecordResult): Record<string, string> =>
  result.kind === 'logged-failure'
    ? { failure: result.message }
    : Object.fromEntries(
        result.jobs.map((job) => [job.job, job.kind === 'done' ? job.outcome.kind : job.message]),
      );

/** Counts a record handed back to the queue. */
export const recordSyncRetry = (): void => {
  metrics.addMetric(syncMetricNames.syncRetries, MetricUnit.Count, 1);
};
