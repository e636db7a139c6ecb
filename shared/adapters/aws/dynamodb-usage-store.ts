import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  AccountUsage,
  CustomerRegistration,
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
  type StateTableKey,
  type StateTablePrefix,
  usageSnapshotKey,
} from './state-keys.js';

type Item = Record<string, unknown>;

/** Keys a BatchGetItem may ask for at once. */
const batchGetLimit = 100;
/** Rounds of a BatchGetItem's unprocessed keys before giving up (throttled table). */
const batchGetRounds = 8;

/**
 * Usage in the state table (key formats in `state-keys.ts`): one snapshot item per account, kept
 * only while no newer one arrives, and one small item per event with its job counts, summed per
 * month when read. Neither write can be repeated into a double count or an older overwrite.
 *
 * The registry item of a customer lists its account ids, so its snapshots are read by key (one
 * GetItem, one BatchGetItem) rather than by a Query: the billing sweep reads every customer, and
 * a read by key costs the same however large the table grows, on DynamoDB and on an emulator
 * alike. A registry item written before it listed accounts (`accountsListed` absent) is read by
 * the Query once and completed from it.
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
      this.#accountItems(partnerId, customerId),
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

  /** The customer's snapshot items: by key when the registry lists its accounts, else by Query. */
  async #accountItems(partnerId: string, customerId: string): Promise<Item[]> {
    const registryKey = customerRegistryKey(partnerId, customerId);
    const { Item: registered } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: registryKey,
        ProjectionExpression: 'accountIds, accountsListed',
        ConsistentRead: true,
      }),
    );
    if (registered?.accountsListed === true) {
      const accountIds = [...((registered.accountIds as Set<string> | undefined) ?? [])];
      return this.#getAll(accountIds.map((accountId) => usageSnapshotKey(partnerId, customerId, accountId)));
    }
    const items = await this.queryAll(customerAccountsPrefix(partnerId, customerId));
    if (registered) await this.#completeListing(registryKey, items);
    return items;
  }

  /**
   * Lists on a registry item written before it kept accounts the ones a Query found. An account
   * registered meanwhile is kept: ADD joins sets, and it only ever adds.
   */
  async #completeListing(registryKey: StateTableKey, items: readonly Item[]): Promise<void> {
    const accountIds = new Set(items.map((item) => String(item.accountId)));
    await this.#updateIf(registryKey, {
      UpdateExpression:
        accountIds.size > 0
          ? 'SET accountsListed = :listed ADD accountIds :ids'
          : 'SET accountsListed = :listed',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':listed': true, ...(accountIds.size > 0 && { ':ids': accountIds }) },
    });
  }

  /** Every item of `keys` that exists, by consistent BatchGetItem, retrying unprocessed keys. */
  async #getAll(keys: readonly StateTableKey[]): Promise<Item[]> {
    const items: Item[] = [];
    for (let start = 0; start < keys.length; start += batchGetLimit) {
      let pending: Item[] = keys.slice(start, start + batchGetLimit).map((key) => ({ ...key }));
      for (let round = 0; pending.length > 0; round += 1) {
        if (round === batchGetRounds)
          throw new Error(`DynamoDB left ${pending.length} usage snapshots unread after ${round} rounds`);
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
        const page = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        items.push(...(page.Responses?.[this.tableName] ?? []));
        pending = page.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return items;
  }

  async registerCustomer(partnerId: string, registration: CustomerRegistration): Promise<void> {
    const key = customerRegistryKey(partnerId, registration.customerId);
    const lastUsageAt = new Date(registration.lastUsageAt).toISOString();
    const account = new Set([registration.accountId]);
    // The usual case: a known customer's usage at least as new as the registry's. An older
    // event's name never replaces a newer one's.
    const newer: Omit<UpdateCommandInput, 'TableName' | 'Key'> = {
      UpdateExpression:
        'SET customerId = :customerId, customerName = :customerName, lastUsageAt = :lastUsageAt ADD accountIds :account',
      ConditionExpression: 'attribute_exists(pk) AND lastUsageAt <= :lastUsageAt',
      ExpressionAttributeValues: {
        ':customerId': registration.customerId,
        ':customerName': registration.customerName,
        ':lastUsageAt': lastUsageAt,
        ':account': account,
      },
    };
    if (await this.#updateIf(key, newer)) return;
    // A customer the registry did not know: its accounts are listed from its first one on.
    const created = await this.#sendIf(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            customerId: registration.customerId,
            customerName: registration.customerName,
            lastUsageAt,
            accountIds: account,
            accountsListed: true,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (created) return;
    // Another delivery created it meanwhile (try the newer case again), or the event is older:
    // then only its account joins the list.
    if (await this.#updateIf(key, newer)) return;
    await this.#updateIf(key, {
      UpdateExpression: 'ADD accountIds :account',
      ConditionExpression: 'NOT contains(accountIds, :accountId)',
      ExpressionAttributeValues: { ':account': account, ':accountId': registration.accountId },
    });
  }

  /** A conditional write whose refused condition is an answer (false), not an error. */
  async #sendIf(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** An UpdateItem of `key`, false when its condition refused it. */
  #updateIf(key: StateTableKey, update: Omit<UpdateCommandInput, 'TableName' | 'Key'>): Promise<boolean> {
    return this.#sendIf(() =>
      this.client.send(new UpdateCommand({ TableName: this.tableName, Key: key, ...update })),
    );
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
