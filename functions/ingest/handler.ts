import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { documentClient, secretsManagerClient, sqsClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEnqueueTracker } from '../../shared/adapters/aws/dynamodb-enqueue-tracker.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { SqsSyncQueue } from '../../shared/adapters/aws/sqs-sync-queue.js';
import { SecretsManagerWebhookSecretStore } from '../../shared/adapters/aws/webhook-secret-store.js';
import { integerWithDefault, loadConfig, requiredString } from '../../shared/config/env.js';
import { toJsonResponse } from '../../shared/http/problem.js';
import { problemErrorHandler } from '../../shared/http/problem-middleware.js';
import { type IngestDependencies, ingestEvent } from '../../shared/ingest/ingest-event.js';
import { recordOutcome, recordRejection } from '../../shared/ingest/ingest-telemetry.js';
import { logger, metrics, tracer } from '../../shared/observability.js';
import { syncQueue, tables } from '../../shared/resources.js';

const config = loadConfig(
  z.object({
    [tables.events.envVar]: requiredString,
    [syncQueue.envVar]: requiredString,
    SYNC_DELAY_SECONDS: integerWithDefault(syncQueue.defaultDeliveryDelaySeconds, 0, 900),
    /** How long a webhook secret is cached (a signature it fails is checked once more past the cache). */
    WEBHOOK_SECRET_CACHE_SECONDS: integerWithDefault(300, 0, 3600),
  }),
);

const dependencies: IngestDependencies = {
  secretStore: new SecretsManagerWebhookSecretStore(secretsManagerClient, {
    maxAgeSeconds: config.WEBHOOK_SECRET_CACHE_SECONDS,
  }),
  eventStore: new DynamoDbEventStore(documentClient, config[tables.events.envVar]),
  enqueueTracker: new DynamoDbEnqueueTracker(documentClient, config[tables.events.envVar]),
  syncQueue: new SqsSyncQueue(sqsClient, config[syncQueue.envVar]),
  delaySeconds: config.SYNC_DELAY_SECONDS,
  now: () => new Date(),
  onTrackingFailure: (error) => logger.warn('event queued but not marked as queued', { error }),
};

/** `POST /v1/events`: one signed portal event in, `202 {eventId, status}` out. */
export const ingestHandler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  try {
    const outcome = await ingestEvent(dependencies, event);
    recordOutcome(outcome);
    return toJsonResponse(202, { eventId: outcome.event.eventId, status: outcome.status });
  } catch (error) {
    recordRejection(error);
    throw error;
  }
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics))
  .use(problemErrorHandler({ logger }))
  .handler(ingestHandler);
