import { describe, expect, it } from 'vitest';
import { planStatisticsUpdates } from '../../../shared/domain/backup-statistics.js';
import type { SummaryRecord } from '../../../shared/ports/managed-id-gateway.js';
import type { CustomerUsage } from '../../../shared/ports/usage-store.js';
import { anAccountUsage } from '../../helpers/usage-factories.js';

const managedId = 'EFS-19652';
const managementSolutionName = 'Axcient BDR';

const aRecord = (overrides: Partial<SummaryRecord> = {}): SummaryRecord => ({
  id: 101,
  deviceType: 'WorkstationsAndServers',
  groupIdentifier: managedId,
  values: {},
  ...overrides,
});
const workstationsAndServers = (id: number, values: SummaryRecord['values'] = {}) =>
  aRecord({ id, deviceType: 'WorkstationsAndServers', values });
const backupStats = (id: number, values: SummaryRecord['values'] = {}) =>
  aRecord({ id, deviceType: 'BackupStats', values });

/** Two accounts: 3 servers, 5 workstations; 41 good and 2 failed jobs, 3 notifications this month. */
const usage: CustomerUsage = {
  accounts: [
    anAccountUsage({ accountId: 'EFS1', servers: 2, workstations: 5 }),
    anAccountUsage({ accountId: 'EFS2', servers: 1, workstations: 0 }),
  ],
  jobs: { successfulJobs: 41, failedJobs: 2, notifications: 3 },
};
const currentMachines = { totalServers: 3, totalWorkstations: 5, totalManagedMachines: 8 };
const currentJobs = { successfulBackupJobs: 41, failedBackupJobs: 2, totalNotifications: 3 };

const plan = (records: SummaryRecord[]) =>
  planStatisticsUpdates({ managedId, managementSolutionName, records, usage });

describe('planStatisticsUpdates', () => {
  describe('given both records in the required order with stale counters', () => {
    it('writes the machine counts to "Workstations and Servers" and the job counts to "Backup Stats"', () => {
      const { updates, problems } = plan([workstationsAndServers(101), backupStats(102)]);

      expect(problems).toEqual([]);
      expect(updates.map((u) => [u.recordId, u.values])).toEqual([
        [101, currentMachines],
        [102, currentJobs],
      ]);
    });

    it('writes only the counters that changed, and says what they were', () => {
      const { updates } = plan([
        workstationsAndServers(101, { ...currentMachines, totalServers: 2, totalManagedMachines: 7 }),
        backupStats(102, currentJobs),
      ]);

      expect(updates).toEqual([
        {
          recordId: 101,
          deviceType: 'WorkstationsAndServers',
          values: { totalServers: 3, totalManagedMachines: 8 },
          changes: [
            { field: 'totalServers', from: 2, to: 3 },
            { field: 'totalManagedMachines', from: 7, to: 8 },
          ],
        },
      ]);
    });

    it('fills a counter ConnectWise left empty', () => {
      const { updates } = plan([
        workstationsAndServers(101, currentMachines),
        backupStats(102, { successfulBackupJobs: 41, failedBackupJobs: 2 }),
      ]);

      expect(updates).toEqual([
        expect.objectContaining({
          recordId: 102,
          changes: [{ field: 'totalNotifications', from: undefined, to: 3 }],
        }),
      ]);
    });
  });

  describe('given both records already current', () => {
    it('writes nothing', () => {
      const result = plan([workstationsAndServers(101, currentMachines), backupStats(102, currentJobs)]);

      expect(result).toEqual({ updates: [], problems: [] });
    });
  });

  describe('given a month whose job count passes what ConnectWise can store', () => {
    it('writes the largest 32-bit count instead of a value ConnectWise would refuse', () => {
      const busy = { ...usage, jobs: { successfulJobs: 3_000_000_000, failedJobs: 2, notifications: 3 } };

      const result = planStatisticsUpdates({
        managedId,
        managementSolutionName,
        records: [workstationsAndServers(101, currentMachines), backupStats(102, currentJobs)],
        usage: busy,
      });

      expect(result.updates).toEqual([
        expect.objectContaining({ recordId: 102, values: { successfulBackupJobs: 2_147_483_647 } }),
      ]);
    });
  });

  describe('given no "Backup Stats" record', () => {
    it('reports an error telling the partner how to add it', () => {
      const { problems } = plan([workstationsAndServers(101)]);

      expect(problems).toEqual([
        {
          level: 'error',
          code: 'missing-managed-id-record',
          message:
            'Managed ID EFS-19652 has no "Backup Stats" record under "Axcient BDR": in ConnectWise, ' +
            'System > Setup Tables > Managed Devices Integration > Companies, add the Managed ID ' +
            'EFS-19652 with Device Type "Backup Stats" (after the "Workstations and Servers" entry), ' +
            'Agreement blank',
        },
      ]);
    });

    it('still updates "Workstations and Servers"', () => {
      const { updates } = plan([workstationsAndServers(101)]);

      expect(updates.map((u) => u.recordId)).toEqual([101]);
    });
  });

  describe('given no "Workstations and Servers" record', () => {
    it('reports an error saying it must be the first entry, and updates "Backup Stats"', () => {
      const { updates, problems } = plan([backupStats(102)]);

      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ level: 'error', code: 'missing-managed-id-record' });
      expect(problems[0]?.message).toContain('Device Type "Workstations and Servers" (as the first entry');
      expect(updates.map((u) => u.recordId)).toEqual([102]);
    });
  });

  describe('given no record at all', () => {
    it('reports both missing records and writes nothing', () => {
      const { updates, problems } = plan([]);

      expect(updates).toEqual([]);
      expect(problems.map((p) => p.message)).toEqual([
        expect.stringContaining('no "Workstations and Servers" record'),
        expect.stringContaining('no "Backup Stats" record'),
      ]);
    });
  });

  describe('given "Backup Stats" entered before "Workstations and Servers"', () => {
    it('warns that the switched entries break the report and how to re-enter them', () => {
      const { problems } = plan([backupStats(101), workstationsAndServers(102)]);

      expect(problems).toEqual([expect.objectContaining({ level: 'warning', code: 'managed-id-order' })]);
      expect(problems[0]?.message).toContain('breaks when the two entries are switched');
      expect(problems[0]?.message).toContain(
        'delete both entries and enter "Workstations and Servers" first, then "Backup Stats"',
      );
    });

    it('still writes each record by its device type', () => {
      const { updates } = plan([backupStats(101), workstationsAndServers(102)]);

      expect(updates.map((u) => [u.recordId, u.values])).toEqual([
        [102, currentMachines],
        [101, currentJobs],
      ]);
    });
  });

  describe('given two "Backup Stats" records', () => {
    it('updates the one with the lowest id only', () => {
      const { updates } = plan([workstationsAndServers(101), backupStats(109), backupStats(105)]);

      expect(updates.map((u) => u.recordId)).toEqual([101, 105]);
    });

    it('warns naming both ids', () => {
      const { problems } = plan([workstationsAndServers(101), backupStats(109), backupStats(105)]);

      expect(problems).toEqual([
        expect.objectContaining({ level: 'warning', code: 'duplicate-managed-id-record' }),
      ]);
      expect(problems[0]?.message).toContain('ids 105, 109');
    });
  });
});
