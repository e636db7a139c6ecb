import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SyncWindow, WindowClaim } from '../../ports/sync-window.js';
import { syncWindowExpiresAt, syncWindowKey } from './state-keys.js';

/**
 * Sync windows in the state table (key format in `state-keys.ts`): `{lastSyncAt, claimId,
 * eventId, expiresAt}` per partner + customer. Taking the window is one conditional put, so of any number
 * of concurrent claims exactly one wins; `claimId` lets a release remove only its own claim.
 */
export class DynamoDbSyncWindow implements SyncWindow {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(input: Parameters<SyncWindow['claim']>[0]): Promise<WindowClaim | undefined> {
    // toISOString form (UTC, milliseconds) makes string order time order for the condition.
    const lastSyncAt = new Date(input.now).toISOString();
    const cutoff = new Date(input.cutoff).toISOString();
    const claimId = randomUUID();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...syncWindowKey(input.partnerId, input.customerId),
            lastSyncAt,
            claimId,
            eventId: input.eventId,
            expiresAt: syncWindowExpiresAt(lastSyncAt),
          },
          ConditionExpression:
            'attribute_not_exists(lastSyncAt) OR lastSyncAt < :cutoff OR eventId = :eventId',
          ExpressionAttributeValues: { ':cutoff': cutoff, ':eventId': input.eventId },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
    return { partnerId: input.partnerId, customerId: input.customerId, claimId, claimedAt: lastSyncAt };
  }

  async release(claim: WindowClaim): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: syncWindowKey(claim.partnerId, claim.customerId),
          ConditionExpression: 'claimId = :claimId',
          ExpressionAttributeValues: { ':claimId': claim.claimId },
        }),
      );
    } catch (error) {
      // A newer claim replaced this one: it is not ours to remove.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
