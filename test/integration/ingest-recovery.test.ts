import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { documentClient, secretsManagerClient, sqsClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbEnqueueTracker } from '../../shared/adapters/aws/dynamodb-enqueue-tracker.js';
import { DynamoDbEventStore } from '../../shared/adapters/aws/dynamodb-event-store.js';
import { SqsSyncQueue } from '../../shared/adapters/aws/sqs-sync-queue.js';
import { SecretsManagerWebhookSecretStore } from '../../shared/adapters/aws/webhook-secret-store.js';
import { RetryableError } from '../../shared/errors.js';
import { type IngestDependencies, ingestEvent } from '../../shared/ingest/ingest-event.js';
import { syncQueue, tables } from '../../shared/resources.js';
import { aSignedEventRequest } from '../helpers/api-gateway-events.js';
import {
  createWebhookSecret,
  provisionIngestEnvironment,
  takeIngestSnapshot,
} from '../helpers/ingest-resources.js';
import { aPortalEvent } from '../helpers/portal-events.js';

describe('ingestEvent', () => {
  describe('given the sync queue fails after the event was stored', () => {
    it('answers a retryable error, and the retry of the same event queues it', async () => {
      const env = await provisionIngestEnvironment(0);
      const partnerId = `recovering-${randomUUID().slice(0, 8)}`;
      await createWebhookSecret(partnerId, 'secret');
      const tableName = env[tables.events.envVar] ?? '';
      const dependencies = (queueUrl: string): IngestDependencies => ({
        secretStore: new SecretsManagerWebhookSecretStore(secretsManagerClient, { maxAgeSeconds: 0 }),
        eventStore: new DynamoDbEventStore(documentClient, tableName),
        enqueueTracker: new DynamoDbEnqueueTracker(documentClient, tableName),
        syncQueue: new SqsSyncQueue(sqsClient, queueUrl),
        delaySeconds: 0,
        now: () => new Date(),
      });
      const body = JSON.stringify(aPortalEvent({ partnerId }));
      const brokenQueueUrl = `${env[syncQueue.envVar]}-missing`;

      const failed = ingestEvent(dependencies(brokenQueueUrl), aSignedEventRequest('secret', body));
      await expect(failed).rejects.toBeInstanceOf(RetryableError);
      const afterFailure = await takeIngestSnapshot(env);
      const retried = await ingestEvent(
        dependencies(env[syncQueue.envVar] ?? ''),
        aSignedEventRequest('secret', body),
      );
      const again = await ingestEvent(
        dependencies(env[syncQueue.envVar] ?? ''),
        aSignedEventRequest('secret', body),
      );

      expect(afterFailure).toMatchObject({ storedEvents: 1, visible: 0 });
      expect(retried.status).toBe('queued');
      expect(again.status).toBe('duplicate');
      expect(await takeIngestSnapshot(env)).toMatchObject({ storedEvents: 1, visible: 1 });
    });
  });
});
