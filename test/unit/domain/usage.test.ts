import { describe, expect, it } from 'vitest';
import { accountUsageOf, jobCountsOf, monthOf, usageTotalsOf } from '../../../shared/domain/usage.js';
import { aPortalEvent } from '../../helpers/portal-events.js';
import { anAccountUsage } from '../../helpers/usage-factories.js';

describe('monthOf', () => {
  it('takes the month of a UTC time', () => {
    expect(monthOf('2026-11-28T10:00:00Z')).toBe('2026-11');
  });

  it('counts a late-evening event west of UTC in the next UTC month', () => {
    expect(monthOf('2026-11-30T23:30:00-02:00')).toBe('2026-12');
  });

  it('counts an early-morning event east of UTC in the previous UTC month', () => {
    expect(monthOf('2027-01-01T00:30:00+01:00')).toBe('2026-12');
  });
});

describe('accountUsageOf', () => {
  describe('given an event with stats', () => {
    it('takes the account, its counts and its storage from the event', () => {
      const event = aPortalEvent({
        eventId: 'evt-42',
        occurredAt: '2026-11-28T12:00:00+02:00',
        account: { id: 'EFS1', name: 'Office server', service: 'BDR', plan: 'Cloud 1TB' },
      });

      expect(accountUsageOf(event)).toEqual({
        accountId: 'EFS1',
        accountName: 'Office server',
        service: 'BDR',
        plan: 'Cloud 1TB',
        servers: 2,
        workstations: 5,
        storageGb: 812.5,
        localStorageGb: 400,
        occurredAt: '2026-11-28T10:00:00.000Z',
        eventId: 'evt-42',
      });
    });
  });

  describe('given an event without stats', () => {
    it('has no snapshot, so the stored usage stays as it was', () => {
      expect(accountUsageOf(aPortalEvent({ type: 'service.status', stats: undefined }))).toBeUndefined();
    });
  });
});

describe('jobCountsOf', () => {
  describe('given a failed backup with stats', () => {
    it('counts its jobs and one notification', () => {
      expect(jobCountsOf(aPortalEvent({ severity: 'error' }))).toEqual({
        successfulJobs: 40,
        failedJobs: 1,
        notifications: 1,
      });
    });
  });

  describe('given a warning without stats', () => {
    it('counts one notification and no jobs', () => {
      expect(jobCountsOf(aPortalEvent({ severity: 'warning', stats: undefined }))).toEqual({
        successfulJobs: 0,
        failedJobs: 0,
        notifications: 1,
      });
    });
  });

  describe('given an info event', () => {
    it('counts no notification', () => {
      expect(jobCountsOf(aPortalEvent({ severity: 'info', type: 'backup.completed' }))?.notifications).toBe(
        0,
      );
    });

    it('adds nothing when it reports no jobs either', () => {
      const stats = {
        servers: 1,
        workstations: 0,
        successfulJobs: 0,
        failedJobs: 0,
        storageGb: 10,
        localStorageGb: 0,
      };
      expect(jobCountsOf(aPortalEvent({ severity: 'info', stats }))).toBeUndefined();
    });
  });
});

describe('usageTotalsOf', () => {
  describe('given several accounts', () => {
    it('sums servers, workstations and managed machines', () => {
      const accounts = [
        anAccountUsage({ servers: 2, workstations: 5 }),
        anAccountUsage({ servers: 1, workstations: 0 }),
      ];

      expect(usageTotalsOf(accounts)).toMatchObject({ servers: 3, workstations: 5, managedMachines: 8 });
    });

    it('sums storage without float noise', () => {
      const accounts = [anAccountUsage({ storageGb: 0.1 }), anAccountUsage({ storageGb: 0.2 })];

      expect(usageTotalsOf(accounts).storageGb).toBe(0.3);
    });
  });

  describe('given no accounts', () => {
    it('is all zeros', () => {
      expect(usageTotalsOf([])).toEqual({ servers: 0, workstations: 0, managedMachines: 0, storageGb: 0 });
    });
  });
});
