import type { AccountUsage } from '../../shared/ports/usage-store.js';

/** One account's usage snapshot (a BDR server account of customer 19652); override any field. */
export const anAccountUsage = (overrides: Partial<AccountUsage> = {}): AccountUsage => ({
  accountId: 'EFS123456789',
  accountName: 'Head office server',
  service: 'BDR',
  plan: 'Cloud 1TB',
  servers: 2,
  workstations: 5,
  storageGb: 152.4,
  localStorageGb: 400,
  occurredAt: '2026-11-28T10:00:00.000Z',
  eventId: 'evt-1',
  ...overrides,
});
