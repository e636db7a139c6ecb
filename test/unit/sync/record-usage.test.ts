import { describe, expect, it } from 'vitest';
import { recordUsage } from '../../../shared/sync/data-sync-job.js';
import { aPortalEvent } from '../../helpers/portal-events.js';
import { InMemoryUsageStore } from '../../helpers/sync-fakes.js';

const withStats = (occurredAt: string, name: string) =>
  aPortalEvent({
    occurredAt,
    customer: { id: '19652', name },
    stats: {
      servers: 1,
      workstations: 2,
      successfulJobs: 1,
      failedJobs: 0,
      storageGb: 10,
      localStorageGb: 0,
    },
  });

describe('recordUsage', () => {
  it('registers the customer of an event with stats, so the billing sweep can list it', async () => {
    const usage = new InMemoryUsageStore();
    await recordUsage(usage, withStats('2026-11-28T10:00:00Z', 'Acme Dental'));
    await recordUsage(usage, withStats('2026-11-27T10:00:00Z', 'Acme (older event)'));

    const { customers } = await usage.listCustomers('demo');
    expect(customers.map((customer) => [customer.customerId, customer.customerName])).toEqual([
      ['19652', 'Acme Dental'],
    ]);
  });

  it('registers no customer for an event without stats', async () => {
    const usage = new InMemoryUsageStore();
    const { stats: _stats, ...withoutStats } = withStats('2026-11-28T10:00:00Z', 'Acme');
    await recordUsage(usage, withoutStats);
    expect((await usage.listCustomers('demo')).customers).toEqual([]);
  });
});
