import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_BOARDS,
  DEMO_CUSTOMERS,
  DEMO_INTEGRATION,
  DEMO_MANAGEMENT_SOLUTION,
  DEMO_PRODUCTS,
  DEMO_STATUSES,
} from '../../cw-simulator/demo-seed.js';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { ConnectWiseBillingGateway } from '../../shared/adapters/connectwise/billing-gateway.js';
import { ConnectWiseManagedIdGateway } from '../../shared/adapters/connectwise/managed-id-gateway.js';
import { ConnectWiseSetupGateway } from '../../shared/adapters/connectwise/setup-gateway.js';
import { ConnectWiseTicketGateway } from '../../shared/adapters/connectwise/ticket-gateway.js';
import { createConnectWiseClient } from '../../shared/connectwise/index.js';
import { callApi, callControl } from '../helpers/cw-simulator-client.js';

interface JournalEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

let simulator: RunningSimulator;
let managedIds: ConnectWiseManagedIdGateway;
let billing: ConnectWiseBillingGateway;

const [acme, obrien, riverside] = DEMO_CUSTOMERS as [
  (typeof DEMO_CUSTOMERS)[number],
  (typeof DEMO_CUSTOMERS)[number],
  (typeof DEMO_CUSTOMERS)[number],
];

/** API requests the simulator saw since the test began (codebase discovery left out). */
const apiRequests = async (): Promise<JournalEntry[]> =>
  (await callControl<{ requests: JournalEntry[] }>(simulator, 'GET', '/__sim/requests')).body.requests.filter(
    (entry) => !entry.path.startsWith('/login/'),
  );

/** One stored record, read from the simulator's state dump rather than through the adapter. */
const storedRecord = async (collection: string, id: number): Promise<Record<string, unknown> | undefined> => {
  const state = await callControl<Record<string, { id: number }[]>>(simulator, 'GET', '/__sim/state');
  return state.body[collection]?.find((record) => record.id === id);
};

beforeAll(async () => {
  simulator = await startConnectWiseSimulator({ port: 0, seed: 'demo' });
  const api = createConnectWiseClient(
    { ...simulator.credentials, siteUrl: simulator.url },
    { allowPrivateSiteUrl: true },
  );
  managedIds = new ConnectWiseManagedIdGateway(api);
  billing = new ConnectWiseBillingGateway(api);
});

afterAll(async () => {
  await simulator.stop();
});

beforeEach(async () => {
  simulator.reset();
  await callControl(simulator, 'DELETE', '/__sim/requests');
});

describe('ConnectWiseManagedIdGateway', () => {
  describe('listing a customer’s Managed ID records', () => {
    it('lists the records by id with the counters ConnectWise holds, even when created in the wrong order', async () => {
      const records = await managedIds.listSummaryRecords(
        riverside.companyId,
        DEMO_MANAGEMENT_SOLUTION.id,
        riverside.managedId,
      );

      expect(records.length).toBe(2);
      expect(records[0]?.id).toBeLessThan(records[1]?.id ?? 0);
      expect(records).toMatchObject([
        {
          groupIdentifier: riverside.managedId,
          deviceType: 'BackupStats',
          values: { successfulBackupJobs: 120, failedBackupJobs: 2, totalNotifications: 3 },
        },
        {
          groupIdentifier: riverside.managedId,
          deviceType: 'WorkstationsAndServers',
          values: { totalWorkstations: 5, totalServers: 1, totalManagedMachines: 6 },
        },
      ]);
      expect(Object.keys(records[0]?.values ?? {}).sort()).toEqual([
        'failedBackupJobs',
        'successfulBackupJobs',
        'totalNotifications',
      ]);
    });

    it('asks for one page of 1000 with only the record fields and counters', async () => {
      await managedIds.listSummaryRecords(acme.companyId, DEMO_MANAGEMENT_SOLUTION.id, acme.managedId);

      const [request] = await apiRequests();
      expect(request?.path).toBe(`/company/companies/${acme.companyId}/managementSummaryReports`);
      expect(request?.query).toMatchObject({
        conditions: `managementSolution/id = ${DEMO_MANAGEMENT_SOLUTION.id} and groupIdentifier = "${acme.managedId}"`,
        fields:
          'id,groupIdentifier,deviceType,totalServers,totalWorkstations,totalManagedMachines,successfulBackupJobs,failedBackupJobs,totalNotifications',
        pageSize: '1000',
      });
    });

    it('finds nothing under another management solution or another company', async () => {
      const otherSolution = await managedIds.listSummaryRecords(acme.companyId, 999, acme.managedId);
      const otherCompany = await managedIds.listSummaryRecords(
        obrien.companyId,
        DEMO_MANAGEMENT_SOLUTION.id,
        acme.managedId,
      );

      expect(otherSolution).toEqual([]);
      expect(otherCompany).toEqual([]);
    });
  });

  describe('updating counters', () => {
    it('changes only the given counters with one PATCH of exactly their replace operations', async () => {
      const [backup] = await managedIds.listSummaryRecords(
        riverside.companyId,
        DEMO_MANAGEMENT_SOLUTION.id,
        riverside.managedId,
      );
      const recordId = backup?.id ?? 0;
      await callControl(simulator, 'DELETE', '/__sim/requests');

      await managedIds.updateSummaryRecord(riverside.companyId, recordId, {
        failedBackupJobs: 0,
        totalNotifications: 7,
      });

      expect(await storedRecord('managementSummaryReports', recordId)).toMatchObject({
        successfulBackupJobs: 120,
        failedBackupJobs: 0,
        totalNotifications: 7,
        groupIdentifier: riverside.managedId,
      });
      const requests = await apiRequests();
      expect(requests.map((entry) => [entry.method, entry.path])).toEqual([
        ['PATCH', `/company/companies/${riverside.companyId}/managementSummaryReports/${recordId}`],
      ]);
      expect(requests[0]?.body).toEqual([
        { op: 'replace', path: 'failedBackupJobs', value: 0 },
        { op: 'replace', path: 'totalNotifications', value: 7 },
      ]);
    });

    it('sends no request when there is nothing to update', async () => {
      await managedIds.updateSummaryRecord(acme.companyId, 1, {});

      expect(await apiRequests()).toEqual([]);
    });
  });
});

describe('ConnectWiseBillingGateway', () => {
  describe('finding the managed devices integration', () => {
    it('finds the integration whose solution is the management solution’s name', async () => {
      const id = await billing.findIntegrationId(DEMO_MANAGEMENT_SOLUTION.name);

      expect(id).toBe(DEMO_INTEGRATION.id);
      const [request] = await apiRequests();
      expect(request?.query).toMatchObject({
        conditions: `solution = "${DEMO_MANAGEMENT_SOLUTION.name}" or name = "${DEMO_MANAGEMENT_SOLUTION.name}"`,
        fields: 'id,name,solution',
      });
    });

    it('prefers the solution match over an older integration only named after it', async () => {
      await callApi(simulator, {
        method: 'PATCH',
        path: `/company/managedDevicesIntegrations/${DEMO_INTEGRATION.id}`,
        body: [
          { op: 'replace', path: 'name', value: DEMO_MANAGEMENT_SOLUTION.name },
          { op: 'replace', path: 'solution', value: 'Legacy RMM' },
        ],
      });
      const created = await callApi<{ id: number }>(simulator, {
        method: 'POST',
        path: '/company/managedDevicesIntegrations',
        body: {
          name: 'Axcient (new)',
          solution: DEMO_MANAGEMENT_SOLUTION.name,
          loginBy: 'Global',
          defaultBillingLevel: 'Detail',
        },
      });

      expect(await billing.findIntegrationId(DEMO_MANAGEMENT_SOLUTION.name)).toBe(created.body.id);
    });

    it('falls back to the integration named after the solution', async () => {
      expect(await billing.findIntegrationId(DEMO_INTEGRATION.name)).toBe(DEMO_INTEGRATION.id);
    });

    it('answers undefined without a request for a name longer than ConnectWise can store', async () => {
      expect(await billing.findIntegrationId('A'.repeat(31))).toBeUndefined();
      expect(await apiRequests()).toEqual([]);
    });

    it('answers undefined when no integration matches', async () => {
      expect(await billing.findIntegrationId('Some Other RMM')).toBeUndefined();
    });
  });

  describe('cross references', () => {
    it('lists each vendor type with the product it bills through', async () => {
      const references = await billing.listCrossReferences(DEMO_INTEGRATION.id);

      expect(references).toEqual([
        {
          id: 1,
          vendorType: 'BDR',
          vendorLevel: 'Default',
          productId: DEMO_PRODUCTS.cloudStorage.id,
          productIdentifier: DEMO_PRODUCTS.cloudStorage.identifier,
          inactive: false,
        },
        {
          id: 2,
          vendorType: 'Workstation Backup',
          vendorLevel: 'Default',
          productId: DEMO_PRODUCTS.device.id,
          productIdentifier: DEMO_PRODUCTS.device.identifier,
          inactive: false,
        },
      ]);
    });
  });

  describe('agreements', () => {
    it('lists the company’s agreements, open-ended unless an end date is set', async () => {
      expect(await billing.listAgreements(acme.companyId)).toEqual([
        { id: acme.agreementId, name: 'Managed Backup', cancelled: false, endDate: undefined },
      ]);

      await callApi(simulator, {
        method: 'PATCH',
        path: `/finance/agreements/${obrien.agreementId}`,
        body: [
          { op: 'replace', path: 'endDate', value: '2026-12-31T00:00:00Z' },
          { op: 'replace', path: 'cancelledFlag', value: true },
        ],
      });
      expect(await billing.listAgreements(obrien.companyId)).toEqual([
        { id: obrien.agreementId, name: 'Managed Backup', cancelled: true, endDate: '2026-12-31T00:00:00Z' },
      ]);
    });

    it('reports no end date for an agreement flagged as never ending', async () => {
      await callApi(simulator, {
        method: 'PATCH',
        path: `/finance/agreements/${acme.agreementId}`,
        body: [
          { op: 'replace', path: 'endDate', value: '2026-12-31T00:00:00Z' },
          { op: 'replace', path: 'noEndingDateFlag', value: true },
        ],
      });

      const [agreement] = await billing.listAgreements(acme.companyId);
      expect(agreement?.endDate).toBeUndefined();
    });
  });

  describe('additions', () => {
    it('lists the additions with the serial number, the cancelled one with its date, not the flat fee', async () => {
      const additions = await billing.listAdditions([acme.agreementId], acme.managedId);

      expect(additions.map((a) => [a.productIdentifier, a.quantity, a.cancelledDate])).toEqual([
        [DEMO_PRODUCTS.cloudStorage.identifier, 250, undefined],
        [DEMO_PRODUCTS.device.identifier, 6, undefined],
        [DEMO_PRODUCTS.device.identifier, 3, '2024-06-30T00:00:00Z'],
      ]);
      expect(
        additions.every((a) => a.agreementId === acme.agreementId && a.serialNumber === acme.managedId),
      ).toBe(true);
      expect(additions.some((a) => a.productId === DEMO_PRODUCTS.flatFee.id)).toBe(false);
    });

    it('reads each agreement once and returns only the additions with that serial number', async () => {
      const additions = await billing.listAdditions([acme.agreementId, obrien.agreementId], obrien.managedId);

      expect(new Set(additions.map((a) => a.agreementId))).toEqual(new Set([obrien.agreementId]));
      const requests = await apiRequests();
      expect(requests.map((entry) => entry.path)).toEqual([
        `/finance/agreements/${acme.agreementId}/additions`,
        `/finance/agreements/${obrien.agreementId}/additions`,
      ]);
      expect(requests[0]?.query.conditions).toBe(`serialNumber = "${obrien.managedId}"`);
    });

    it('updates quantity and invoice text only, leaving lessIncluded and unitPrice untouched', async () => {
      const [storage] = await billing.listAdditions([acme.agreementId], acme.managedId);
      const additionId = storage?.id ?? 0;
      // Some included quantity, so that keeping it is observable (the seed sets none).
      await callApi(simulator, {
        method: 'PATCH',
        path: `/finance/agreements/${acme.agreementId}/additions/${additionId}`,
        body: [{ op: 'replace', path: 'lessIncluded', value: 50 }],
      });
      await callControl(simulator, 'DELETE', '/__sim/requests');

      await billing.updateAddition(acme.agreementId, additionId, {
        quantity: 412,
        invoiceDescription: 'Cloud backup storage: 412 GB',
      });

      expect(await storedRecord('additions', additionId)).toMatchObject({
        quantity: 412,
        invoiceDescription: 'Cloud backup storage: 412 GB',
        unitPrice: 0.25,
        lessIncluded: 50,
        serialNumber: acme.managedId,
      });
      const requests = await apiRequests();
      expect(requests.map((entry) => [entry.method, entry.path])).toEqual([
        ['PATCH', `/finance/agreements/${acme.agreementId}/additions/${additionId}`],
      ]);
      expect(requests[0]?.body).toEqual([
        { op: 'replace', path: 'quantity', value: 412 },
        { op: 'replace', path: 'invoiceDescription', value: 'Cloud backup storage: 412 GB' },
      ]);
    });

    it('sends only the quantity when only the quantity changes', async () => {
      await billing.updateAddition(acme.agreementId, 1, { quantity: 7 });

      const [request] = await apiRequests();
      expect(request?.body).toEqual([{ op: 'replace', path: 'quantity', value: 7 }]);
    });

    it('sends no request when there is nothing to update', async () => {
      await billing.updateAddition(acme.agreementId, 1, {});

      expect(await apiRequests()).toEqual([]);
    });
  });
});

describe('ConnectWiseTicketGateway against the simulator', () => {
  it('opens a ticket with the priority given, and without one when none is', async () => {
    const tickets = new ConnectWiseTicketGateway(
      createConnectWiseClient(
        { ...simulator.credentials, siteUrl: simulator.url },
        { allowPrivateSiteUrl: true },
      ),
    );
    const ticket = {
      summary: 'Backup failed',
      description: 'It failed',
      companyId: acme.companyId,
      boardId: DEMO_BOARDS.backupAlerts.id,
      statusId: DEMO_STATUSES.backupAlertsNew.id,
    };
    const urgent = await tickets.createTicket({ ...ticket, externalXRef: 'prio-1', priorityId: 4 });
    const plain = await tickets.createTicket({ ...ticket, externalXRef: 'prio-2' });

    expect((await storedRecord('tickets', urgent.id))?.priority).toMatchObject({ id: 4 });
    expect((await storedRecord('tickets', plain.id))?.priority).toBeUndefined();
  });
});

describe('ConnectWiseSetupGateway against the simulator', () => {
  const setup = () =>
    new ConnectWiseSetupGateway(
      createConnectWiseClient(
        { ...simulator.credentials, siteUrl: simulator.url },
        { allowPrivateSiteUrl: true },
      ),
    );

  it('reads the management solution, the integration and how the cross-referenced products are priced', async () => {
    const gateway = setup();
    await expect(gateway.checkAccess()).resolves.toBeUndefined();
    expect(await gateway.findManagementSolutions(DEMO_MANAGEMENT_SOLUTION.name)).toEqual([
      {
        id: DEMO_MANAGEMENT_SOLUTION.id,
        name: DEMO_MANAGEMENT_SOLUTION.name,
        type: 'Custom',
        customName: DEMO_MANAGEMENT_SOLUTION.name,
      },
    ]);
    expect(await gateway.findIntegrations(DEMO_MANAGEMENT_SOLUTION.name)).toEqual([
      expect.objectContaining({
        id: DEMO_INTEGRATION.id,
        matchOnSerialNumber: true,
        disableNewCrossReferences: true,
        loginBy: 'Global',
        defaultBillingLevel: 'Detail',
      }),
    ]);
    const products = await gateway.listProducts([DEMO_PRODUCTS.flatFee.id, DEMO_PRODUCTS.device.id, 999]);
    expect(products.map((p) => [p.identifier, p.priceAttribute]).sort()).toEqual([
      [DEMO_PRODUCTS.device.identifier, 'OverrideRate'],
      [DEMO_PRODUCTS.flatFee.identifier, 'FixedFee'],
    ]);
    // Every read is a GET.
    expect((await apiRequests()).every((entry) => entry.method === 'GET')).toBe(true);
  });

  it('throws the 401 when the keys are wrong', async () => {
    const gateway = new ConnectWiseSetupGateway(
      createConnectWiseClient(
        { ...simulator.credentials, privateKey: 'wrong', siteUrl: simulator.url },
        { allowPrivateSiteUrl: true },
      ),
    );
    await expect(gateway.checkAccess()).rejects.toMatchObject({
      name: 'ConnectWiseAuthError',
      request: { httpStatus: 401 },
    });
  });
});
