import { describe, expect, it } from 'vitest';
import { ConnectWiseUnavailableError } from '../../../shared/connectwise/errors.js';
import type { NotificationRule, PartnerConfig } from '../../../shared/domain/partner-config.js';
import type { PortalEvent } from '../../../shared/domain/portal-event.js';
import { skippedMessage } from '../../../shared/sync/data-sync-outcome.js';
import { processSyncRecord, type SyncRecordResult } from '../../../shared/sync/process-sync-record.js';
import type { JobResult } from '../../../shared/sync/sync-job.js';
import { aPortalEvent } from '../../helpers/portal-events.js';
import { aFakePartner, aFakeSyncWorld } from '../../helpers/sync-world.js';

const partner: PartnerConfig = {
  ...aFakePartner({ updateInvoiceDescriptions: true }),
  serviceCatalogue: [{ service: 'BDR', billing: 'storage', vendorType: 'BDR', vendorLevel: 'Default' }],
};
const ticketAndSync: NotificationRule[] = [
  { action: 'ticket', severities: ['warning', 'error'], eventTypes: 'all' },
  { action: 'sync', severities: ['info', 'warning', 'error'], eventTypes: 'all' },
];

/** Acme's two Managed ID records, one cross-referenced per-GB product and its addition (lessIncluded 25). */
const setup = (options: { rules?: NotificationRule[] } = {}) => {
  const world = aFakeSyncWorld({ partner, rules: options.rules ?? ticketAndSync });
  const record = { companyId: 9, solutionId: 7, groupIdentifier: 'EFS-19652', values: {} };
  world.managedIds.records.push(
    { ...record, id: 11, deviceType: 'WorkstationsAndServers' },
    { ...record, id: 12, deviceType: 'BackupStats' },
  );
  world.billing.crossReferences = [
    {
      id: 1,
      vendorType: 'BDR',
      vendorLevel: 'Default',
      productId: 5,
      productIdentifier: 'GB',
      inactive: false,
    },
  ];
  world.billing.agreements = [{ id: 3, companyId: 9, name: 'Backup', cancelled: false, endDate: undefined }];
  world.billing.additions = [
    {
      id: 30,
      agreementId: 3,
      productId: 5,
      productIdentifier: 'GB',
      quantity: 1,
      lessIncluded: 25,
      invoiceDescription: undefined,
      serialNumber: 'EFS-19652',
      cancelledDate: undefined,
    },
  ];
  const process = (event: PortalEvent, extra: { force?: boolean; receiveCount?: number } = {}) =>
    processSyncRecord(world.deps, world.recordOf(event, extra));
  const linesOf = (event: PortalEvent) =>
    world.eventLog.entries.filter((e) => e.eventId === event.eventId && e.details?.job === 'data-sync');
  const setNow = (iso: string) => {
    world.clock.now = new Date(iso);
  };
  return { ...world, process, linesOf, setNow };
};

const completed = (overrides: Partial<PortalEvent> = {}) =>
  aPortalEvent({
    type: 'backup.completed',
    severity: 'info',
    message: 'ok',
    customer: { id: '19652', name: 'Acme' },
    ...overrides,
  });

const dataSyncOf = (result: SyncRecordResult) =>
  result.kind === 'processed' ? result.jobs.find((job) => job.job === 'data-sync') : undefined;

describe('data sync job', () => {
  describe('given a partner without a sync rule', () => {
    it('still records the usage, and leaves ConnectWise and the log alone', async () => {
      const world = setup({ rules: [] });

      const result = await world.process(completed());

      expect(dataSyncOf(result)).toMatchObject({ kind: 'done', outcome: { kind: 'no-rule' } });
      const { accounts } = await world.usage.getCustomerUsage('demo', '19652', '2026-11');
      expect(accounts.map((account) => account.storageGb)).toEqual([812.5]);
      expect(world.connects()).toBe(0);
    });
  });

  describe('given an open window', () => {
    it('updates the records and the per-GB addition, never lessIncluded', async () => {
      const world = setup();

      await world.process(completed());

      expect(world.managedIds.updates.map((u) => u.recordId)).toEqual([11, 12]);
      expect(world.billing.updates).toEqual([
        {
          additionId: 30,
          update: { quantity: 812.5, invoiceDescription: 'EFS123456789 Head office server: 812.50 GB' },
        },
      ]);
      expect(world.billing.additions[0]?.lessIncluded).toBe(25);
    });
  });

  describe('given a second event inside the window', () => {
    it('writes the skip line without reaching ConnectWise', async () => {
      const world = setup();
      await world.process(completed());
      const connects = world.connects();
      world.setNow('2026-11-28T11:01:00Z');
      const second = completed();

      await world.process(second);

      expect(world.linesOf(second).map((e) => e.message)).toEqual([skippedMessage]);
      expect(world.connects()).toBe(connects);
    });
  });

  describe('given ConnectWise failing midway', () => {
    it('releases the window, retries only the data sync, and never opens a second ticket', async () => {
      const world = setup();
      const failure = completed({ type: 'backup.failed', severity: 'error', message: 'snapshot error' });
      world.billing.failNext = new ConnectWiseUnavailableError('503', { method: 'PATCH', path: '/x' });

      expect(await world.process(failure)).toMatchObject({ kind: 'deferred' });
      expect(world.window.windows.size).toBe(0);
      const retried = await world.process(failure, { receiveCount: 2 });

      expect(world.tickets.tickets).toHaveLength(1);
      expect(retried).toMatchObject({
        kind: 'processed',
        jobs: [
          { job: 'ticket', kind: 'done', replayed: true },
          { job: 'data-sync', kind: 'done', replayed: false, outcome: { kind: 'synced' } },
        ],
      });
    });
  });

  describe('given a record whose data sync must be retried after its ticket was opened', () => {
    it('reports the ticket job as soon as it is done, so its metrics are not lost to the retry', async () => {
      const world = setup();
      const failure = completed({ type: 'backup.failed', severity: 'error', message: 'snapshot error' });
      world.billing.failNext = new ConnectWiseUnavailableError('503', { method: 'PATCH', path: '/x' });
      const results: JobResult[] = [];

      const deferred = await processSyncRecord(
        { ...world.deps, onJobResult: (r) => results.push(r) },
        world.recordOf(failure),
      );

      expect(deferred).toMatchObject({ kind: 'deferred' });

      expect(results).toEqual([
        expect.objectContaining({ job: 'ticket', kind: 'done', metrics: { ticketsCreated: 1 } }),
      ]);
    });
  });

  describe('given a customer no company holds', () => {
    it('logs the data sync failure once, even when the record comes back for another job', async () => {
      const world = setup();
      const unmapped = completed({ customer: { id: '777', name: 'Nobody' }, severity: 'warning' });
      world.tickets.failNext = new ConnectWiseUnavailableError('503', {
        method: 'GET',
        path: '/service/tickets',
      });

      expect(await world.process(unmapped)).toMatchObject({ kind: 'deferred' });
      await world.process(unmapped, { receiveCount: 2 });

      expect(world.linesOf(unmapped).map((e) => e.level)).toEqual(['error']);
      expect(world.linesOf(unmapped)[0]?.message).toContain('EFS-777');
    });

    it("keeps the customer's window, so its next events skip instead of repeating the error unthrottled", async () => {
      const world = setup();
      await world.process(completed({ customer: { id: '777', name: 'Nobody' } }));
      world.setNow('2026-11-28T11:01:00Z');
      const next = completed({ customer: { id: '777', name: 'Nobody' } });

      await world.process(next);

      expect(world.linesOf(next).map((e) => e.message)).toEqual([skippedMessage]);
    });
  });

  describe('given an account that moved to a service billed through another product', () => {
    it('sets the product it left to 0, and leaves a product no known account was ever billed through', async () => {
      const world = setup();
      world.billing.crossReferences.push({
        id: 2,
        vendorType: 'Devices',
        vendorLevel: 'Default',
        productId: 6,
        productIdentifier: 'DEV',
        inactive: false,
      });
      const device = { ...world.billing.additions[0], productId: 6, productIdentifier: 'DEV' };
      world.billing.additions.push({ ...device, id: 31, quantity: 4 } as never);
      world.billing.additions.push({ ...device, id: 32, productId: 7, quantity: 9 } as never);
      world.billing.crossReferences.push({
        ...world.billing.crossReferences[1],
        id: 3,
        productId: 7,
      } as never);
      await world.process(completed());
      world.setNow('2026-11-29T00:01:00Z');
      const moved = completed({
        occurredAt: '2026-11-29T00:00:00Z',
        account: { id: 'EFS123456789', name: 'Head office server', service: 'Devices', plan: 'Default' },
      });
      partner.serviceCatalogue.push({ service: 'Devices', billing: 'devices', vendorType: 'Devices' });

      try {
        await world.process(moved);
      } finally {
        partner.serviceCatalogue.pop();
      }

      const quantities = Object.fromEntries(world.billing.additions.map((a) => [a.id, a.quantity]));
      expect(quantities).toMatchObject({ 30: 0, 31: 7, 32: 9 });
    });
  });

  describe('given an operator reprocess inside the window', () => {
    it('syncs again and says it was reprocessed', async () => {
      const world = setup();
      const event = completed();
      await world.process(event);
      world.billing.additions[0] = { ...world.billing.additions[0], quantity: 2 } as never;

      const result = await world.process(event, { force: true });

      expect(dataSyncOf(result)).toMatchObject({ kind: 'done', replayed: false, outcome: { forced: true } });
      expect(world.linesOf(event)[0]?.message).toBe(
        'reprocessed: ConnectWise synchronized: addition #30 (GB): quantity 2 → 812.5',
      );
    });
  });

  describe('given Update Backup Statistics off', () => {
    it('bills, leaves the Managed ID records alone, and says which setting left them out', async () => {
      const world = setup();
      const statisticsOff = { ...partner, settings: { ...partner.settings, updateBackupStatistics: false } };
      const event = completed();

      await processSyncRecord(
        { ...world.deps, partners: { ...world.deps.partners, getConfig: async () => statisticsOff } },
        world.recordOf(event),
      );

      expect(world.managedIds.updates).toEqual([]);
      expect(world.billing.updates).toHaveLength(1);
      expect(world.linesOf(event)[0]?.message).toMatch(
        /^ConnectWise synchronized: addition #30 .* \(not synced: backup statistics: Update Backup Statistics is off\)$/,
      );
    });
  });

  describe('given no usage reported for the customer yet', () => {
    it('does not zero ConnectWise and leaves the window open', async () => {
      const world = setup();
      const { stats: _stats, ...withoutStats } = completed({ severity: 'warning' });

      await world.process(withoutStats);

      expect(world.managedIds.updates).toEqual([]);
      expect(world.window.windows.size).toBe(0);
      expect(world.linesOf(withoutStats)[0]?.message).toBe(
        'ConnectWise synchronization not needed: no usage reported for this customer yet',
      );
    });
  });
});
