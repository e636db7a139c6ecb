import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../cw-simulator/demo-seed.js';
import { demoServiceCatalogue } from '../../local/demo-tenant.js';
import { createLambdaContext } from '../../local/lambda-context.js';
import { type BatchOutcome, startQueuePoller } from '../../local/queue-poller.js';
import { toScheduledEvent } from '../../local/scheduler.js';
import { DynamoDbBillingReports } from '../../shared/adapters/aws/dynamodb-billing-reports.js';
import { DynamoDbStateCache, DynamoDbSyncMarkers } from '../../shared/adapters/aws/dynamodb-state-cache.js';
import { DynamoDbUsageStore } from '../../shared/adapters/aws/dynamodb-usage-store.js';
import {
  connectWiseAccessEnvSchema,
  createConnectWiseAccess,
} from '../../shared/adapters/connectwise/connectwise-access.js';
import type { BillingPreview } from '../../shared/billing/billing-report.js';
import { previewBilling } from '../../shared/billing/preview-billing.js';
import { type CustomerReconciliation, reconcileCustomer } from '../../shared/billing/reconcile-customer.js';
import type { PartnerConfig } from '../../shared/domain/partner-config.js';
import type { BillingRunReport } from '../../shared/ports/billing-reports.js';
import { billingQueue, tables } from '../../shared/resources.js';
import { type BillingCustomer, createBillingCustomer } from '../helpers/billing-customers.js';
import { apiHeaders, callApi, callControl } from '../helpers/cw-simulator-client.js';
import { type SyncEnvironment, startSyncEnvironment, writesAmong } from '../helpers/sync-environment.js';
import { anAccountUsage } from '../helpers/usage-factories.js';

const partnerId = 'billing-reconcile';
const now = '2026-11-30T12:00:00.000Z';
let world: SyncEnvironment;
const sqs = new SQSClient({});
let partner: PartnerConfig;
let deps: Parameters<typeof previewBilling>[0];
const customers: Record<
  'quantity' | 'description' | 'deleted' | 'duplicated' | 'cancelled',
  BillingCustomer
> = {} as never;

interface Addition {
  id: number;
  quantity?: number;
  invoiceDescription?: string;
}

const additionOf = async (customer: BillingCustomer, additionId: number): Promise<Addition> =>
  (
    await callApi<Addition>(world.simulator, {
      path: `/finance/agreements/${customer.agreementId}/additions/${additionId}`,
    })
  ).body;

const patch = (path: string, operations: unknown[]) =>
  callApi(world.simulator, { method: 'PATCH', path, body: operations });

/** Reconciles every customer in `apply` mode, one after the other. */
const applyAll = async (): Promise<CustomerReconciliation[]> => {
  const gateways = await deps.connectWise(partner);
  const results: CustomerReconciliation[] = [];
  for (const customer of Object.values(customers)) {
    results.push(
      await reconcileCustomer(deps, {
        partner,
        customer: { customerId: customer.portalCustomerId, customerName: customer.name },
        gateways,
        now,
        mode: 'apply',
      }),
    );
  }
  return results;
};

const classesOf = (preview: BillingPreview, customer: BillingCustomer): string[] =>
  (preview.customers.find((c) => c.customerId === customer.portalCustomerId)?.findings ?? [])
    .map((finding) => finding.driftClass)
    .sort();

beforeAll(async () => {
  world = await startSyncEnvironment({
    partnerId,
    configure: (config) => ({
      ...config,
      settings: { ...config.settings, updateInvoiceDescriptions: true, connectWiseRequestsPerSecond: 100 },
      serviceCatalogue: [...demoServiceCatalogue],
    }),
  });
  partner = (await world.partners.getConfig(partnerId)) as PartnerConfig;
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const stateTable = world.env[tables.state.envVar] ?? '';
  const usage = new DynamoDbUsageStore(documentClient, stateTable);
  deps = {
    partners: world.partners,
    usage,
    cache: new DynamoDbStateCache(documentClient, stateTable),
    markers: new DynamoDbSyncMarkers(documentClient, stateTable),
    connectWise: createConnectWiseAccess({
      env: connectWiseAccessEnvSchema.parse(process.env),
      stateTableName: stateTable,
      remainingTimeMs: () => 60_000,
    }).connectWise,
    remainingSeconds: () => 60,
    remainingMs: () => 60_000,
    now: () => new Date(now),
  };
  const names = ['quantity', 'description', 'deleted', 'duplicated', 'cancelled'] as const;
  for (const [index, name] of names.entries()) {
    const portalCustomerId = String(70_000 + index);
    customers[name] = await createBillingCustomer(world.simulator, {
      portalCustomerId,
      name: `Drift ${name}`,
      storageGb: 1,
      devices: 1,
    });
    const account = (suffix: string, service: string) =>
      anAccountUsage({
        accountId: `EFS${portalCustomerId}${suffix}`,
        service,
        plan: 'Default',
        occurredAt: now,
      });
    for (const usageOfAccount of [account('01', 'BDR'), account('02', 'Workstation Backup')]) {
      await usage.registerCustomer(partnerId, {
        customerId: portalCustomerId,
        customerName: `Drift ${name}`,
        lastUsageAt: now,
        accountId: usageOfAccount.accountId,
      });
      await usage.putSnapshot(partnerId, portalCustomerId, usageOfAccount);
    }
  }
  // Bring every customer in line, then drift each one a different way.
  await applyAll();
  const { quantity, description, deleted, duplicated, cancelled } = customers;
  const additionsPath = (customer: BillingCustomer) =>
    `/finance/agreements/${customer.agreementId}/additions`;
  await patch(`${additionsPath(quantity)}/${quantity.storageAdditionId}`, [
    { op: 'replace', path: 'quantity', value: 999 },
  ]);
  await patch(`${additionsPath(description)}/${description.storageAdditionId}`, [
    { op: 'replace', path: 'invoiceDescription', value: 'Edited by hand' },
  ]);
  await fetch(
    `${world.simulator.url}/v4_6_release/apis/3.0${additionsPath(deleted)}/${deleted.deviceAdditionId}`,
    {
      method: 'DELETE',
      headers: apiHeaders(world.simulator.credentials),
    },
  ).then((response) => expect(response.status).toBe(204));
  await callApi(world.simulator, {
    method: 'POST',
    path: additionsPath(duplicated),
    body: {
      product: { id: DEMO_PRODUCTS.cloudStorage.id },
      billCustomer: 'Billable',
      quantity: 5,
      serialNumber: duplicated.managedId,
      effectiveDate: '2025-06-01T00:00:00Z',
    },
  });
  await patch(`/finance/agreements/${cancelled.agreementId}`, [
    { op: 'replace', path: 'cancelledFlag', value: true },
  ]);
});

afterAll(async () => {
  await world?.stop();
});

describe('billing reconciliation against seeded drift', () => {
  let preview: BillingPreview;

  it('previews each drift with its class and writes nothing to ConnectWise', async () => {
    const mark = world.journalMark();
    preview = await previewBilling(deps, partnerId);

    expect(writesAmong(world.requestsSince(mark))).toEqual([]);
    expect(preview).toMatchObject({
      partnerId,
      mode: 'preview',
      complete: true,
      customersChecked: 5,
      errors: 0,
    });
    expect(classesOf(preview, customers.quantity)).toEqual(['quantity']);
    expect(classesOf(preview, customers.description)).toEqual(['description']);
    expect(classesOf(preview, customers.deleted)).toEqual(['missing-addition']);
    expect(classesOf(preview, customers.duplicated)).toEqual(['duplicate-additions']);
    expect(classesOf(preview, customers.cancelled)).toEqual(['agreement-closed', 'agreement-closed']);
    expect(preview.driftByClass).toMatchObject({
      quantity: 1,
      description: 1,
      'missing-addition': 1,
      'duplicate-additions': 1,
      'agreement-closed': 2,
      'customer-unmapped': 0,
    });
    expect(preview.changes).toEqual([
      expect.objectContaining({
        customerId: customers.quantity.portalCustomerId,
        field: 'quantity',
        from: 999,
        corrected: false,
      }),
      expect.objectContaining({
        customerId: customers.description.portalCustomerId,
        field: 'invoiceDescription',
        from: 'Edited by hand',
        corrected: false,
      }),
    ]);
  });

  it('previews one customer with ?customerId', async () => {
    const one = await previewBilling(deps, partnerId, { customerId: customers.quantity.portalCustomerId });
    expect(one.customersChecked).toBe(1);
    expect(classesOf(one, customers.quantity)).toEqual(['quantity']);
  });

  it('corrects the two edits, touches nothing it reports, and finds nothing to change the second time', async () => {
    const mark = world.journalMark();
    const first = await applyAll();
    const writes = writesAmong(world.requestsSince(mark));
    expect(writes.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `PATCH /finance/agreements/${customers.quantity.agreementId}/additions/${customers.quantity.storageAdditionId}`,
      `PATCH /finance/agreements/${customers.description.agreementId}/additions/${customers.description.storageAdditionId}`,
    ]);
    expect(first.map((result) => result.status)).toEqual([
      'changed',
      'changed',
      'drifted',
      'drifted',
      'drifted',
    ]);
    const expectedQuantity = preview.changes[0]?.to;
    expect((await additionOf(customers.quantity, customers.quantity.storageAdditionId)).quantity).toBe(
      expectedQuantity,
    );
    expect(
      (await additionOf(customers.description, customers.description.storageAdditionId)).invoiceDescription,
    ).toBe(preview.changes[1]?.to);

    const again = world.journalMark();
    const second = await applyAll();
    expect(writesAmong(world.requestsSince(again))).toEqual([]);
    expect(second.map((result) => result.status)).toEqual([
      'in-line',
      'in-line',
      'drifted',
      'drifted',
      'drifted',
    ]);
  });

  it('reports a customer no company maps to, and goes on with the others', async () => {
    const usage = deps.usage;
    await usage.registerCustomer(partnerId, {
      customerId: '79999',
      customerName: 'Nobody',
      lastUsageAt: now,
      accountId: 'EFS7999901',
    });
    await usage.putSnapshot(
      partnerId,
      '79999',
      anAccountUsage({ accountId: 'EFS7999901', service: 'BDR', occurredAt: now }),
    );
    const result = await previewBilling(deps, partnerId);
    expect(result.customersChecked).toBe(6);
    expect(result.driftByClass['customer-unmapped']).toBe(1);
    expect(classesOf(result, customers.duplicated)).toEqual(['duplicate-additions']);
  });
});

describe('the scheduled sweep, fanned out through the billing queue', () => {
  type SweepHandler = (event: unknown, context: Context) => Promise<unknown>;
  let handler: SweepHandler;
  let reports: DynamoDbBillingReports;
  const batchProblems: BatchOutcome[] = [];
  /** The six customers take two pages of planning. */
  const planPageSize = 4;

  /** Fires the schedule, lets the local poller work through the billing queue, returns the finished report. */
  const sweep = async (): Promise<BillingRunReport> => {
    const context = () => createLambdaContext({ functionName: 'billing-sweep', timeoutSeconds: 600 });
    const poller = await startQueuePoller({
      sqs,
      queueUrl: world.env[billingQueue.envVar] ?? '',
      region: 'us-east-1',
      handler: handler as never,
      createContext: context,
      waitTimeSeconds: 1,
      concurrency: 2,
      onBatch: (outcome) => {
        if (outcome.error !== undefined || outcome.failedMessageIds.length > 0) batchProblems.push(outcome);
      },
    });
    try {
      const planned = (await handler(toScheduledEvent('cwbridge-billing-sweep', 'us-east-1'), context())) as {
        runs: { runId: string; queued: number; planned?: number }[];
      };
      // Four customers a page: the schedule queues the first page and the queue plans the rest.
      expect(planned.runs).toEqual([expect.objectContaining({ partnerId, queued: planPageSize })]);
      expect(planned.runs[0]?.planned).toBeUndefined();
      const runId = planned.runs[0]?.runId;
      const deadline = Date.now() + 80_000;
      for (;;) {
        const [latest] = await reports.latestRuns(partnerId, 1);
        if (latest !== undefined && latest.runId === runId && latest.finishedAt !== undefined) return latest;
        if (Date.now() > deadline) {
          const problems = batchProblems.map((p) => ({ error: String(p.error), failed: p.failedMessageIds }));
          throw new Error(
            `run ${runId} did not finish: ${JSON.stringify(latest)}; batches: ${JSON.stringify(problems)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await poller.stop();
    }
  };

  beforeAll(async () => {
    reports = new DynamoDbBillingReports(
      DynamoDBDocumentClient.from(new DynamoDBClient({}), {
        marshallOptions: { removeUndefinedValues: true },
      }),
      world.env[tables.state.envVar] ?? '',
    );
    process.env[billingQueue.planPageSizeEnvVar] = String(planPageSize);
    ({ handler } = (await import('../../functions/billing-sweep/handler.js')) as unknown as {
      handler: SweepHandler;
    });
    // Edit the two again by hand, as an operator might between sweeps.
    const { quantity, description } = customers;
    await patch(`/finance/agreements/${quantity.agreementId}/additions/${quantity.storageAdditionId}`, [
      { op: 'replace', path: 'quantity', value: 998 },
    ]);
    await patch(`/finance/agreements/${description.agreementId}/additions/${description.storageAdditionId}`, [
      { op: 'replace', path: 'invoiceDescription', value: 'Edited again' },
    ]);
  });

  it('corrects the edits, reports the rest in the stored report, and a second sweep changes nothing', async () => {
    const mark = world.journalMark();
    const first = await sweep();
    expect(writesAmong(world.requestsSince(mark)).map((entry) => entry.method)).toEqual(['PATCH', 'PATCH']);
    expect(first).toMatchObject({ partnerId, trigger: 'schedule', planned: 6, queued: 6, recorded: 6 });
    expect(first.summary).toMatchObject({
      customersChecked: 6,
      customersChanged: 2,
      customersDrifted: 4,
      errors: 0,
      driftByClass: {
        quantity: 1,
        description: 1,
        'missing-addition': 1,
        'duplicate-additions': 1,
        'agreement-closed': 2,
        'customer-unmapped': 1,
        'no-cross-reference': 0,
      },
      changesTruncated: false,
    });
    expect(first.summary?.changes).toEqual([
      expect.objectContaining({
        customerId: customers.quantity.portalCustomerId,
        from: 998,
        corrected: true,
      }),
      expect.objectContaining({
        customerId: customers.description.portalCustomerId,
        from: 'Edited again',
        corrected: true,
      }),
    ]);
    expect(first.summary?.needsAttention.map((customer) => customer.customerId).sort()).toEqual(
      [customers.deleted, customers.duplicated, customers.cancelled]
        .map((c) => c.portalCustomerId)
        .concat('79999')
        .sort(),
    );

    const again = world.journalMark();
    const second = await sweep();
    expect(writesAmong(world.requestsSince(again))).toEqual([]);
    expect(second.summary).toMatchObject({ customersChecked: 6, customersChanged: 0, changes: [] });
  }, 180_000);

  it('reports a customer whose ConnectWise requests are refused, and checks the others', async () => {
    const refused = customers.quantity;
    await callControl(world.simulator, 'POST', '/__sim/faults', {
      faults: [
        {
          kind: 'status',
          status: 403,
          count: 1000,
          match: { method: 'GET', path: `^/finance/agreements/${refused.agreementId}/additions` },
        },
      ],
    });
    try {
      const report = await sweep();
      expect(report.summary).toMatchObject({ customersChecked: 6, customersChanged: 0, errors: 1 });
      const failed = report.summary?.needsAttention.find(
        (customer) => customer.customerId === refused.portalCustomerId,
      );
      expect(failed).toMatchObject({ status: 'error', error: expect.stringContaining('403') });
      // The other customers were checked as before: the three needing a person, and the unmapped one.
      expect(report.summary?.needsAttention).toHaveLength(5);
    } finally {
      await callControl(world.simulator, 'DELETE', '/__sim/faults');
    }
  }, 180_000);
});
