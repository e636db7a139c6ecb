import { describe, expect, it } from 'vitest';
import { InMemorySyncWindow, InMemoryUsageStore } from '../../helpers/sync-fakes.js';

describe('InMemoryUsageStore', () => {
  it('counts an event once however often it is added', async () => {
    const store = new InMemoryUsageStore();
    const input = {
      partnerId: 'p1',
      customerId: '1965',
      accountId: 'acct-1',
      month: '2026-11',
      eventId: 'evt-1',
      counts: { successfulJobs: 3, failedJobs: 1, notifications: 2 },
    };

    const results = [await store.addJobCounts(input), await store.addJobCounts(input)];

    expect(results).toEqual(['added', 'already-counted']);
    expect((await store.getCustomerUsage('p1', '1965', '2026-11')).jobs).toEqual(input.counts);
  });
});

describe('InMemorySyncWindow', () => {
  it('refuses a claim inside the window and lets one in after it', async () => {
    const syncWindow = new InMemorySyncWindow();
    const customer = { partnerId: 'p1', customerId: '1965' };
    await syncWindow.claim({
      ...customer,
      eventId: 'e1',
      now: '2026-11-28T10:00:00Z',
      cutoff: '2026-11-27T22:00:00Z',
    });

    const inside = await syncWindow.claim({
      ...customer,
      eventId: 'e2',
      now: '2026-11-28T21:00:00Z',
      cutoff: '2026-11-28T09:00:00Z',
    });
    const after = await syncWindow.claim({
      ...customer,
      eventId: 'e3',
      now: '2026-11-28T23:00:00Z',
      cutoff: '2026-11-28T11:00:00Z',
    });

    expect(inside).toBeUndefined();
    expect(after?.claimedAt).toBe('2026-11-28T23:00:00.000Z');
  });
});
