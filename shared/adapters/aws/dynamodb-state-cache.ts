import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CachedValue, StateCache, StateKey } from '../../ports/state-cache.js';
import type { SyncMarkers } from '../../ports/sync-markers.js';

/**
 * Cache items in the state table: `{pk, sk, value, storedAt, expiresAt}`. DynamoDB's TTL deletes
 * them lazily, so an item past `expiresAt` is treated as absent on read.
 */
export class DynamoDbStateCache implements StateCache {
  /** A cache may read a slightly stale item (eventually consistent, half the read cost). */
  protected readonly consistentRead: boolean = false;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async get<T>(key: StateKey): Promise<CachedValue<T> | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { ...key }, ConsistentRead: this.consistentRead }),
    );
    if (!Item || Number(Item.expiresAt) <= this.nowSeconds()) return undefined;
    return { value: Item.value as T, storedAt: String(Item.storedAt) };
  }

  async put<T>(key: StateKey, value: T, options: { storedAt: string; ttlSeconds: number }): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key,
          value,
          storedAt: options.storedAt,
          expiresAt: Math.floor(Date.parse(options.storedAt) / 1000) + options.ttlSeconds,
        },
      }),
    );
  }
}

/**
 * Sync markers in the same item format, read strongly consistently: a retry on another instance
 * must see the intent or attempt its first try wrote a moment ago.
 */
export class DynamoDbSyncMarkers extends DynamoDbStateCache implements SyncMarkers {
  protected override readonly consistentRead = true;
}
