import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { provisionResources } from '../../local/provision.js';
import { DynamoDbUsageStore } from '../../shared/adapters/aws/dynamodb-usage-store.js';
import {
  customerRegistryKey,
  jobCountsKey,
  legacyAccountsPrefix,
  legacyJobsPrefix,
  usageSnapshotKey,
} from '../../shared/adapters/aws/state-keys.js';
import type { AccountUsage, JobCounts } from '../../shared/ports/usage-store.js';
import { tables } from '../../shared/resources.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
let stateTable = '';
let store: DynamoDbUsageStore;

beforeAll(async () => {
  const env = await provisionResources({ namePrefix: `usage${randomUUID().slice(0, 8)}-` });
  stateTable = env[tables.state.envVar] ?? '';
  store = new DynamoDbUsageStore(documentClient, stateTable);
});

const newPartner = () => `partner-${randomUUID()}`;

const usageOf = (overrides: Partial<AccountUsage> = {}): AccountUsage => ({
  accountId: 'acct-1',
  accountName: 'Front office',
  service: 'Axcient BDR',
  plan: 'Unlimited',
  servers: 2,
  workstations: 10,
  storageGb: 512.5,
  localStorageGb: 128,
  occurredAt: '2026-11-28T10:00:00.000Z',
  eventId: `evt-${randomUUID()}`,
  ...overrides,
});

const counts = (successfulJobs: number, failedJobs: number, notifications: number): JobCounts => ({
  successfulJobs,
  failedJobs,
  notifications,
});

const jobsOf = (
  partnerId: string,
  overrides: { customerId?: string; accountId?: string; month?: string },
) => ({
  partnerId,
  customerId: overrides.customerId ?? '1965',
  accountId: overrides.accountId ?? 'acct-1',
  month: overrides.month ?? '2026-11',
  eventId: `evt-${randomUUID()}`,
  counts: counts(3, 1, 2),
});

describe('DynamoDbUsageStore', () => {
  describe('putSnapshot', () => {
    it('replaces the snapshot with a newer one', async () => {
      const partnerId = newPartner();
      await store.putSnapshot(partnerId, '1965', usageOf({ servers: 2 }));
      const newer = usageOf({ servers: 5, occurredAt: '2026-11-28T11:00:00.000Z' });

      expect(await store.putSnapshot(partnerId, '1965', newer)).toBe('stored');
      const { accounts } = await store.getCustomerUsage(partnerId, '1965', '2026-11');
      expect(accounts).toEqual([newer]);
    });

    it('keeps the newer snapshot when an older event arrives late', async () => {
      const partnerId = newPartner();
      const newer = usageOf({ servers: 5, occurredAt: '2026-11-28T11:00:00.000Z' });
      await store.putSnapshot(partnerId, '1965', newer);

      const late = await store.putSnapshot(partnerId, '1965', usageOf({ servers: 2 }));

      expect(late).toBe('not-newer');
      expect((await store.getCustomerUsage(partnerId, '1965', '2026-11')).accounts).toEqual([newer]);
    });

    it('refuses the same event delivered twice', async () => {
      const partnerId = newPartner();
      const usage = usageOf();
      await store.putSnapshot(partnerId, '1965', usage);

      expect(await store.putSnapshot(partnerId, '1965', usage)).toBe('not-newer');
    });

    it('compares times with offsets by the instant they name, not by their text', async () => {
      const partnerId = newPartner();
      await store.putSnapshot(partnerId, '1965', usageOf({ occurredAt: '2026-11-28T10:00:00Z' }));

      // 11:30+02:00 is 09:30Z: older, although its text sorts after 10:00Z.
      const result = await store.putSnapshot(
        partnerId,
        '1965',
        usageOf({ occurredAt: '2026-11-28T11:30:00+02:00' }),
      );

      expect(result).toBe('not-newer');
    });

    it('stores the customer id and the UTC time beside the usage for the billing sweep', async () => {
      const partnerId = newPartner();
      await store.putSnapshot(partnerId, '1965', usageOf({ occurredAt: '2026-11-28T12:00:00+02:00' }));

      const { Item } = await documentClient.send(
        new GetCommand({ TableName: stateTable, Key: usageSnapshotKey(partnerId, '1965', 'acct-1') }),
      );

      expect(Item).toMatchObject({ customerId: '1965', occurredAt: '2026-11-28T10:00:00.000Z', servers: 2 });
    });
  });

  describe('addJobCounts', () => {
    it('counts an event once when it is delivered twice', async () => {
      const partnerId = newPartner();
      const input = jobsOf(partnerId, {});

      expect(await store.addJobCounts(input)).toBe('added');
      expect(await store.addJobCounts(input)).toBe('already-counted');
      expect((await store.getCustomerUsage(partnerId, '1965', '2026-11')).jobs).toEqual(counts(3, 1, 2));
    });

    it('counts an event once when ten deliveries race', async () => {
      const partnerId = newPartner();
      const input = jobsOf(partnerId, {});

      const results = await Promise.all(Array.from({ length: 10 }, () => store.addJobCounts(input)));

      expect(results.filter((result) => result === 'added')).toHaveLength(1);
      expect((await store.getCustomerUsage(partnerId, '1965', '2026-11')).jobs).toEqual(counts(3, 1, 2));
    });

    it("keeps each event's counts in an item of its own, so no item grows with the month", async () => {
      const partnerId = newPartner();
      const input = jobsOf(partnerId, {});
      await store.addJobCounts(input);
      await store.addJobCounts(input);

      const { Item } = await documentClient.send(
        new GetCommand({
          TableName: stateTable,
          Key: jobCountsKey(partnerId, '1965', '2026-11', 'acct-1', input.eventId),
        }),
      );
      expect(Item).toMatchObject({ successfulJobs: 3, failedJobs: 1, notifications: 2 });
    });

    it('adds up different events of the same account and month', async () => {
      const partnerId = newPartner();
      await store.addJobCounts(jobsOf(partnerId, {}));
      await store.addJobCounts({ ...jobsOf(partnerId, {}), counts: counts(1, 0, 0) });

      expect((await store.getCustomerUsage(partnerId, '1965', '2026-11')).jobs).toEqual(counts(4, 1, 2));
    });

    it('keeps each month apart', async () => {
      const partnerId = newPartner();
      await store.addJobCounts(jobsOf(partnerId, { month: '2026-10' }));
      await store.addJobCounts({ ...jobsOf(partnerId, { month: '2026-11' }), counts: counts(1, 0, 0) });

      expect((await store.getCustomerUsage(partnerId, '1965', '2026-10')).jobs).toEqual(counts(3, 1, 2));
      expect((await store.getCustomerUsage(partnerId, '1965', '2026-11')).jobs).toEqual(counts(1, 0, 0));
      expect((await store.getCustomerUsage(partnerId, '1965', '2026-12')).jobs).toEqual(counts(0, 0, 0));
    });
  });

  describe('getCustomerUsage', () => {
    it('returns no accounts and zero counts for an unknown customer', async () => {
      expect(await store.getCustomerUsage(newPartner(), '1965', '2026-11')).toEqual({
        accounts: [],
        jobs: counts(0, 0, 0),
      });
    });

    it('lists the accounts by id and sums the month over them', async () => {
      const partnerId = newPartner();
      await store.putSnapshot(partnerId, '1965', usageOf({ accountId: 'acct-b' }));
      await store.putSnapshot(partnerId, '1965', usageOf({ accountId: 'acct-a' }));
      await store.addJobCounts(jobsOf(partnerId, { accountId: 'acct-a' }));
      await store.addJobCounts({ ...jobsOf(partnerId, { accountId: 'acct-b' }), counts: counts(10, 5, 1) });

      const usage = await store.getCustomerUsage(partnerId, '1965', '2026-11');

      expect(usage.accounts.map((account) => account.accountId)).toEqual(['acct-a', 'acct-b']);
      expect(usage.jobs).toEqual(counts(13, 6, 3));
    });

    it('keeps customer 1965 apart from customer 19652', async () => {
      const partnerId = newPartner();
      await store.putSnapshot(partnerId, '1965', usageOf({ accountId: 'acct-short' }));
      await store.putSnapshot(partnerId, '19652', usageOf({ accountId: 'acct-long' }));
      await store.addJobCounts(jobsOf(partnerId, { customerId: '1965' }));
      await store.addJobCounts({ ...jobsOf(partnerId, { customerId: '19652' }), counts: counts(7, 7, 7) });

      const usage = await store.getCustomerUsage(partnerId, '1965', '2026-11');

      expect(usage.accounts.map((account) => account.accountId)).toEqual(['acct-short']);
      expect(usage.jobs).toEqual(counts(3, 1, 2));
    });

    it('gives billing the same accounts without the counters (getCustomerAccounts)', async () => {
      const partnerId = newPartner();
      await store.putSnapshot(partnerId, '1965', usageOf({ accountId: 'acct-b' }));
      await store.putSnapshot(partnerId, '1965', usageOf({ accountId: 'acct-a' }));
      await store.putSnapshot(partnerId, '19652', usageOf({ accountId: 'acct-other' }));
      await store.addJobCounts(jobsOf(partnerId, { accountId: 'acct-a' }));

      const accounts = await store.getCustomerAccounts(partnerId, '1965');

      expect(accounts).toEqual((await store.getCustomerUsage(partnerId, '1965', '2026-11')).accounts);
      expect(accounts.map((account) => account.accountId)).toEqual(['acct-a', 'acct-b']);
    });

    it('merges usage written before the per-customer layout, the newer snapshot winning, each event counted once', async () => {
      const partnerId = newPartner();
      const legacyAccounts = legacyAccountsPrefix(partnerId, '1965');
      const legacyJobs = legacyJobsPrefix(partnerId, '1965', '2026-11');
      const putLegacy = (sk: string, item: Record<string, unknown>) =>
        documentClient.send(
          new PutCommand({
            TableName: stateTable,
            Item: { pk: legacyAccounts.pk, sk, customerId: '1965', ...item },
          }),
        );
      // Before the upgrade: two accounts and one event's counts in the partner's partition.
      await putLegacy(`${legacyAccounts.skPrefix}acct-old`, {
        ...usageOf({ accountId: 'acct-old', servers: 4 }),
      });
      await putLegacy(`${legacyAccounts.skPrefix}acct-1`, {
        ...usageOf({ servers: 1, occurredAt: '2026-11-27T10:00:00.000Z' }),
      });
      await putLegacy(`${legacyJobs.skPrefix}acct-1#evt-before`, {
        successfulJobs: 5,
        failedJobs: 0,
        notifications: 0,
      });
      // After it: acct-1 reports again, and the same event is redelivered into the new layout.
      await store.putSnapshot(partnerId, '1965', usageOf({ servers: 2 }));
      await store.addJobCounts({ ...jobsOf(partnerId, {}), eventId: 'evt-before', counts: counts(5, 0, 0) });
      await store.addJobCounts(jobsOf(partnerId, {}));

      const usage = await store.getCustomerUsage(partnerId, '1965', '2026-11');

      expect(usage.accounts.map((account) => [account.accountId, account.servers])).toEqual([
        ['acct-1', 2],
        ['acct-old', 4],
      ]);
      expect(usage.jobs).toEqual(counts(5 + 3, 1, 2));
      expect(await store.getCustomerAccounts(partnerId, '1965')).toEqual(usage.accounts);
    });

    it('stops querying the old layout of a partner that has nothing there, and keeps querying one that has', async () => {
      const [clean, upgraded] = [newPartner(), newPartner()];
      const legacy = legacyAccountsPrefix(upgraded, '1965');
      await documentClient.send(
        new PutCommand({
          TableName: stateTable,
          Item: {
            pk: legacy.pk,
            sk: `${legacy.skPrefix}acct-old`,
            customerId: '1965',
            ...usageOf({ accountId: 'acct-old' }),
          },
        }),
      );
      const counting = new DynamoDbUsageStore(documentClient, stateTable);
      const queried: string[] = [];
      const send = documentClient.send.bind(documentClient);
      const spy = vi.spyOn(documentClient, 'send').mockImplementation(((command: {
        input: { ExpressionAttributeValues?: Record<string, unknown> };
      }) => {
        queried.push(String(command.input.ExpressionAttributeValues?.[':pk']));
        return send(command as never);
      }) as never);
      try {
        for (const customerId of ['1', '2', '3']) await counting.getCustomerAccounts(clean, customerId);
        for (const customerId of ['1965', '2']) await counting.getCustomerAccounts(upgraded, customerId);
      } finally {
        spy.mockRestore();
      }
      // One look at the clean partner's old partition, then only the per-customer partitions.
      expect(queried.filter((pk) => pk === `USAGE#${clean}`)).toHaveLength(1);
      expect(queried.filter((pk) => pk.startsWith(`USAGE#${clean}#CUSTOMER#`))).toHaveLength(3);
      // The upgraded partner's old partition is read for each customer, and still merged.
      expect(queried.filter((pk) => pk === `USAGE#${upgraded}`).length).toBeGreaterThanOrEqual(2);
      expect((await counting.getCustomerAccounts(upgraded, '1965')).map((a) => a.accountId)).toEqual([
        'acct-old',
      ]);
    });

    it('keeps partners apart for the same customer id', async () => {
      const [partnerA, partnerB] = [newPartner(), newPartner()];
      await store.putSnapshot(partnerA, '1965', usageOf());
      await store.addJobCounts(jobsOf(partnerA, {}));

      expect(await store.getCustomerUsage(partnerB, '1965', '2026-11')).toEqual({
        accounts: [],
        jobs: counts(0, 0, 0),
      });
    });

    it('returns every account of a customer whose snapshots span more than one query page', async () => {
      const partnerId = newPartner();
      // Four items of ~300 KB exceed DynamoDB's 1 MB query page.
      const bigName = 'x'.repeat(300_000);
      const ids = ['acct-1', 'acct-2', 'acct-3', 'acct-4'];
      for (const accountId of ids)
        await store.putSnapshot(partnerId, '1965', usageOf({ accountId, accountName: bigName }));

      const { accounts } = await store.getCustomerUsage(partnerId, '1965', '2026-11');

      expect(accounts.map((account) => account.accountId)).toEqual(ids);
    });
  });

  describe('the accounts the registry lists', () => {
    /** Runs `work` with every command sent through `documentClient` noted by name and partition. */
    const sentDuring = async (work: () => Promise<unknown>): Promise<string[]> => {
      const sent: string[] = [];
      const send = documentClient.send.bind(documentClient);
      const spy = vi.spyOn(documentClient, 'send').mockImplementation(((command: {
        constructor: { name: string };
        input: { ExpressionAttributeValues?: Record<string, unknown> };
      }) => {
        sent.push(
          `${command.constructor.name} ${String(command.input.ExpressionAttributeValues?.[':pk'] ?? '')}`,
        );
        return send(command as never);
      }) as never);
      try {
        await work();
      } finally {
        spy.mockRestore();
      }
      return sent;
    };

    const record = async (partnerId: string, usage: AccountUsage, customerName = 'Acme') => {
      await store.registerCustomer(partnerId, {
        customerId: '1965',
        customerName,
        lastUsageAt: usage.occurredAt,
        accountId: usage.accountId,
      });
      await store.putSnapshot(partnerId, '1965', usage);
    };

    it("reads a registered customer's snapshots by key: no Query of its partition", async () => {
      const partnerId = newPartner();
      const front = usageOf({ accountId: 'acct-1' });
      const back = usageOf({ accountId: 'acct-2', occurredAt: '2026-11-28T11:00:00.000Z' });
      await record(partnerId, front);
      await record(partnerId, back);
      await store.getCustomerAccounts(partnerId, '1965'); // the partner's one look at the old layout

      let accounts: readonly AccountUsage[] = [];
      const sent = await sentDuring(async () => {
        accounts = await store.getCustomerAccounts(partnerId, '1965');
      });

      expect(accounts).toEqual([front, back]);
      expect(sent).toEqual(['GetCommand ', 'BatchGetCommand ']);
    });

    it('lists an older event’s account without taking its name', async () => {
      const partnerId = newPartner();
      const newer = usageOf({ accountId: 'acct-1', occurredAt: '2026-11-29T10:00:00.000Z' });
      const older = usageOf({ accountId: 'acct-2', occurredAt: '2026-11-28T10:00:00.000Z' });
      await record(partnerId, newer, 'Acme Dental');
      await record(partnerId, older, 'Old name');

      expect((await store.getCustomerAccounts(partnerId, '1965')).map((a) => a.accountId)).toEqual([
        'acct-1',
        'acct-2',
      ]);
      expect((await store.listCustomers(partnerId)).customers).toEqual([
        { customerId: '1965', customerName: 'Acme Dental', lastUsageAt: '2026-11-29T10:00:00.000Z' },
      ]);
    });

    it('lists every account when a new customer’s first events race', async () => {
      const partnerId = newPartner();
      const usages = Array.from({ length: 10 }, (_, index) =>
        usageOf({ accountId: `acct-${index}`, occurredAt: `2026-11-28T10:00:0${index}.000Z` }),
      );
      await Promise.all(usages.map((usage) => record(partnerId, usage)));

      const accounts = await store.getCustomerAccounts(partnerId, '1965');
      expect(accounts.map((a) => a.accountId)).toEqual(usages.map((u) => u.accountId));
      // Which name wins a race is not checked: moto (threaded) does not serialize conditional
      // writes to one item as DynamoDB does; 'keeps the newest name…' checks the rule in order.
      expect((await store.listCustomers(partnerId)).customers).toHaveLength(1);
    });

    it('reads a registry item written before it listed accounts by Query once, then by key', async () => {
      const partnerId = newPartner();
      await documentClient.send(
        new PutCommand({
          TableName: stateTable,
          Item: {
            ...customerRegistryKey(partnerId, '1965'),
            customerId: '1965',
            customerName: 'Acme',
            lastUsageAt: '2026-11-28T10:00:00.000Z',
          },
        }),
      );
      const front = usageOf({ accountId: 'acct-1' });
      const back = usageOf({ accountId: 'acct-2' });
      await store.putSnapshot(partnerId, '1965', front);
      await store.putSnapshot(partnerId, '1965', back);
      // An account that reports after the upgrade, before the first read: it joins the listing.
      const later = usageOf({ accountId: 'acct-3', occurredAt: '2026-11-29T10:00:00.000Z' });
      await record(partnerId, later);

      const first = await sentDuring(() => store.getCustomerAccounts(partnerId, '1965'));
      let accounts: readonly AccountUsage[] = [];
      const second = await sentDuring(async () => {
        accounts = await store.getCustomerAccounts(partnerId, '1965');
      });

      expect(
        first.filter(
          (command) => command.startsWith('QueryCommand USAGE#') && command.includes('#CUSTOMER#'),
        ),
      ).toHaveLength(1);
      expect(second).toEqual(['GetCommand ', 'BatchGetCommand ']);
      expect(accounts).toEqual([front, back, later]);
    });
  });

  describe('the customer registry', () => {
    it('keeps the newest name of each customer and ignores an older event', async () => {
      const partnerId = newPartner();
      await store.registerCustomer(partnerId, {
        customerId: '19652',
        customerName: 'Acme',
        lastUsageAt: '2026-11-28T10:00:00Z',
        accountId: 'acct-1',
      });
      await store.registerCustomer(partnerId, {
        customerId: '19652',
        customerName: 'Acme Dental',
        lastUsageAt: '2026-11-29T10:00:00Z',
        accountId: 'acct-1',
      });
      await store.registerCustomer(partnerId, {
        customerId: '19652',
        customerName: 'Old name',
        lastUsageAt: '2026-11-01T10:00:00Z',
        accountId: 'acct-1',
      });

      const page = await store.listCustomers(partnerId);
      expect(page.customers).toEqual([
        { customerId: '19652', customerName: 'Acme Dental', lastUsageAt: '2026-11-29T10:00:00.000Z' },
      ]);
      expect(page.cursor).toBeUndefined();
    });

    it('pages through a partner’s customers with the cursor, and only that partner’s', async () => {
      const partnerId = newPartner();
      const ids = ['1', '1965', '19652', '2', '300'];
      for (const customerId of ids) {
        await store.registerCustomer(partnerId, {
          customerId,
          customerName: `c${customerId}`,
          lastUsageAt: '2026-11-28T10:00:00Z',
          accountId: 'acct-1',
        });
      }
      await store.registerCustomer(newPartner(), {
        customerId: '5',
        customerName: 'other',
        lastUsageAt: '2026-11-28T10:00:00Z',
        accountId: 'acct-1',
      });

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listCustomers(partnerId, {
          limit: 2,
          ...(cursor !== undefined && { cursor }),
        });
        seen.push(...page.customers.map((customer) => customer.customerId));
        cursor = page.cursor;
      } while (cursor !== undefined);
      expect(seen).toEqual(ids);
    });
  });
});
