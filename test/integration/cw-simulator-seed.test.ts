import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_BOARDS,
  DEMO_CUSTOMERS,
  DEMO_INTEGRATION,
  DEMO_MANAGEMENT_SOLUTION,
  DEMO_MEMBER,
  DEMO_PRODUCTS,
  DEMO_UNMAPPED_COMPANY,
} from '../../cw-simulator/demo-seed.js';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { callApi } from '../helpers/cw-simulator-client.js';

interface Summary {
  id: number;
  groupIdentifier: string;
  deviceType: string;
  managementSolution: { id: number; name: string };
}

interface Addition {
  serialNumber?: string;
  cancelledDate?: string;
  product: { id: number; identifier: string };
}

let simulator: RunningSimulator;

const get = async <T>(path: string): Promise<T> => (await callApi<T>(simulator, { path })).body;
const where = (conditions: string): string => `conditions=${encodeURIComponent(conditions)}`;

beforeAll(async () => {
  simulator = await startConnectWiseSimulator({ seed: 'demo' });
});

afterAll(async () => {
  await simulator.stop();
});

describe('ConnectWise simulator demo seed', () => {
  describe('ticket boards', () => {
    it('has Backup Alerts and Escalations, each with one NotResponded status', async () => {
      for (const board of Object.values(DEMO_BOARDS)) {
        const statuses = await get<{ name: string }[]>(
          `/service/boards/${board.id}/statuses?${where('escalationStatus = "NotResponded"')}`,
        );
        expect(statuses.map((status) => status.name)).toEqual(['New']);
      }
      const closing = await get<{ name: string }[]>(
        `/service/boards/${DEMO_BOARDS.backupAlerts.id}/statuses?${where('closedStatus = true')}`,
      );
      expect(closing.map((status) => status.name)).toEqual(['Resolved']);
    });
  });

  describe('customers', () => {
    it.each(DEMO_CUSTOMERS.map((customer) => [customer.identifier, customer]))(
      '%s has WorkstationsAndServers and BackupStats records under its Managed ID, in the seeded order',
      async (_identifier, customer) => {
        const company = await get<{ name: string }>(`/company/companies/${customer.companyId}`);
        expect(company.name).toBe(customer.name);
        const summaries = await get<Summary[]>(
          `/company/companies/${customer.companyId}/managementSummaryReports?${where(`groupIdentifier = "${customer.managedId}"`)}`,
        );
        const expectedOrder = ['WorkstationsAndServers', 'BackupStats'];
        expect(summaries.map((summary) => summary.deviceType)).toEqual(
          customer.recordsInWrongOrder ? [...expectedOrder].reverse() : expectedOrder,
        );
        expect(
          summaries.every((summary) => summary.managementSolution.name === DEMO_MANAGEMENT_SOLUTION.name),
        ).toBe(true);
      },
    );

    it('finds the company named with quotes by an escaped condition', async () => {
      const found = await get<{ identifier: string }[]>(
        `/company/companies?${where(`name = "O'Brien \\"IT\\" & Sons"`)}`,
      );
      expect(found.map((company) => company.identifier)).toEqual(['OBrienIT']);
    });

    it('has agreement additions by serial number for the cross-referenced products, one cancelled', async () => {
      const customer = DEMO_CUSTOMERS[0];
      const agreements = await get<{ id: number }[]>(
        `/finance/agreements?${where(`company/id = ${customer?.companyId}`)}`,
      );
      expect(agreements.map((agreement) => agreement.id)).toEqual([customer?.agreementId]);
      const additions = await get<Addition[]>(
        `/finance/agreements/${customer?.agreementId}/additions?${where(`serialNumber = "${customer?.managedId}"`)}`,
      );
      const active = additions.filter((addition) => addition.cancelledDate === undefined);
      expect(active.map((addition) => addition.product.identifier).sort()).toEqual([
        DEMO_PRODUCTS.cloudStorage.identifier,
        DEMO_PRODUCTS.device.identifier,
      ]);
      expect(additions.length - active.length).toBe(1);
      const all = await get<Addition[]>(`/finance/agreements/${customer?.agreementId}/additions`);
      expect(all.some((addition) => addition.product.identifier === DEMO_PRODUCTS.flatFee.identifier)).toBe(
        true,
      );
    });

    it('has an unmapped company and enough companies to need several pages of 10', async () => {
      const unmapped = await get<unknown[]>(
        `/company/companies/${DEMO_UNMAPPED_COMPANY.id}/managementSummaryReports`,
      );
      expect(unmapped).toEqual([]);
      const page = await callApi<unknown[]>(simulator, { path: '/company/companies?pageSize=10' });
      expect(page.headers.get('link')).toContain('rel="next"');
    });
  });

  describe('integration setup', () => {
    it('cross-references BDR and Workstation Backup to their products', async () => {
      const references = await get<{ vendorType: string; product: { identifier: string } }[]>(
        `/company/managedDevicesIntegrations/${DEMO_INTEGRATION.id}/crossReferences`,
      );
      expect(references.map((reference) => [reference.vendorType, reference.product.identifier])).toEqual([
        ['BDR', DEMO_PRODUCTS.cloudStorage.identifier],
        ['Workstation Backup', DEMO_PRODUCTS.device.identifier],
      ]);
    });

    it('has a managed devices integration whose solution is the management solution', async () => {
      const integrations = await get<{ id: number; name: string; solution: string }[]>(
        `/company/managedDevicesIntegrations?${where(`solution = "${DEMO_MANAGEMENT_SOLUTION.name}"`)}`,
      );
      expect(integrations).toMatchObject([{ id: DEMO_INTEGRATION.id, name: DEMO_INTEGRATION.name }]);
    });

    it('has the Custom management solution and the API member', async () => {
      const solutions = await get<{ name: string; managementItSolutionType: string }[]>(
        `/company/managementItSolutions?${where(`name = "${DEMO_MANAGEMENT_SOLUTION.name}"`)}`,
      );
      expect(solutions).toMatchObject([{ managementItSolutionType: 'Custom' }]);
      const members = await get<{ identifier: string }[]>(`/system/members?${where('licenseClass = "A"')}`);
      expect(members.map((member) => member.identifier)).toEqual([DEMO_MEMBER.identifier]);
    });

    it('creates a customer through the API like ConnectWise, usable right away', async () => {
      const company = await callApi<{ id: number }>(simulator, {
        method: 'POST',
        path: '/company/companies',
        body: { identifier: 'NewCustomer', name: 'New Customer' },
      });
      const summary = await callApi<Summary>(simulator, {
        method: 'POST',
        path: `/company/companies/${company.body.id}/managementSummaryReports`,
        body: {
          groupIdentifier: 'EFS-55555',
          deviceType: 'BackupStats',
          managementSolution: { id: DEMO_MANAGEMENT_SOLUTION.id },
        },
      });
      expect(summary.status).toBe(201);
      expect(summary.body.managementSolution.name).toBe(DEMO_MANAGEMENT_SOLUTION.name);
    });
  });
});
