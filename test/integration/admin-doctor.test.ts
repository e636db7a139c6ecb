import { randomUUID } from 'node:crypto';
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
import { demoServiceCatalogue } from '../../local/demo-tenant.js';
import { documentClient } from '../../shared/adapters/aws/clients.js';
import { DynamoDbUnmappedCustomers } from '../../shared/adapters/aws/dynamodb-unmapped-customers.js';
import { DynamoDbUsageStore } from '../../shared/adapters/aws/dynamodb-usage-store.js';
import { allowPrivateSiteUrlEnvVar } from '../../shared/adapters/connectwise/connectwise-access.js';
import type { DoctorFinding, DoctorReport } from '../../shared/operations/doctor.js';
import { tables } from '../../shared/resources.js';
import { type AdminHandler, callAdmin, loadAdminHandler } from '../helpers/admin-calls.js';
import { callApi } from '../helpers/cw-simulator-client.js';

const runId = randomUUID().slice(0, 8);
let simulator: RunningSimulator;
let handler: AdminHandler;
let adminToken: string;
let usage: DynamoDbUsageStore;
let unmapped: DynamoDbUnmappedCustomers;

const mapped = DEMO_CUSTOMERS.map((customer) => ({
  customerId: String(customer.portalCustomerId),
  customerName: customer.name,
}));
const acme = mapped[0] ?? { customerId: '', customerName: '' };
const wrongOrder = DEMO_CUSTOMERS.find((customer) => customer.recordsInWrongOrder);

/** A partner configured against the simulator's demo tenant, with `changes` applied to its connectWise block. */
const aPartner = async (changes: { connectWise?: Record<string, string> } = {}): Promise<string> => {
  const partnerId = `doc-${runId}-${randomUUID().slice(0, 6)}`;
  const { credentials } = simulator;
  const saved = await callAdmin(handler, {
    method: 'PUT',
    path: `/v1/admin/partners/${partnerId}`,
    token: adminToken,
    body: {
      connectWise: {
        siteUrl: simulator.url,
        companyId: credentials.companyId,
        clientId: credentials.clientId,
        managementSolutionName: DEMO_MANAGEMENT_SOLUTION.name,
        publicKey: credentials.publicKey,
        privateKey: credentials.privateKey,
        ...changes.connectWise,
      },
      webhookSecret: 'generate',
      // A quick pace: the doctor's reads are paced like every other ConnectWise call.
      settings: { ticketBoard: DEMO_BOARDS.backupAlerts.name, connectWiseRequestsPerSecond: 50 },
      serviceCatalogue: demoServiceCatalogue,
    },
  });
  expect(saved.status).toBe(201);
  const rules = await callAdmin(handler, {
    method: 'PUT',
    path: `/v1/admin/partners/${partnerId}/notifications`,
    token: adminToken,
    body: { rules: [{ action: 'ticket', severities: ['error'], eventTypes: 'all' }] },
  });
  expect(rules.status).toBe(200);
  for (const customer of mapped) {
    await usage.registerCustomer(partnerId, {
      ...customer,
      lastUsageAt: '2026-12-01T00:00:00Z',
      accountId: `EFS${customer.customerId}01`,
    });
  }
  return partnerId;
};

const doctor = async (partnerId: string): Promise<DoctorReport> => {
  const response = await callAdmin(handler, {
    method: 'GET',
    path: `/v1/admin/partners/${partnerId}/doctor`,
    token: adminToken,
  });
  expect(response.status).toBe(200);
  return response.json as unknown as DoctorReport;
};

const failing = (report: DoctorReport): DoctorFinding[] =>
  report.findings.filter((finding) => finding.status === 'fail');

/** The one finding of `check` with this status; fails the test when there is none or several. */
const theFinding = (report: DoctorReport, check: string, status: DoctorFinding['status']): DoctorFinding => {
  const matches = report.findings.filter((finding) => finding.check === check && finding.status === status);
  expect(matches, JSON.stringify(report.findings, null, 2)).toHaveLength(1);
  return matches[0] as DoctorFinding;
};

const api = async (method: string, path: string, body?: unknown) => {
  const result = await callApi(simulator, { method, path, ...(body !== undefined && { body }) });
  expect(result.status, `${method} ${path}`).toBeLessThan(300);
  return result.body;
};

beforeAll(async () => {
  simulator = await startConnectWiseSimulator({ port: 0, seed: 'demo', conformanceLog: null });
  process.env[allowPrivateSiteUrlEnvVar] = 'true';
  let env: Record<string, string>;
  ({ env, adminToken, handler } = await loadAdminHandler(`doc-${runId}`));
  usage = new DynamoDbUsageStore(documentClient, env[tables.state.envVar] ?? '');
  unmapped = new DynamoDbUnmappedCustomers(documentClient, env[tables.state.envVar] ?? '');
});

beforeEach(() => {
  simulator.reset();
});

afterAll(async () => {
  await simulator?.stop();
});

describe('GET /v1/admin/partners/{partnerId}/doctor', () => {
  it('finds nothing failing in the seeded tenant, and warns of the customer whose Managed ID entries are reversed', async () => {
    const partnerId = await aPartner();
    const journalBefore = simulator.journal().length;

    const report = await doctor(partnerId);

    expect(failing(report)).toEqual([]);
    expect(report.status).toBe('warn');
    for (const check of [
      'connectwise-keys',
      'connectwise-client-id',
      'management-solution',
      'ticket-board',
      'ticket-status',
      'managed-devices-integration',
      'match-on-serial-number',
      'flat-fee-products',
    ]) {
      theFinding(report, check, 'ok');
    }
    expect(report.findings.filter((f) => f.check === 'cross-references' && f.status === 'ok')).toHaveLength(
      demoServiceCatalogue.length,
    );
    const order = theFinding(report, 'managed-id-order', 'warn');
    expect(order.customerId).toBe(String(wrongOrder?.portalCustomerId));
    expect(order.fix).toMatch(/Workstations and Servers first, Backup Stats second/);
    expect(report.customers).toEqual({ checked: mapped.length, complete: true });
    // Reads only: the doctor never writes to ConnectWise.
    const writes = simulator
      .journal()
      .slice(journalBefore)
      .filter((entry) => entry.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('fails the keys check, with the fix, when the private key is wrong', async () => {
    const partnerId = await aPartner({ connectWise: { privateKey: 'not-the-key' } });
    const report = await doctor(partnerId);
    expect(report.status).toBe('fail');
    const keys = theFinding(report, 'connectwise-keys', 'fail');
    expect(keys.detail).toMatch(/401/);
    expect(keys.fix).toMatch(/API Members/);
    expect(report.findings).toHaveLength(1);
  });

  it('fails the clientId check when ConnectWise refuses the clientId, and passes the keys', async () => {
    const partnerId = await aPartner({ connectWise: { clientId: '11111111-1111-4111-8111-111111111111' } });
    const report = await doctor(partnerId);
    theFinding(report, 'connectwise-keys', 'ok');
    expect(theFinding(report, 'connectwise-client-id', 'fail').fix).toMatch(/clientId/);
  });

  it('fails the management solution check when no solution has the configured name', async () => {
    const partnerId = await aPartner({ connectWise: { managementSolutionName: 'Backup Vendor X' } });
    const report = await doctor(partnerId);
    const solution = theFinding(report, 'management-solution', 'fail');
    expect(solution.detail).toContain('"Backup Vendor X"');
    expect(solution.fix).toMatch(/Management IT Solution List.*select Custom/);
    theFinding(report, 'managed-devices-integration', 'fail');
  });

  it('fails the management solution check when the solution is not of type Custom', async () => {
    await api('PATCH', `/company/managementItSolutions/${DEMO_MANAGEMENT_SOLUTION.id}`, [
      { op: 'replace', path: 'managementItSolutionType', value: 'NAble' },
    ]);
    const partnerId = await aPartner();
    const report = await doctor(partnerId);
    expect(theFinding(report, 'management-solution', 'fail').detail).toMatch(/NAble, not Custom/);
  });

  it('fails the status check when the board has no Not Responded status', async () => {
    const status = DEMO_STATUSES.backupAlertsNew;
    await api('PATCH', `/service/boards/${status.boardId}/statuses/${status.id}`, [
      { op: 'replace', path: 'escalationStatus', value: 'Responded' },
    ]);
    const partnerId = await aPartner();
    const report = await doctor(partnerId);
    const found = theFinding(report, 'ticket-status', 'fail');
    expect(found.detail).toContain(DEMO_BOARDS.backupAlerts.name);
    expect(found.fix).toMatch(/External Integration XRef .* Not Responded/);
  });

  it('fails the match-on-serial-number check when the integration does not match on serial numbers', async () => {
    await api('PATCH', `/company/managedDevicesIntegrations/${DEMO_INTEGRATION.id}`, [
      { op: 'replace', path: 'matchOnSerialNumberFlag', value: false },
    ]);
    const partnerId = await aPartner();
    const report = await doctor(partnerId);
    expect(theFinding(report, 'match-on-serial-number', 'fail').fix).toMatch(/Match on Serial Number/);
  });

  it("fails the cross-reference check for a catalogue service whose cross-reference was deleted, and warns of the customers' additions left on it", async () => {
    const [, workstation] = DEMO_INTEGRATION.crossReferences;
    await api(
      'DELETE',
      `/company/managedDevicesIntegrations/${DEMO_INTEGRATION.id}/crossReferences/${workstation?.id}`,
    );
    const partnerId = await aPartner();
    const report = await doctor(partnerId);
    const missing = theFinding(report, 'cross-references', 'fail');
    expect(missing.detail).toContain(`"${workstation?.vendorType}"`);
    expect(missing.fix).toMatch(/Cross-References tab .*New/);
    const left = report.findings.filter((f) => f.check === 'addition-serial-number' && f.status === 'warn');
    expect(left.map((f) => f.customerId).sort()).toEqual(mapped.map((c) => c.customerId).sort());
  });

  it('fails the flat-fee check when the fixed-fee product is cross-referenced', async () => {
    await api('POST', `/company/managedDevicesIntegrations/${DEMO_INTEGRATION.id}/crossReferences`, {
      vendorType: 'Management Fee',
      vendorLevel: 'Default',
      agreementType: { id: 1, name: 'Managed Services' },
      product: { id: DEMO_PRODUCTS.flatFee.id },
    });
    const partnerId = await aPartner();
    const report = await doctor(partnerId);
    const flat = theFinding(report, 'flat-fee-products', 'fail');
    expect(flat.detail).toContain(DEMO_PRODUCTS.flatFee.identifier);
    expect(flat.fix).toMatch(/Do not cross-reference the fixed or flat fee product/);
  });

  it('fails the serial number check for a customer none of whose additions carries its Managed ID', async () => {
    const customer = DEMO_CUSTOMERS[0];
    const additions = (await api(
      'GET',
      `/finance/agreements/${customer?.agreementId}/additions?conditions=${encodeURIComponent(`serialNumber="${customer?.managedId}"`)}`,
    )) as { id: number }[];
    expect(additions.length).toBeGreaterThan(0);
    for (const addition of additions) {
      await api('PATCH', `/finance/agreements/${customer?.agreementId}/additions/${addition.id}`, [
        { op: 'replace', path: 'serialNumber', value: '' },
      ]);
    }
    const partnerId = await aPartner();
    const report = await doctor(partnerId);
    const serial = theFinding(report, 'addition-serial-number', 'fail');
    expect(serial.customerId).toBe(acme.customerId);
    expect(serial.fix).toContain(`enter ${customer?.managedId} in the SerialNumber field`);
  });

  it('fails the Managed ID check for a customer whose Backup Stats entry was deleted', async () => {
    const customer = DEMO_CUSTOMERS[0];
    const records = (await api(
      'GET',
      `/company/companies/${customer?.companyId}/managementSummaryReports`,
    )) as { id: number; deviceType: string }[];
    const backupStats = records.find((record) => record.deviceType === 'BackupStats');
    await api(
      'DELETE',
      `/company/companies/${customer?.companyId}/managementSummaryReports/${backupStats?.id}`,
    );
    const partnerId = await aPartner();
    const report = await doctor(partnerId);
    const found = theFinding(report, 'managed-id-records', 'fail');
    expect(found.detail).toMatch(/no Backup Stats entry/);
    expect(found.fix).toMatch(/Device Type Backup Stats/);
  });

  it('lists an unmapped customer with the events to reprocess', async () => {
    const partnerId = await aPartner();
    for (const eventId of ['evt-b', 'evt-a', 'evt-b']) {
      await unmapped.note(partnerId, {
        customerId: '777001',
        customerName: 'Late Setup Dental',
        managedId: 'EFS-777001',
        eventId,
        at: new Date().toISOString(),
      });
    }
    const report = await doctor(partnerId);
    const found = theFinding(report, 'unmapped-customers', 'fail');
    expect(found).toMatchObject({ customerId: '777001', eventIds: ['evt-a', 'evt-b'] });
    expect(found.detail).toContain('EFS-777001');
    expect(found.fix).toContain(`cwbridge reprocess evt-a --partner ${partnerId}`);
  });
});
