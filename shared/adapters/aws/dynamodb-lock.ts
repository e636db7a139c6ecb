import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LockManager } from '../../ports/lock.js';

const lockKey = (name: string) => ({ pk: `LOCK#${name}`, sk: 'LOCK' });

/**
 * Locks as conditional writes in the state table: `LOCK#<name>` / `LOCK` with `owner` and
 * `expiresAt` (epoch seconds). A lock past `expiresAt` may be taken over, because TTL deletion
 * can lag by hours.
 */
export class DynamoDbLock implements LockManager {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async acquire(name: string, owner: string, ttlSeconds: number): Promise<boolean> {
    const now = this.nowSeconds();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...lockKey(name), owner, expiresAt: now + ttlSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': now, ':owner': owner },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(name: string, owner: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: lockKey(name),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
