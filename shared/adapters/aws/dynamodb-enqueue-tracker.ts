import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EnqueueTracker } from '../../ingest/ports.js';

/**
 * Records on the stored event item (events table, partner + eventId) when its reference reached
 * the sync queue, as `enqueuedAt`. Kept beside the event so the two expire together.
 */
export class DynamoDbEnqueueTracker implements EnqueueTracker {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async markEnqueued(partnerId: string, eventId: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { partnerId, eventId },
          UpdateExpression: 'SET enqueuedAt = :now',
          // Never create a bare item for an event that is not stored (e.g. expired meanwhile).
          ConditionExpression: 'attribute_exists(eventId)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async isEnqueued(partnerId: string, eventId: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { partnerId, eventId },
        ProjectionExpression: 'enqueuedAt',
        ConsistentRead: true,
      }),
    );
    return typeof Item?.enqueuedAt === 'string';
  }
}
