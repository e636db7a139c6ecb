import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../observability.js';
import type { SyncRecordResult } from './process-sync-record.js';
import type { JobResult } from './sync-job.js';
import { syncMetricNames } from './sync-metric-names.js';

// Emitters and readers import the names from here; the CDK app reads the Powertools-free module.
export { syncMetricNames };

const jobMetricsOf = (result: JobResult): Readonly<Record<string, number>> => {
  if (result.kind === 'logged-failure') return { [syncMetricNames.syncFailures]: 1 };
  if (result.replayed) return { [syncMetricNames.syncReplays]: 1 };
  return result.metrics;
};

/** Counts what became of one record: each job's metrics, or one failure when no job ran. */
export const recordSyncMetrics = (result: SyncRecordResult): void => {
  const counts =
    result.kind === 'logged-failure'
      ? [{ [syncMetricNames.syncFailures]: 1 }]
      : result.jobs.map(jobMetricsOf);
  for (const jobCounts of counts) {
    for (const [name, count] of Object.entries(jobCounts)) metrics.addMetric(name, MetricUnit.Count, count);
  }
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
