/**
 * The sync function: SQS records `{partnerId, eventId, force?}` from the sync queue, each run
 * through its jobs (ticket, data sync). Environment: the events, partners, state, event-log and
 * idempotency table names, and SYNC_QUEUE_URL — taken from the environment rather than derived
 * from the record's ARN, because ChangeMessageVisibility needs the URL and the URL's host differs
 * between AWS and moto. CONNECTWISE_ALLOW_PRIVATE_SITE_URL=true only in the local stack and tests.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  clearCorrelationKeys,
  logger,
  metrics,
  tracer,
  withCorrelationScope,
} from '../../shared/observability.js';
import { BatchDeferrals } from '../../shared/sync/batch-deferrals.js';
import { perCustomerInOrder } from '../../shared/sync/customer-order.js';
import { processSyncRecord } from '../../shared/sync/process-sync-record.js';
import {
  recordDeliverySignal,
  recordJobMetrics,
  recordSyncMetrics,
  recordSyncRetry,
  summaryOf,
} from '../../shared/sync/sync-metrics.js';
import { createSyncDeps } from './wiring.js';

// Per invocation rather than a module variable: the local stack runs several batches at once in one process.
const invocation = new AsyncLocalStorage<{ readonly context: Context; readonly deferrals: BatchDeferrals }>();
const wiring = createSyncDeps({
  remainingTimeMs: () =>
    invocation.getStore()?.context.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY,
  onJobResult: recordJobMetrics,
  onDeliverySignal: (signal) => {
    recordDeliverySignal(signal);
    // A request's pace wait counts toward the partner's turn of the batch it belongs to.
    invocation.getStore()?.deferrals.observe(signal);
  },
});

/** One queue record of a batch: its jobs, their metrics, and correlation keys for its logs. */
const processRecord = (record: SQSRecord, batch: BatchDeferrals): Promise<void> =>
  withCorrelationScope(() => runRecord(record, batch));

const runRecord = async (record: SQSRecord, batch: BatchDeferrals): Promise<void> => {
  const customerId = record.messageAttributes?.customerId?.stringValue;
  try {
    const result = await processSyncRecord(wiring.deps, {
      body: record.body,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
      receiptHandle: record.receiptHandle,
      batch,
      ...(customerId !== undefined && { customerId }),
    });
    recordSyncMetrics(result);
    logger.info('sync record done', { result: summaryOf(result) });
  } catch (error) {
    recordSyncRetry();
    throw error;
  } finally {
    clearCorrelationKeys();
  }
};

/** The batch: each failure reported alone, even when all fail. The processor holds one batch's state, so each call gets its own. */
export const handleBatch = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const deferrals = new BatchDeferrals(wiring.batchTurnMs);
  return invocation.run({ context, deferrals }, () => {
    wiring.registerLambdaContext(context);
    return processPartialResponse(
      event,
      perCustomerInOrder(deferrals, (record) => processRecord(record, deferrals)),
      new BatchProcessor(EventType.SQS),
      {
        context,
        processInParallel: true,
        // A batch whose records all failed still answers with batchItemFailures: each keeps the visibility it set.
        throwOnFullBatchFailure: false,
      },
    );
  });
};

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics))
  .handler(handleBatch);
