import { randomUUID } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { provisionResources } from '../../local/provision.js';
import { secrets, syncQueue, tables } from '../../shared/resources.js';

/** Creates a partner's webhook secret in the configured Secrets Manager (moto in tests). */
export const createWebhookSecret = async (partnerId: string, secret: string): Promise<void> => {
  const client = new SecretsManagerClient({});
  await client.send(
    new CreateSecretCommand({ Name: secrets.partnerWebhookSecretName(partnerId), SecretString: secret }),
  );
  client.destroy();
};

/** Provisions tables and queues under a unique prefix and points `process.env` at them. */
export const provisionIngestEnvironment = async (
  syncDelaySeconds: number,
): Promise<Record<string, string>> => {
  const env = await provisionResources({ namePrefix: `ing${randomUUID().slice(0, 8)}-`, syncDelaySeconds });
  Object.assign(process.env, env, { SYNC_DELAY_SECONDS: String(syncDelaySeconds) });
  return env;
};

/** What a request may change: stored events and messages in the sync queue (in any state). */
export interface IngestSnapshot {
  readonly storedEvents: number;
  readonly visible: number;
  readonly delayed: number;
  readonly inFlight: number;
}

export const takeIngestSnapshot = async (env: Record<string, string>): Promise<IngestSnapshot> => {
  const dynamo = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const scan = await dynamo.send(new ScanCommand({ TableName: env[tables.events.envVar], Select: 'COUNT' }));
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: env[syncQueue.envVar], AttributeNames: ['All'] }),
  );
  dynamo.destroy();
  sqs.destroy();
  return {
    storedEvents: scan.Count ?? 0,
    visible: Number(Attributes.ApproximateNumberOfMessages),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
  };
};
