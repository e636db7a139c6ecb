import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionResources } from '../../local/provision.js';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbUnmappedCustomers } from '../../shared/adapters/aws/dynamodb-unmapped-customers.js';
import { unmappedEventIdsKept } from '../../shared/ports/unmapped-customers.js';
import { tables } from '../../shared/resources.js';

let store: DynamoDbUnmappedCustomers;
// Entries expire 30 days after their last event: the times are recent ones.
const base = Date.now() - 3600_000;
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
const partner = () => `um-${randomUUID().slice(0, 8)}`;

const note = (customerId: string, eventId: string | undefined, at: string) => ({
  customerId,
  customerName: `Customer ${customerId}`,
  managedId: `EFS-${customerId}`,
  at,
  ...(eventId !== undefined && { eventId }),
});

beforeAll(async () => {
  const env = await provisionResources({ namePrefix: `um-${randomUUID().slice(0, 8)}-` });
  store = new DynamoDbUnmappedCustomers(documentClient, env[tables.state.envVar] ?? '');
});

describe('DynamoDbUnmappedCustomers', () => {
  it('keeps one entry per customer with its events, first and last seen, and counts an event once', async () => {
    const partnerId = partner();
    await store.note(partnerId, note('42', 'evt-2', at(0)));
    await store.note(partnerId, note('42', 'evt-1', at(10)));
    await store.note(partnerId, note('42', 'evt-2', at(20)));
    await store.note(partnerId, note('7', undefined, at(30)));

    expect(await store.list(partnerId)).toEqual([
      {
        customerId: '42',
        customerName: 'Customer 42',
        managedId: 'EFS-42',
        firstSeenAt: at(0),
        lastSeenAt: at(20),
        eventIds: ['evt-1', 'evt-2'],
        moreEvents: false,
      },
      expect.objectContaining({ customerId: '7', eventIds: [], moreEvents: false }),
    ]);
    expect(await store.list(partner())).toEqual([]);
  });

  it(`stops keeping event ids at ${unmappedEventIdsKept} and says there were more`, async () => {
    const partnerId = partner();
    for (let index = 0; index <= unmappedEventIdsKept; index += 1) {
      await store.note(partnerId, note('9', `evt-${String(index).padStart(3, '0')}`, at(0)));
    }
    const [entry] = await store.list(partnerId);
    expect(entry?.eventIds).toHaveLength(unmappedEventIdsKept);
    expect(entry?.moreEvents).toBe(true);
  });

  it('forgets a customer that was cleared', async () => {
    const partnerId = partner();
    await store.note(partnerId, note('42', 'evt-1', at(0)));
    await store.clear(partnerId, '42');
    expect(await store.list(partnerId)).toEqual([]);
  });
});
