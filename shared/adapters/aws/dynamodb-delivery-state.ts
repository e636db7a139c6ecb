import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type DeliveryState, initialDeliveryState } from '../../domain/delivery-control.js';
import type { DeliveryStateStore } from '../../ports/delivery-state.js';
import { deliveryStateKey } from './state-keys.js';

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

const optionalNumber = <K extends string>(key: K, value: unknown): Partial<Record<K, number>> =>
  typeof value === 'number' && Number.isFinite(value) ? ({ [key]: value } as Record<K, number>) : {};

/**
 * One item per partner in the state table (`DELIVERY#<partner>` / `STATE`, see `state-keys.ts`),
 * written with a conditional put on its version. One partition serves far more writes per second
 * than any ConnectWise pace asks for (one write per request), and the item never expires: it is
 * a few numbers per partner.
 */
export class DynamoDbDeliveryStateStore implements DeliveryStateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(partnerId: string): Promise<DeliveryState> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: deliveryStateKey(partnerId), ConsistentRead: true }),
    );
    if (!Item) return initialDeliveryState;
    return {
      version: numberOr(Item.version, 0),
      tat: numberOr(Item.tat, 0),
      pausedUntil: numberOr(Item.pausedUntil, 0),
      failures: numberOr(Item.failures, 0),
      ...optionalNumber('openedAt', Item.openedAt),
      ...optionalNumber('nextProbeAt', Item.nextProbeAt),
      ...optionalNumber('probeIntervalMs', Item.probeIntervalMs),
    };
  }

  async replace(partnerId: string, expectedVersion: number, next: DeliveryState): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...deliveryStateKey(partnerId), ...next },
          ConditionExpression:
            expectedVersion === 0
              ? 'attribute_not_exists(version) OR version = :expected'
              : 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
