import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEventLog } from '../../shared/adapters/aws/dynamodb-event-log.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { loadConfig, requiredString } from '../../shared/config/env.js';
import { RetryableError } from '../../shared/errors.js';
import { logger, metrics, tracer } from '../../shared/observability.js';
import { tables } from '../../shared/resources.js';

const config = loadConfig(
  z.object({
    [tables.events.envVar]: requiredString,
    [tables.eventLog.envVar]: requiredString,
  }),
);
const eventStore = new DynamoDbEventStore(documentClient, config[tables.events.envVar]);
const eventLog = new DynamoDbEventLog(documentClient, config[tables.eventLog.envVar]);
const processor = new BatchProcessor(EventType.SQS);

const syncMessageSchema = z.object({ partnerId: z.string().min(1), eventId: z.string().min(1) });

/** Processes one queue record: loads the stored event and records its outcome in the event log. */
export const processRecord = async (record: SQSRecord): Promise<void> => {
  const message = syncMessageSchema.parse(JSON.parse(record.body));
  const stored = await eventStore.get(message.partnerId, message.eventId);
  // The reference outran its event (or the event expired): retrying is the only safe move.
  if (!stored) throw new RetryableError(`event ${message.partnerId}/${message.eventId} is not stored`);
  const { event } = stored;
  await eventLog.append({
    accountId: event.account.id,
    partnerId: event.partnerId,
    customerId: event.customer.id,
    eventId: event.eventId,
    at: new Date().toISOString(),
    level: 'info',
    message: `${event.type} (${event.severity}) received`,
    details: { receiveCount: Number(record.attributes.ApproximateReceiveCount) },
  });
};

export const handleBatch = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, processRecord, processor, { context });

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics))
  .handler(handleBatch);
