import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionResources } from '../../local/provision.js';
import { DynamoDbSyncWindow } from '../../shared/adapters/aws/dynamodb-sync-window.js';
import { tables } from '../../shared/resources.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
let syncWindow: DynamoDbSyncWindow;

beforeAll(async () => {
  const env = await provisionResources({ namePrefix: `syncwindow${randomUUID().slice(0, 8)}-` });
  syncWindow = new DynamoDbSyncWindow(documentClient, env[tables.state.envVar] ?? '');
});

const hours = (n: number) => n * 3600_000;
const start = Date.parse('2026-11-28T10:00:00.000Z');

/** A claim by a new event (or `eventId`) `hoursLater` after the start, with the 12-hour window's cutoff. */
const claimAt = (
  customer: { partnerId: string; customerId: string },
  hoursLater: number,
  eventId = `evt-${randomUUID()}`,
) => {
  const now = start + hours(hoursLater);
  return syncWindow.claim({
    ...customer,
    eventId,
    now: new Date(now).toISOString(),
    cutoff: new Date(now - hours(12)).toISOString(),
  });
};

const newCustomer = () => ({ partnerId: `partner-${randomUUID()}`, customerId: '1965' });

describe('DynamoDbSyncWindow', () => {
  describe('given no sync yet', () => {
    it('gives the first claim the window, stamped with its time', async () => {
      const customer = newCustomer();

      const claim = await claimAt(customer, 0);

      expect(claim).toMatchObject({ ...customer, claimedAt: '2026-11-28T10:00:00.000Z' });
      expect(claim?.claimId).toEqual(expect.any(String));
    });

    it('gives exactly one of 30 concurrent claims the window', async () => {
      const customer = newCustomer();

      const claims = await Promise.all(Array.from({ length: 30 }, () => claimAt(customer, 0)));

      expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
    });
  });

  describe('given a sync inside the window', () => {
    it('refuses a second claim before the window closes', async () => {
      const customer = newCustomer();
      await claimAt(customer, 0);

      expect(await claimAt(customer, 11)).toBeUndefined();
    });

    it("gives the window back to the claiming event's retry, whose attempt died before releasing it", async () => {
      const customer = newCustomer();
      const first = await claimAt(customer, 0, 'evt-timed-out');

      const retry = await claimAt(customer, 0.1, 'evt-timed-out');

      expect(retry?.claimId).toEqual(expect.any(String));
      expect(retry?.claimId).not.toBe(first?.claimId);
      expect(await claimAt(customer, 0.2)).toBeUndefined();
    });

    it('keeps customer 19652 out of customer 1965s window', async () => {
      const customer = newCustomer();
      await claimAt(customer, 0);

      expect(await claimAt({ ...customer, customerId: '19652' }, 1)).toBeDefined();
    });

    it('lets the next claim in once the claim is released', async () => {
      const customer = newCustomer();
      const claim = await claimAt(customer, 0);
      if (!claim) throw new Error('expected the first claim to win');

      await syncWindow.release(claim);

      expect(await claimAt(customer, 1)).toBeDefined();
    });
  });

  describe('given a sync before the window', () => {
    it('gives a claim the window again once the cutoff passed the last sync', async () => {
      const customer = newCustomer();
      await claimAt(customer, 0);

      const claim = await claimAt(customer, 13);

      expect(claim?.claimedAt).toBe('2026-11-28T23:00:00.000Z');
    });

    it('does not let the release of an old claim erase the newer one', async () => {
      const customer = newCustomer();
      const old = await claimAt(customer, 0);
      if (!old) throw new Error('expected the first claim to win');
      await claimAt(customer, 13);

      await syncWindow.release(old);

      expect(await claimAt(customer, 14)).toBeUndefined();
    });
  });
});
