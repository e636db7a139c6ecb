import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type DeliveryState, initialDeliveryState } from '../../domain/delivery-control.js';
import type { DeliveryStateStore, ReplaceOutcome } from '../../ports/delivery-state.js';
import { deliveryStateKey } from './state-keys.js';

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

const optionalNumber = <K extends string>(key: K, value: unknown): Partial<Record<K, number>> =>
  typeof value === 'number' && Number.isFinite(value) ? ({ [key]: value } as Record<K, number>) : {};

const leasesOf = (value: unknown): { leases?: Record<string, number> } => {
  if (typeof value !== 'object' || value === null) return {};
  const entries = Object.entries(value).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  );
  return { leases: Object.fromEntries(entries) };
};

const stateOf = (item: Record<string, unknown> | undefined): DeliveryState =>
  item
    ? {
        version: numberOr(item.version, 0),
        tat: numberOr(item.tat, 0),
        pausedUntil: numberOr(item.pausedUntil, 0),
        failures: numberOr(item.failures, 0),
        ...optionalNumber('openedAt', item.openedAt),
        ...optionalNumber('nextProbeAt', item.nextProbeAt),
        ...optionalNumber('probeIntervalMs', item.probeIntervalMs),
        ...leasesOf(item.leases),
        ...optionalNumber('turnAt', item.turnAt),
        ...optionalNumber('recordMs', item.recordMs),
      }
    : initialDeliveryState;

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
    return stateOf(Item);
  }

  async replace(partnerId: string, expectedVersion: number, next: DeliveryState): Promise<ReplaceOutcome> {
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
          // The winner's state comes back with the refusal: the loser recomputes without a read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { written: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The error's item is not unmarshalled by the document client.
      return { written: false, current: stateOf(error.Item && unmarshall(error.Item)) };
    }
  }

  async pause(partnerId: string, untilMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryStateKey(partnerId),
          UpdateExpression:
            'SET pausedUntil = :until, version = if_not_exists(version, :zero) + :one, ' +
            'tat = if_not_exists(tat, :zero), failures = if_not_exists(failures, :zero)',
          ConditionExpression: 'attribute_not_exists(pausedUntil) OR pausedUntil < :until',
          ExpressionAttributeValues: { ':until': untilMs, ':zero': 0, ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
