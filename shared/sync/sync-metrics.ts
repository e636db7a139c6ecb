import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../observability.js';
import type { DeliverySignal } from './delivery-control.js';
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
  if (result.kind === 'deferred') metrics.addMetric(syncMetricNames.syncDeferrals, MetricUnit.Count, 1);
};

/**
 * Metrics and log lines of the partners' delivery control. The partner is a log field, not a
 * metric dimension: one metric per partner would cost per partner; the log names who it was.
 */
export const recordDeliverySignal = (signal: DeliverySignal): void => {
  switch (signal.kind) {
    case 'circuit-opened':
      logger.warn('ConnectWise circuit opened', { partnerId: signal.partnerId });
      metrics.addMetric(syncMetricNames.circuitOpened, MetricUnit.Count, 1);
      return;
    case 'circuit-closed':
      logger.info('ConnectWise circuit closed', { partnerId: signal.partnerId, openForMs: signal.openForMs });
      metrics.addMetric(syncMetricNames.circuitClosed, MetricUnit.Count, 1);
      return;
    case 'probe':
      logger.info('ConnectWise circuit probe', { partnerId: signal.partnerId, openForMs: signal.openForMs });
      metrics.addMetric(syncMetricNames.circuitProbes, MetricUnit.Count, 1);
      metrics.addMetric(syncMetricNames.circuitOpenSeconds, MetricUnit.Seconds, signal.openForMs / 1000);
      return;
    case 'request-deferred':
      metrics.addMetric(syncMetricNames.requestsDeferred, MetricUnit.Count, 1);
      if (signal.openForMs !== undefined)
        metrics.addMetric(syncMetricNames.circuitOpenSeconds, MetricUnit.Seconds, signal.openForMs / 1000);
      return;
    case 'pace-wait':
      metrics.addMetric(syncMetricNames.paceWaitMs, MetricUnit.Milliseconds, signal.waitMs);
      return;
    case 'paused':
      logger.warn('ConnectWise asked partner to pause', {
        partnerId: signal.partnerId,
        pauseMs: signal.pauseMs,
      });
      metrics.addMetric(syncMetricNames.partnerPauses, MetricUnit.Count, 1);
      return;
  }
};

/** A one-line summary of a record's result for the function's log. */
export const summaryOf = (result: SyncRecordResult): Record<string, string> =>
  result.kind === 'logged-failure'
    ? { failure: result.message }
    : result.kind === 'deferred'
      ? { deferred: `${result.delaySeconds} s: ${result.reason}` }
      : Object.fromEntries(
          result.jobs.map((job) => [job.job, job.kind === 'done' ? job.outcome.kind : job.message]),
        );

/** Counts a record handed back to the queue. */
export const recordSyncRetry = (): void => {
  metrics.addMetric(syncMetricNames.syncRetries, MetricUnit.Count, 1);
};
