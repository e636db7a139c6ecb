import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { portalEventSchema } from '../../domain/portal-event.js';
import type { DeliveryFailure, EventStore, PutEventResult, StoredEvent } from '../../ports/event-store.js';
import { tables } from '../../resources.js';

const retentionSeconds = 30 * 24 * 3600;

/** Events in DynamoDB: one item per partner + eventId, expired after 30 days by TTL. */
export class DynamoDbEventStore implements EventStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putIfAbsent(stored: StoredEvent): Promise<PutEventResult> {
    const { event } = stored;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            partnerId: event.partnerId,
            eventId: event.eventId,
            customerId: event.customer.id,
            accountId: event.account.id,
            event,
            rawBody: stored.rawBody,
            receivedAt: stored.receivedAt,
            expiresAt: Math.floor(Date.parse(stored.receivedAt) / 1000) + retentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(eventId)',
        }),
      );
      return 'stored';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'duplicate';
      throw error;
    }
  }

  async get(partnerId: string, eventId: string): Promise<StoredEvent | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { partnerId, eventId }, ConsistentRead: true }),
    );
    return Item ? toStoredEvent(Item) : undefined;
  }

  async findByEventId(eventId: string): Promise<StoredEvent[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: tables.events.indexes[0].indexName,
        KeyConditionExpression: 'eventId = :eventId',
        ExpressionAttributeValues: { ':eventId': eventId },
      }),
    );
    return Items.map(toStoredEvent);
  }

  async noteFailure(partnerId: string, eventId: string, failure: DeliveryFailure): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { partnerId, eventId },
          UpdateExpression: 'SET lastFailure = :failure',
          ConditionExpression: 'attribute_exists(eventId)',
          ExpressionAttributeValues: { ':failure': failure },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

const toLastFailure = (value: unknown): DeliveryFailure | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const failure = value as Record<string, unknown>;
  return {
    reason: String(failure.reason),
    receiveCount: Number(failure.receiveCount),
    at: String(failure.at),
  };
};

const toStoredEvent = (item: Record<string, unknown>): StoredEvent => ({
  // Re-validated on the way out: a hand-edited or older item fails loudly here, not deep in a use case.
  event: portalEventSchema.parse(item.event),
  rawBody: String(item.rawBody),
  receivedAt: String(item.receivedAt),
  ...(item.lastFailure !== undefined && { lastFailure: toLastFailure(item.lastFailure) }),
});
