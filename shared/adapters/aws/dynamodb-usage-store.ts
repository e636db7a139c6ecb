import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AccountUsage,
  CustomerUsage,
  JobCounts,
  KnownCustomer,
  KnownCustomerPage,
  UsageStore,
} from '../../ports/usage-store.js';
import {
  customerAccountsPrefix,
  customerJobsPrefix,
  customerRegistryKey,
  customerRegistryPartition,
  jobCountersExpiresAt,
  jobCountsKey,
  legacyAccountsPrefix,
  legacyJobsPrefix,
  type StateTablePrefix,
  usageSnapshotKey,
} from './state-keys.js';

type Item = Record<string, unknown>;

/**
 * Usage in the state table (key formats in `state-keys.ts`): one snapshot item per account, kept
 * only while no newer one arrives, and one small item per event with its job counts, summed per
 * month when read. Neither write can be repeated into a double count or an older overwrite.
 */
export class DynamoDbUsageStore implements UsageStore {
  /**
   * Partners known to have nothing left in the layout before per-customer partitions. Nothing
   * writes there any more, so once empty a partner's old partition stays empty: its customers'
   * reads then skip the legacy Query (half the reads of a billing sweep).
   */
  readonly #legacyFree = new Set<string>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Whether the partner may still have usage in the old layout (one small Query per container). */
  async #mayHaveLegacy(partnerId: string): Promise<boolean> {
    if (this.#legacyFree.has(partnerId)) return false;
    const { pk } = legacyAccountsPrefix(partnerId, 'any');
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'pk',
        Limit: 1,
      }),
    );
    const empty = (page.Items ?? []).length === 0;
    if (empty) this.#legacyFree.add(partnerId);
    return !empty;
  }

  /** The items under a legacy prefix, or none without a Query once the partner has no legacy data. */
  async #queryLegacy(partnerId: string, prefix: StateTablePrefix, projection?: string): Promise<Item[]> {
    return (await this.#mayHaveLegacy(partnerId)) ? this.queryAll(prefix, projection) : [];
  }

  async putSnapshot(
    partnerId: string,
    customerId: string,
    usage: AccountUsage,
  ): Promise<'stored' | 'not-newer'> {
    // toISOString form (UTC, milliseconds) makes string order time order for the condition.
    const occurredAt = new Date(usage.occurredAt).toISOString();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...usageSnapshotKey(partnerId, customerId, usage.accountId),
            ...snapshotItem(usage),
            customerId,
            occurredAt,
          },
          ConditionExpression: 'attribute_not_exists(occurredAt) OR occurredAt < :occurredAt',
          ExpressionAttributeValues: { ':occurredAt': occurredAt },
        }),
      );
      return 'stored';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'not-newer';
      throw error;
    }
  }

  async addJobCounts(input: Parameters<UsageStore['addJobCounts']>[0]): Promise<'added' | 'already-counted'> {
    const { partnerId, customerId, accountId, month, eventId, counts } = input;
    try {
      // One item per event rather than an atomic ADD to a shared counter: ADD is not idempotent
      // (a redelivery would count twice), and a counter remembering its counted ids grows with
      // every event toward the item limit. The condition only tells a first write from a repeat.
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...jobCountsKey(partnerId, customerId, month, accountId, eventId),
            successfulJobs: counts.successfulJobs,
            failedJobs: counts.failedJobs,
            notifications: counts.notifications,
            expiresAt: jobCountersExpiresAt(month),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'added';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'already-counted';
      throw error;
    }
  }

  async getCustomerUsage(partnerId: string, customerId: string, month: string): Promise<CustomerUsage> {
    const jobsPrefix = customerJobsPrefix(partnerId, customerId, month);
    const legacyPrefix = legacyJobsPrefix(partnerId, customerId, month);
    const projection = 'sk, successfulJobs, failedJobs, notifications';
    const [accounts, counterItems, legacyCounterItems] = await Promise.all([
      this.getCustomerAccounts(partnerId, customerId),
      this.queryAll(jobsPrefix, projection),
      this.#queryLegacy(partnerId, legacyPrefix, projection),
    ]);
    // An event counted under both layouts (redelivered across the upgrade) counts once.
    const counted = new Map<string, Item>();
    for (const [prefix, items] of [
      [legacyPrefix, legacyCounterItems],
      [jobsPrefix, counterItems],
    ] as const) {
      for (const item of items) counted.set(String(item.sk).slice(prefix.skPrefix.length), item);
    }
    return { accounts, jobs: [...counted.values()].reduce<JobCounts>(addCounts, noJobs) };
  }

  async getCustomerAccounts(partnerId: string, customerId: string): Promise<AccountUsage[]> {
    const [items, legacyItems] = await Promise.all([
      this.queryAll(customerAccountsPrefix(partnerId, customerId)),
      this.#queryLegacy(partnerId, legacyAccountsPrefix(partnerId, customerId)),
    ]);
    const newest = new Map<string, AccountUsage>();
    for (const usage of [...legacyItems, ...items].map(toAccountUsage)) {
      const known = newest.get(usage.accountId);
      if (!known || Date.parse(usage.occurredAt) > Date.parse(known.occurredAt))
        newest.set(usage.accountId, usage);
    }
    return [...newest.values()].sort(byAccountId);
  }

  async registerCustomer(partnerId: string, customer: KnownCustomer): Promise<void> {
    const lastUsageAt = new Date(customer.lastUsageAt).toISOString();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...customerRegistryKey(partnerId, customer.customerId),
            customerId: customer.customerId,
            customerName: customer.customerName,
            lastUsageAt,
          },
          // An older event's name never replaces a newer one's.
          ConditionExpression: 'attribute_not_exists(lastUsageAt) OR lastUsageAt < :lastUsageAt',
          ExpressionAttributeValues: { ':lastUsageAt': lastUsageAt },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async listCustomers(
    partnerId: string,
    options: { cursor?: string; limit?: number } = {},
  ): Promise<KnownCustomerPage> {
    const pk = customerRegistryPartition(partnerId);
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'customerId, customerName, lastUsageAt',
        Limit: options.limit ?? 1000,
        // The cursor is the last customer id listed: the listing goes on after it.
        ExclusiveStartKey:
          options.cursor === undefined ? undefined : customerRegistryKey(partnerId, options.cursor),
      }),
    );
    const customers = (page.Items ?? []).map(
      (item): KnownCustomer => ({
        customerId: String(item.customerId),
        customerName: String(item.customerName),
        lastUsageAt: String(item.lastUsageAt),
      }),
    );
    const last = customers.at(-1);
    return { customers, ...(page.LastEvaluatedKey && last && { cursor: last.customerId }) };
  }

  /** Every item under the prefix, page after page; consistent, because the sync reads its own writes. */
  private async queryAll(prefix: StateTablePrefix, projection?: string): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
          ExpressionAttributeValues: { ':pk': prefix.pk, ':skPrefix': prefix.skPrefix },
          ProjectionExpression: projection,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

const noJobs: JobCounts = { successfulJobs: 0, failedJobs: 0, notifications: 0 };

const snapshotItem = (usage: AccountUsage): AccountUsage => ({
  accountId: usage.accountId,
  accountName: usage.accountName,
  service: usage.service,
  plan: usage.plan,
  servers: usage.servers,
  workstations: usage.workstations,
  storageGb: usage.storageGb,
  localStorageGb: usage.localStorageGb,
  occurredAt: usage.occurredAt,
  eventId: usage.eventId,
});

const toAccountUsage = (item: Item): AccountUsage => ({
  accountId: String(item.accountId),
  accountName: String(item.accountName),
  service: String(item.service),
  plan: String(item.plan),
  servers: Number(item.servers),
  workstations: Number(item.workstations),
  storageGb: Number(item.storageGb),
  localStorageGb: Number(item.localStorageGb),
  occurredAt: String(item.occurredAt),
  eventId: String(item.eventId),
});

const addCounts = (total: JobCounts, item: Item): JobCounts => ({
  successfulJobs: total.successfulJobs + Number(item.successfulJobs ?? 0),
  failedJobs: total.failedJobs + Number(item.failedJobs ?? 0),
  notifications: total.notifications + Number(item.notifications ?? 0),
});

// Code unit order, not locale order: the same on every machine.
const byAccountId = (a: AccountUsage, b: AccountUsage): number =>
  a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
