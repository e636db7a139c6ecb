import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '../../cw-simulator/demo-seed.js';
import type { JournalEntry } from '../../cw-simulator/journal.js';
import { demoServiceCatalogue } from '../../local/demo-tenant.js';
import { DynamoDbSyncWindow } from '../../shared/adapters/aws/dynamodb-sync-window.js';
import type { PortalEvent } from '../../shared/domain/portal-event.js';
import { windowCutoffOf } from '../../shared/domain/sync-window.js';
import type { EventLogEntry } from '../../shared/ports/event-log.js';
import { tables } from '../../shared/resources.js';
import { callApi, callControl } from '../helpers/cw-simulator-client.js';
import { aPortalEvent } from '../helpers/portal-events.js';
import {
  type SyncEnvironment,
  startSyncEnvironment,
  ticketAndSyncRules,
  writesAmong,
} from '../helpers/sync-environment.js';
import { anSqsEvent, aSyncRecord, storeEvent, takeDeferredCopies } from '../helpers/sync-events.js';

const partnerId = 'sync-data';
const skipLine = 'Skipping ConnectWise synchronization (only updating every 12 hours)';
let world: SyncEnvironment;

interface SummaryReport {
  id: number;
  deviceType: string;
  totalServers?: number;
  totalWorkstations?: number;
  totalManagedMachines?: number;
  successfulBackupJobs?: number;
  failedBackupJobs?: number;
  totalNotifications?: number;
}

interface Addition {
  id: number;
  product: { id: number };
  quantity?: number;
  lessIncluded?: number;
  unitPrice?: number;
  invoiceDescription?: string;
  serialNumber?: string;
  cancelledDate?: string;
}

beforeAll(async () => {
  world = await startSyncEnvironment({
    partnerId,
    rules: ticketAndSyncRules,
    configure: (config) => ({
      ...config,
      settings: { ...config.settings, updateInvoiceDescriptions: true },
      serviceCatalogue: [...demoServiceCatalogue],
    }),
  });
});
afterEach(async () => {
  vi.useRealTimers();
  await callControl(world.simulator, 'DELETE', '/__sim/faults');
});
afterAll(async () => {
  await world?.stop();
});

const demoCustomer = (index: number) => {
  const customer = DEMO_CUSTOMERS[index];
  if (!customer) throw new Error(`no demo customer ${index}`);
  return customer;
};

/** Sets the clock the sync function reads (Date only: timers and I/O run as usual). */
const setClock = (iso: string) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
};

/** A completed backup of one of the customer's accounts, with its stats, as of `occurredAt`. */
const aCompletedBackup = (
  customer: { portalCustomerId: number; name: string },
  occurredAt: string,
  overrides: Partial<PortalEvent> = {},
): PortalEvent =>
  aPortalEvent({
    partnerId,
    type: 'backup.completed',
    severity: 'info',
    message: 'Backup completed',
    occurredAt,
    customer: { id: String(customer.portalCustomerId), name: customer.name },
    account: {
      id: `EFS${customer.portalCustomerId}01`,
      name: 'Office server',
      service: 'BDR',
      plan: 'Cloud',
    },
    stats: {
      servers: 1,
      workstations: 4,
      successfulJobs: 3,
      failedJobs: 1,
      storageGb: 152.401,
      localStorageGb: 80,
    },
    ...overrides,
  });

const sync = async (event: PortalEvent, options: { force?: boolean; receiveCount?: number } = {}) => {
  await storeEvent(world.eventStore, event);
  return world.invoke(anSqsEvent(aSyncRecord(event, options)));
};

const reportsOf = async (companyId: number): Promise<SummaryReport[]> =>
  (
    await callApi<SummaryReport[]>(world.simulator, {
      path: `/company/companies/${companyId}/managementSummaryReports`,
    })
  ).body;

const additionsOf = async (agreementId: number): Promise<Addition[]> =>
  (await callApi<Addition[]>(world.simulator, { path: `/finance/agreements/${agreementId}/additions` })).body;

const windowOf = () =>
  new DynamoDbSyncWindow(
    DynamoDBDocumentClient.from(new DynamoDBClient({})),
    world.env[tables.state.envVar] ?? '',
  );

const logOf = async (accountId: string): Promise<EventLogEntry[]> =>
  (await world.eventLog.list(accountId)).entries;

const dataSyncLinesOf = async (event: PortalEvent): Promise<EventLogEntry[]> =>
  (await logOf(event.account.id)).filter(
    (entry) => entry.eventId === event.eventId && entry.details?.job === 'data-sync',
  );

/** Writes to the Managed ID records and agreement additions among `requests`. */
const dataWrites = (requests: readonly JournalEntry[]): JournalEntry[] =>
  writesAmong(requests).filter((entry) => /managementSummaryReports|additions/.test(entry.path));

// The cases of each customer run in order on one simulator and clock line, as a partner's days would.
describe('data sync', () => {
  describe('given the first completed backup with stats of a mapped customer', () => {
    const acme = demoCustomer(0);

    it('updates both Managed ID records and the cross-referenced addition, and logs what changed', async () => {
      setClock('2026-11-28T10:00:00Z');
      const event = aCompletedBackup(acme, '2026-11-28T09:59:00Z');
      const before = (await additionsOf(acme.agreementId)).find(
        (a) => a.product.id === DEMO_PRODUCTS.cloudStorage.id && !a.cancelledDate,
      );
      // The seed's per-GB product: 25 GB included, which the sync must never touch.
      await callApi(world.simulator, {
        method: 'PATCH',
        path: `/finance/agreements/${acme.agreementId}/additions/${before?.id}`,
        body: [{ op: 'replace', path: 'lessIncluded', value: 25 }],
      });
      const mark = world.journalMark();

      const response = await sync(event);

      expect(response.batchItemFailures).toEqual([]);
      const reports = await reportsOf(acme.companyId);
      expect(reports.find((r) => r.deviceType === 'WorkstationsAndServers')).toMatchObject({
        totalServers: 1,
        totalWorkstations: 4,
        totalManagedMachines: 5,
      });
      expect(reports.find((r) => r.deviceType === 'BackupStats')).toMatchObject({
        successfulBackupJobs: 3,
        failedBackupJobs: 1,
        totalNotifications: 0,
      });
      const additions = await additionsOf(acme.agreementId);
      const storage = additions.find(
        (a) => a.product.id === DEMO_PRODUCTS.cloudStorage.id && !a.cancelledDate,
      );
      expect(storage).toMatchObject({
        quantity: 152.41,
        lessIncluded: 25,
        unitPrice: 0.25,
        invoiceDescription: `${event.account.id} Office server: 152.40 GB`,
      });
      // Nothing of another service, the flat fee or the cancelled addition was touched.
      expect(additions.filter((a) => a !== storage).map((a) => a.quantity)).toEqual([6, 1, 3]);
      const additionPatches = dataWrites(world.requestsSince(mark)).filter((entry) =>
        entry.path.includes('additions'),
      );
      const patchedPaths = additionPatches.flatMap((entry) =>
        (entry.body as { path: string }[]).map((op) => op.path),
      );
      expect(patchedPaths.sort()).toEqual(['invoiceDescription', 'quantity']);
      const [line] = await dataSyncLinesOf(event);
      expect(line).toMatchObject({ level: 'success' });
      expect(line?.message).toContain('WorkstationsAndServers');
      expect(line?.message).toContain('quantity 250 → 152.41');
    });

    it('skips a second event an hour later with the portal’s line and no ConnectWise write', async () => {
      setClock('2026-11-28T11:00:00Z');
      const event = aCompletedBackup(acme, '2026-11-28T10:59:00Z', {
        stats: {
          servers: 2,
          workstations: 4,
          successfulJobs: 1,
          failedJobs: 0,
          storageGb: 160,
          localStorageGb: 80,
        },
      });
      const mark = world.journalMark();

      await sync(event);

      expect((await dataSyncLinesOf(event)).map((entry) => entry.message)).toEqual([skipLine]);
      expect(writesAmong(world.requestsSince(mark))).toEqual([]);
    });

    it('syncs again 13 hours later, with the usage the skipped event reported', async () => {
      setClock('2026-11-28T23:00:00Z');
      const event = aCompletedBackup(acme, '2026-11-28T22:59:00Z', {
        account: { id: `EFS${acme.portalCustomerId}02`, name: 'Laptop', service: 'BDR', plan: 'Cloud' },
        stats: {
          servers: 0,
          workstations: 1,
          successfulJobs: 2,
          failedJobs: 0,
          storageGb: 10,
          localStorageGb: 0,
        },
      });

      const mark = world.journalMark();

      await sync(event);

      // Warm: the company, its Managed ID records and the integration's cross-references are cached.
      // (The client re-asks the tenant's codebase hourly, outside the API: not a read of its data.)
      const reads = world
        .requestsSince(mark)
        .filter((entry) => entry.method === 'GET' && !entry.path.startsWith('/login/'));
      expect(reads.map((entry) => entry.path)).toEqual([
        '/finance/agreements',
        `/finance/agreements/${acme.agreementId}/additions`,
      ]);

      const reports = await reportsOf(acme.companyId);
      // Both accounts summed: the office server as of the skipped event (2 servers), plus the laptop.
      expect(reports.find((r) => r.deviceType === 'WorkstationsAndServers')).toMatchObject({
        totalServers: 2,
        totalWorkstations: 5,
      });
      // The month's jobs: 3 + 1 + 2 successful, 1 failed.
      expect(reports.find((r) => r.deviceType === 'BackupStats')).toMatchObject({
        successfulBackupJobs: 6,
        failedBackupJobs: 1,
      });
      const storage = (await additionsOf(acme.agreementId)).find(
        (a) => a.product.id === DEMO_PRODUCTS.cloudStorage.id && !a.cancelledDate,
      );
      expect(storage?.quantity).toBe(170);
      expect(storage?.invoiceDescription).toBe(
        `EFS${acme.portalCustomerId}01 Office server: 160.00 GB\nEFS${acme.portalCustomerId}02 Laptop: 10.00 GB`,
      );
    });

    it('still opens the ticket of a failure inside the window, and only skips its data sync', async () => {
      setClock('2026-11-29T00:00:00Z');
      const failure = aCompletedBackup(acme, '2026-11-28T23:59:00Z', {
        type: 'backup.failed',
        severity: 'error',
        message: 'Backup job failed',
      });

      await sync(failure);

      const lines = (await logOf(failure.account.id)).filter((entry) => entry.eventId === failure.eventId);
      expect(lines.map((entry) => entry.message)).toEqual([
        skipLine,
        expect.stringMatching(/^ticket #\d+ created$/),
      ]);
    });

    it('syncs a reprocessed event inside the window and says it was reprocessed', async () => {
      setClock('2026-11-29T01:00:00Z');
      const event = aCompletedBackup(acme, '2026-11-29T00:59:00Z', {
        stats: {
          servers: 3,
          workstations: 4,
          successfulJobs: 0,
          failedJobs: 0,
          storageGb: 160,
          localStorageGb: 0,
        },
      });
      await sync(event);
      expect((await dataSyncLinesOf(event)).map((entry) => entry.message)).toEqual([skipLine]);

      await sync(event, { force: true });

      const [latest] = await dataSyncLinesOf(event);
      expect(latest?.message).toMatch(
        /^reprocessed: ConnectWise synchronized: WorkstationsAndServers #\d+: totalServers 2 → 3/,
      );
      expect(latest?.details).toMatchObject({ reprocessed: true });
    });
  });

  describe('given 30 concurrent events of one customer', () => {
    it('runs exactly one data sync; the others log the skip line', async () => {
      const obrien = demoCustomer(1);
      setClock('2026-11-28T10:00:00Z');
      // One account each, so every event's lines sit on the first page of its account's log.
      const events = Array.from({ length: 30 }, (_, n) =>
        aCompletedBackup(obrien, `2026-11-28T09:${String(n).padStart(2, '0')}:00Z`, {
          account: {
            id: `EFS${obrien.portalCustomerId}${100 + n}`,
            name: `PC ${n}`,
            service: 'BDR',
            plan: 'Cloud',
          },
        }),
      );
      for (const event of events) await storeEvent(world.eventStore, event);
      const mark = world.journalMark();

      const responses = await Promise.all(
        events.map((event) => world.invoke(anSqsEvent(aSyncRecord(event)))),
      );

      expect(responses.flatMap((response) => response.batchItemFailures)).toEqual([]);
      const messages = (await Promise.all(events.map(dataSyncLinesOf))).map((lines) => lines[0]?.message);
      expect(messages.filter((message) => message === skipLine)).toHaveLength(29);
      expect(messages.filter((message) => message?.startsWith('ConnectWise synchronized'))).toHaveLength(1);
      const patches = dataWrites(world.requestsSince(mark));
      // One sync: one PATCH per changed record and addition (two records, one addition).
      expect(patches.map((entry) => entry.method)).toEqual(['PATCH', 'PATCH', 'PATCH']);
    });
  });

  describe('given a customer whose Managed ID records were entered in the wrong order', () => {
    it('warns about the order and still syncs both records by device type', async () => {
      const riverside = demoCustomer(2);
      setClock('2026-11-28T10:00:00Z');
      const event = aCompletedBackup(riverside, '2026-11-28T09:59:00Z');

      await sync(event);

      const lines = await dataSyncLinesOf(event);
      expect(lines.find((entry) => entry.level === 'warning')?.message).toMatch(
        /Backup Stats.*Workstations and Servers|order/i,
      );
      const reports = await reportsOf(riverside.companyId);
      expect(reports.find((r) => r.deviceType === 'WorkstationsAndServers')?.totalManagedMachines).toBe(5);
      expect(reports.find((r) => r.deviceType === 'BackupStats')?.successfulBackupJobs).toBe(3);
    });
  });

  describe('given a cross-referenced service without an addition on the agreement', () => {
    it('logs an error naming the product and the serial number to add, and creates nothing', async () => {
      const riverside = demoCustomer(2);
      setClock('2026-12-03T10:00:00Z');
      const event = aCompletedBackup(riverside, '2026-12-03T09:59:00Z', {
        account: {
          id: `EFS${riverside.portalCustomerId}09`,
          name: 'Front desk',
          service: 'Workstation Backup',
          plan: 'Std',
        },
      });
      const device = (await additionsOf(riverside.agreementId)).find(
        (a) => a.product.id === DEMO_PRODUCTS.device.id && !a.cancelledDate,
      );
      await callApi(world.simulator, {
        method: 'DELETE',
        path: `/finance/agreements/${riverside.agreementId}/additions/${device?.id}`,
      });
      const mark = world.journalMark();

      await sync(event);

      const error = (await dataSyncLinesOf(event)).find((entry) => entry.level === 'error');
      expect(error?.message).toContain(DEMO_PRODUCTS.device.identifier);
      expect(error?.message).toContain(`EFS-${riverside.portalCustomerId}`);
      expect(writesAmong(world.requestsSince(mark)).filter((entry) => entry.method === 'POST')).toEqual([]);
    });
  });
  describe('given a sync that fails midway', () => {
    it('releases the window, so the retry syncs instead of skipping', async () => {
      const riverside = demoCustomer(2);
      setClock('2026-12-04T10:00:00Z');
      const event = aCompletedBackup(riverside, '2026-12-04T09:59:00Z', {
        stats: {
          servers: 5,
          workstations: 5,
          successfulJobs: 1,
          failedJobs: 0,
          storageGb: 300,
          localStorageGb: 0,
        },
      });
      await callControl(world.simulator, 'POST', '/__sim/faults', {
        // Five: the client's own attempts inside one invocation, so the record itself fails once.
        faults: [{ kind: 'status', status: 503, count: 5, match: { method: 'PATCH', path: '/additions/' } }],
      });

      const first = await sync(event);
      // Another event's claim gets in: the failed attempt gave the window back (then this probe does).
      const probe = await windowOf().claim({
        partnerId,
        customerId: String(riverside.portalCustomerId),
        eventId: 'probe',
        now: new Date().toISOString(),
        cutoff: windowCutoffOf(new Date().toISOString(), 12 * 3600),
      });
      expect(probe).toBeDefined();
      if (probe) await windowOf().release(probe);
      const mark = world.journalMark();
      const retried = await sync(event, { receiveCount: 2 });
      const retryRequests = world.requestsSince(mark);

      // Deferred: the record was sent again with a delay rather than failed.
      expect(first.batchItemFailures).toEqual([]);
      expect(await takeDeferredCopies(world.queueUrl, event.eventId)).toHaveLength(1);
      expect(retried.batchItemFailures).toEqual([]);
      const synced = (await dataSyncLinesOf(event)).find((entry) => entry.level === 'success');
      expect(synced?.message).toContain('quantity 152.41 → 300');
      const storage = (await additionsOf(riverside.agreementId)).find(
        (a) => a.product.id === DEMO_PRODUCTS.cloudStorage.id && !a.cancelledDate,
      );
      expect(storage?.quantity).toBe(300);
      // Warm: the company, its Managed ID records and the cross-references come from the cache.
      expect(retryRequests.filter((entry) => entry.method === 'GET').map((entry) => entry.path)).toEqual([
        '/finance/agreements',
        `/finance/agreements/${riverside.agreementId}/additions`,
      ]);
      expect(dataWrites(retryRequests)).toHaveLength(1);
    });
  });
});
