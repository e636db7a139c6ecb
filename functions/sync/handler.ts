import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { clearCorrelationKeys, logger, metrics, tracer } from '../../shared/observability.js';
import type { SyncRecordResult } from '../../shared/sync/process-sync-record.js';
import { processSyncRecord } from '../../shared/sync/process-sync-record.js';
import { createSyncDeps } from './wiring.js';

let currentContext: Context | undefined;
const wiring = createSyncDeps({
  remainingTimeMs: () => currentContext?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY,
});

const metricOf: Record<string, string> = {
  created: 'ticketsCreated',
  noted: 'ticketNotesAdded',
  resolved: 'ticketsResolved',
  'no-rule': 'eventsWithoutTicketRule',
};

const metricNameOf = (result: SyncRecordResult): string => {
  if (result.kind === 'logged-failure') return 'syncFailures';
  if (result.replayed) return 'syncReplays';
  return metricOf[result.outcome.kind] ?? 'ticketOutcomes';
};

const recordMetrics = (result: SyncRecordResult): void => {
  const count =
    result.kind === 'ticket' && result.outcome.kind === 'resolved' ? result.outcome.ticketIds.length : 1;
  metrics.addMetric(metricNameOf(result), MetricUnit.Count, count);
};

/** One queue record: the ticket sync use case, its metrics, and correlation keys for its logs. */
export const processRecord = async (record: SQSRecord): Promise<void> => {
  try {
    const result = await processSyncRecord(wiring.deps, {
      body: record.body,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
      receiptHandle: record.receiptHandle,
    });
    recordMetrics(result);
    logger.info('sync record done', {
      result: result.kind === 'ticket' ? result.outcome.kind : result.message,
    });
  } catch (error) {
    metrics.addMetric('syncRetries', MetricUnit.Count, 1);
    throw error;
  } finally {
    clearCorrelationKeys();
  }
};

/**
 * The batch: records one at a time (the shared logger carries one record's correlation keys),
 * each failure reported alone, even when all fail. The processor holds one batch's state, so each call gets its own.
 */
export const handleBatch = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  currentContext = context;
  wiring.registerLambdaContext(context);
  return processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), {
    context,
    processInParallel: false,
    // A batch whose records all failed still answers with batchItemFailures: each keeps the visibility it set.
    throwOnFullBatchFailure: false,
  });
};

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics))
  .handler(handleBatch);
