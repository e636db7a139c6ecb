import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { billingQueue, syncQueue, type TableSpec, tables } from '../shared/resources.js';

/** Settings the local stack and tests may tune; production values come from CDK context. */
export interface ProvisionOptions {
  /** Prepended to every table and queue name, so test files sharing one moto never collide. */
  readonly namePrefix?: string;
  readonly syncDelaySeconds?: number;
  readonly maxReceiveCount?: number;
  readonly visibilityTimeoutSeconds?: number;
  /** Of the billing queue (the deployed value is above the billing-sweep function's timeout). */
  readonly billingVisibilityTimeoutSeconds?: number;
}

/** The environment variables a function needs to reach what was provisioned. */
export type ProvisionedEnv = Record<string, string>;

const createTableInput = (spec: TableSpec, tableName: string): CreateTableCommandInput => {
  const keys = [spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  const attributeNames = [...new Set(keys.filter((k) => k !== undefined).map((k) => k.name))];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
      ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(spec.indexes.length > 0 && {
      GlobalSecondaryIndexes: spec.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
          ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }] : []),
        ],
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
  };
};

const provisionTable = async (client: DynamoDBClient, spec: TableSpec, tableName: string): Promise<void> => {
  try {
    await client.send(new CreateTableCommand(createTableInput(spec, tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
    }),
  );
};

/** A queue and its dead-letter queue, as the CDK stateful stack builds them. */
interface QueuePairSpec {
  readonly localName: string;
  readonly retentionDays: number;
  readonly deadLetter: { readonly localName: string; readonly retentionDays: number };
}

const provisionQueuePair = async (
  client: SQSClient,
  spec: QueuePairSpec,
  prefix: string,
  settings: {
    readonly delaySeconds?: number;
    readonly visibilityTimeoutSeconds: number;
    readonly maxReceiveCount: number;
  },
) => {
  const dlq = await client.send(
    new CreateQueueCommand({
      QueueName: `${prefix}${spec.deadLetter.localName}`,
      Attributes: { MessageRetentionPeriod: String(spec.deadLetter.retentionDays * 86_400) },
    }),
  );
  const dlqArn = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await client.send(
    new CreateQueueCommand({
      QueueName: `${prefix}${spec.localName}`,
      Attributes: {
        ...(settings.delaySeconds !== undefined && { DelaySeconds: String(settings.delaySeconds) }),
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(spec.retentionDays * 86_400),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn.Attributes?.QueueArn,
          maxReceiveCount: settings.maxReceiveCount,
        }),
      },
    }),
  );
  if (!queue.QueueUrl || !dlq.QueueUrl) throw new Error('moto did not return queue URLs');
  return { queueUrl: queue.QueueUrl, dlqUrl: dlq.QueueUrl };
};

/**
 * Creates, in whatever AWS endpoint the SDK is configured for (moto locally), the tables and
 * queues the CDK stateful stack defines, from the same spec. Safe to run twice.
 */
export const provisionResources = async (options: ProvisionOptions = {}): Promise<ProvisionedEnv> => {
  const prefix = options.namePrefix ?? '';
  const dynamo = new DynamoDBClient({});
  const sqs = new SQSClient({});
  const env: ProvisionedEnv = {};
  for (const spec of Object.values(tables) as TableSpec[]) {
    const tableName = `${prefix}${spec.localName}`;
    await provisionTable(dynamo, spec, tableName);
    env[spec.envVar] = tableName;
  }
  const { queueUrl, dlqUrl } = await provisionQueuePair(sqs, syncQueue, prefix, {
    delaySeconds: options.syncDelaySeconds ?? syncQueue.defaultDeliveryDelaySeconds,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? syncQueue.visibilityTimeoutSeconds,
    maxReceiveCount: options.maxReceiveCount ?? syncQueue.defaultMaxReceiveCount,
  });
  env[syncQueue.envVar] = queueUrl;
  env[syncQueue.deadLetter.envVar] = dlqUrl;
  const billing = await provisionQueuePair(sqs, billingQueue, prefix, {
    visibilityTimeoutSeconds:
      options.billingVisibilityTimeoutSeconds ?? billingQueue.visibilityTimeoutSeconds,
    maxReceiveCount: billingQueue.maxReceiveCount,
  });
  env[billingQueue.envVar] = billing.queueUrl;
  env[billingQueue.deadLetter.envVar] = billing.dlqUrl;
  env.SYNC_DELAY_SECONDS = String(options.syncDelaySeconds ?? syncQueue.defaultDeliveryDelaySeconds);
  dynamo.destroy();
  sqs.destroy();
  return env;
};
