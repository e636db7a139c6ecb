import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type UnmappedCustomer,
  type UnmappedCustomerNote,
  type UnmappedCustomers,
  unmappedEventIdsKept,
} from '../../ports/unmapped-customers.js';
import { unmappedCustomerKey, unmappedCustomersPartition, unmappedCustomerTtlSeconds } from './state-keys.js';

/**
 * Unmapped customers in the state table, one item per customer under `UNMAPPED#<partner>`:
 * `{customerId, customerName, managedId, firstSeenAt, lastSeenAt, eventIds (a string set),
 * moreEvents, expiresAt}`. The event id set stops growing at `unmappedEventIdsKept`.
 */
export class DynamoDbUnmappedCustomers implements UnmappedCustomers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async note(partnerId: string, note: UnmappedCustomerNote): Promise<void> {
    const base = {
      TableName: this.tableName,
      Key: unmappedCustomerKey(partnerId, note.customerId),
    };
    const set =
      'SET customerId = :customerId, customerName = :customerName, managedId = :managedId, ' +
      'lastSeenAt = :at, firstSeenAt = if_not_exists(firstSeenAt, :at), expiresAt = :expiresAt';
    const values = {
      ':customerId': note.customerId,
      ':customerName': note.customerName,
      ':managedId': note.managedId,
      ':at': note.at,
      ':expiresAt': Math.floor(Date.parse(note.at) / 1000) + unmappedCustomerTtlSeconds,
    };
    if (note.eventId !== undefined) {
      try {
        await this.client.send(
          new UpdateCommand({
            ...base,
            UpdateExpression: `${set} ADD eventIds :eventIds`,
            // A full set takes no new id (the same id again is a no-op either way).
            ConditionExpression:
              'attribute_not_exists(eventIds) OR size(eventIds) < :kept OR contains(eventIds, :eventId)',
            ExpressionAttributeValues: {
              ...values,
              ':eventIds': new Set([note.eventId]),
              ':eventId': note.eventId,
              ':kept': unmappedEventIdsKept,
            },
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    await this.client.send(
      new UpdateCommand({
        ...base,
        UpdateExpression: note.eventId === undefined ? set : `${set}, moreEvents = :true`,
        ExpressionAttributeValues: { ...values, ...(note.eventId !== undefined && { ':true': true }) },
      }),
    );
  }

  async clear(partnerId: string, customerId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: unmappedCustomerKey(partnerId, customerId) }),
    );
  }

  async list(partnerId: string, options: { readonly limit?: number } = {}): Promise<UnmappedCustomer[]> {
    const limit = options.limit ?? 100;
    const customers: UnmappedCustomer[] = [];
    let start: Record<string, unknown> | undefined;
    const nowSeconds = Math.floor(Date.now() / 1000);
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': unmappedCustomersPartition(partnerId) },
          Limit: limit,
          ConsistentRead: true,
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) {
        // TTL deletes lazily: an expired item is gone as far as anyone reading is concerned.
        if (Number(item.expiresAt) <= nowSeconds) continue;
        customers.push(toUnmappedCustomer(item));
      }
      start = page.LastEvaluatedKey;
    } while (start && customers.length < limit);
    return customers.slice(0, limit);
  }
}

const toUnmappedCustomer = (item: Record<string, unknown>): UnmappedCustomer => {
  const ids = item.eventIds instanceof Set ? [...(item.eventIds as Set<string>)] : [];
  return {
    customerId: String(item.customerId),
    customerName: String(item.customerName),
    managedId: String(item.managedId),
    firstSeenAt: String(item.firstSeenAt),
    lastSeenAt: String(item.lastSeenAt),
    eventIds: ids.sort(),
    moreEvents: item.moreEvents === true,
  };
};
