import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_MANAGEMENT_SOLUTION } from '../../cw-simulator/demo-seed.js';
import { type RunningSimulator, startConnectWiseSimulator } from '../../cw-simulator/server.js';
import { callApi } from '../helpers/cw-simulator-client.js';

interface Addition {
  id: number;
  agreementId: number;
  quantity: number;
  serialNumber?: string;
  invoiceDescription?: string;
}

let simulator: RunningSimulator;
const customer = DEMO_CUSTOMERS[1] ?? DEMO_CUSTOMERS[0];
const agreementId = customer?.agreementId ?? 0;

const activeAdditionsOf = async (serialNumber: string): Promise<Addition[]> =>
  (
    await callApi<Addition[]>(simulator, {
      path: `/finance/agreements/${agreementId}/additions?conditions=${encodeURIComponent(
        `serialNumber = "${serialNumber}" and cancelledDate = null`,
      )}&orderBy=${encodeURIComponent('id asc')}`,
    })
  ).body;

beforeAll(async () => {
  // One request here breaks the subset on purpose; it stays out of the run's conformance log.
  simulator = await startConnectWiseSimulator({ conformanceLog: null });
});

afterAll(async () => {
  await simulator.stop();
});

beforeEach(() => {
  simulator.reset();
});

describe('ConnectWise simulator child records', () => {
  describe('agreement additions', () => {
    it('updates a quantity and invoice description by PATCH and keeps the addition under its agreement', async () => {
      const [addition] = await activeAdditionsOf(customer?.managedId ?? '');
      const patched = await callApi<Addition>(simulator, {
        method: 'PATCH',
        path: `/finance/agreements/${agreementId}/additions/${addition?.id}`,
        body: [
          { op: 'replace', path: 'quantity', value: 412 },
          { op: 'replace', path: 'invoiceDescription', value: 'Cloud backup storage: 412 GB' },
        ],
      });
      expect(patched.body).toMatchObject({ id: addition?.id, agreementId, quantity: 412 });
      const reread = await activeAdditionsOf(customer?.managedId ?? '');
      expect(reread.find((item) => item.id === addition?.id)?.invoiceDescription).toBe(
        'Cloud backup storage: 412 GB',
      );
    });

    it('answers 404 for an addition asked for under another agreement', async () => {
      const [addition] = await activeAdditionsOf(customer?.managedId ?? '');
      const result = await callApi(simulator, {
        path: `/finance/agreements/${agreementId + 1}/additions/${addition?.id}`,
      });
      expect(result.status).toBe(404);
    });

    it('rejects a serialNumber longer than 50 characters', async () => {
      const result = await callApi<{ errors: { field: string }[] }>(simulator, {
        method: 'POST',
        path: `/finance/agreements/${agreementId}/additions`,
        body: { product: { id: 1 }, billCustomer: 'Billable', serialNumber: 'S'.repeat(51) },
        violatesSubset: true,
      });
      expect(result.status).toBe(400);
      expect(result.body.errors.map((error) => error.field)).toEqual(['serialNumber']);
    });
  });

  describe('agreement additions as the billing sync reads and writes them', () => {
    it('answers 400 naming the operation for a PATCH of a field additions do not have', async () => {
      const [addition] = await activeAdditionsOf(customer?.managedId ?? '');
      const result = await callApi<{ code: string; errors: { field: string; message: string }[] }>(
        simulator,
        {
          method: 'PATCH',
          path: `/finance/agreements/${agreementId}/additions/${addition?.id}`,
          body: [
            { op: 'replace', path: 'quantity', value: 9 },
            { op: 'replace', path: 'billedQuantityTotal', value: 9 },
          ],
        },
      );
      expect(result.status).toBe(400);
      expect(result.body.errors).toMatchObject([{ field: '[1]' }]);
      expect(result.body.errors[0]?.message).toContain('billedQuantityTotal');
      const reread = await activeAdditionsOf(customer?.managedId ?? '');
      expect(reread.find((item) => item.id === addition?.id)?.quantity).toBe(addition?.quantity);
    });

    it('re-validates the patched addition: an invoice description over 6000 characters is rejected', async () => {
      const [addition] = await activeAdditionsOf(customer?.managedId ?? '');
      const result = await callApi<{ errors: { field: string }[] }>(simulator, {
        method: 'PATCH',
        path: `/finance/agreements/${agreementId}/additions/${addition?.id}`,
        body: [{ op: 'replace', path: 'invoiceDescription', value: 'x'.repeat(6001) }],
      });
      expect(result.status).toBe(400);
      expect(result.body.errors.map((error) => error.field)).toEqual(['invoiceDescription']);
    });

    it('rejects a quantity that is not a number', async () => {
      const [addition] = await activeAdditionsOf(customer?.managedId ?? '');
      const result = await callApi<{ errors: { field: string }[] }>(simulator, {
        method: 'PATCH',
        path: `/finance/agreements/${agreementId}/additions/${addition?.id}`,
        body: [{ op: 'replace', path: 'quantity', value: 'twelve' }],
      });
      expect(result.status).toBe(400);
      expect(result.body.errors.map((error) => error.field)).toEqual(['quantity']);
    });

    it('returns the product reference with its id and identifier when fields names only product', async () => {
      const result = await callApi<Record<string, unknown>[]>(simulator, {
        path: `/finance/agreements/${agreementId}/additions?fields=id,product&pageSize=1`,
      });
      expect(result.body).toEqual([
        {
          id: expect.any(Number),
          product: expect.objectContaining({ id: 1, identifier: 'BDR-CLOUD-GB' }),
        },
      ]);
    });
  });

  describe('management summary reports', () => {
    it('replaces a report with PUT, keeping its company', async () => {
      const reports = await callApi<{ id: number; deviceType: string }[]>(simulator, {
        path: `/company/companies/${customer?.companyId}/managementSummaryReports`,
      });
      const backup = reports.body.find((report) => report.deviceType === 'BackupStats');
      const put = await callApi<{ company: { id: number }; failedBackupJobs: number }>(simulator, {
        method: 'PUT',
        path: `/company/companies/${customer?.companyId}/managementSummaryReports/${backup?.id}`,
        body: {
          groupIdentifier: customer?.managedId,
          deviceType: 'BackupStats',
          managementSolution: { id: DEMO_MANAGEMENT_SOLUTION.id },
          failedBackupJobs: 9,
        },
      });
      expect(put.body).toMatchObject({ company: { id: customer?.companyId }, failedBackupJobs: 9 });
    });
  });

  describe('deleting a record others hang under', () => {
    it('answers 409 Conflict like ConnectWise does for a record in use', async () => {
      const result = await callApi<{ code: string }>(simulator, {
        method: 'DELETE',
        path: `/company/companies/${customer?.companyId}`,
      });
      expect(result.status).toBe(409);
      expect(result.body.code).toBe('Conflict');
    });
  });
});
