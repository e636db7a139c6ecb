import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionResources } from '../../local/provision.js';
import { DynamoDbLock } from '../../shared/adapters/aws/dynamodb-lock.js';
import { DynamoDbStateCache } from '../../shared/adapters/aws/dynamodb-state-cache.js';
import { tables } from '../../shared/resources.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
let stateTable = '';
let nowSeconds = 1_800_000_000;
const clock = () => nowSeconds;

beforeAll(async () => {
  const env = await provisionResources({ namePrefix: `syncstate${randomUUID().slice(0, 8)}-` });
  stateTable = env[tables.state.envVar] ?? '';
});

describe('DynamoDbLock', () => {
  describe('given a lock held by one owner', () => {
    it('refuses another owner until the holder releases it', async () => {
      const lock = new DynamoDbLock(documentClient, stateTable, clock);
      const name = `ticket:${randomUUID()}`;
      expect(await lock.acquire(name, 'a', 30)).toBe(true);
      expect(await lock.acquire(name, 'b', 30)).toBe(false);
      await lock.release(name, 'a');
      expect(await lock.acquire(name, 'b', 30)).toBe(true);
    });

    it('lets another owner take it over once it expired', async () => {
      const lock = new DynamoDbLock(documentClient, stateTable, clock);
      const name = `ticket:${randomUUID()}`;
      await lock.acquire(name, 'crashed', 30);
      nowSeconds += 31;
      expect(await lock.acquire(name, 'next', 30)).toBe(true);
    });

    it('does not release a lock another owner took over', async () => {
      const lock = new DynamoDbLock(documentClient, stateTable, clock);
      const name = `ticket:${randomUUID()}`;
      await lock.acquire(name, 'slow', 30);
      nowSeconds += 31;
      await lock.acquire(name, 'next', 30);
      await lock.release(name, 'slow');
      expect(await lock.acquire(name, 'third', 30)).toBe(false);
    });

    it('gives exactly one of 20 concurrent owners the lock', async () => {
      const lock = new DynamoDbLock(documentClient, stateTable, clock);
      const name = `ticket:${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) => lock.acquire(name, `o${n}`, 30)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
});

describe('DynamoDbStateCache', () => {
  it('returns what was stored with its time, and nothing once it expired', async () => {
    let now = Date.parse('2026-11-28T10:00:00Z') / 1000;
    const cache = new DynamoDbStateCache(documentClient, stateTable, () => now);
    const key = { pk: `PARTNER#${randomUUID()}`, sk: 'COMPANY#EFS-19652' };
    await cache.put(key, { companyId: 7 }, { storedAt: '2026-11-28T10:00:00Z', ttlSeconds: 3600 });

    expect(await cache.get(key)).toEqual({ value: { companyId: 7 }, storedAt: '2026-11-28T10:00:00Z' });
    now += 3600;
    expect(await cache.get(key)).toBeUndefined();
  });
});
