import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/local-stack.js';
import { DynamoDbUsageStore } from '../../shared/adapters/aws/dynamodb-usage-store.js';
import type { BillingRunReport } from '../../shared/ports/billing-reports.js';
import { tables } from '../../shared/resources.js';
import { seedSweepCustomers } from '../helpers/billing-customers.js';
import {
  getAdmin,
  pollUntil,
  simulatorRequests,
  stackSimulator,
  startE2eLocalStack,
} from '../helpers/e2e-local-stack.js';

/**
 * 200 in `npm test`; `npm run test:sweep-1000` runs 1,000 (about 6 minutes of sweep here). moto, at
 * about 18 DynamoDB calls per customer, sets the pace in this stack, so the suite keeps the size
 * that proves the fan-out and leaves the large counts to that script and the benchmark.
 */
const customerCount = Number(process.env.BILLING_SWEEP_CUSTOMERS ?? 200);
/** Generous: 200 customers take about 40 s here, 1,000 about 340 s (moto scans its table per Query). */
const sweepTimeoutMs = Math.max(120_000, customerCount * 600);
/** Every tenth customer's storage quantity was edited by hand. */
const isEdited = (index: number) => index % 10 === 0;
const editedCount = Math.ceil(customerCount / 10);
/** The run is planned in pages of this many: four pages at 200, twenty at 1,000. */
const planPageSize = 50;
let stack: LocalStack;
let documentClient: DynamoDBDocumentClient;

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack.settings.adminToken}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  stack = await startE2eLocalStack({ syncDelaySeconds: 0, billingPlanPageSize: planPageSize });
  // The demo partner at ConnectWise's pace for a large sweep, without invoice descriptions.
  const current = await getAdmin<Record<string, unknown>>(
    stack.apiUrl,
    '/v1/admin/partners/demo',
    stack.settings.adminToken,
  );
  const settings = current.body.settings as Record<string, unknown>;
  const saved = await admin('PUT', '/v1/admin/partners/demo', {
    ...current.body,
    settings: { ...settings, connectWiseRequestsPerSecond: 100, updateInvoiceDescriptions: false },
  });
  expect(saved.status).toBe(200);

  const simulator = stackSimulator(stack);
  documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.motoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const usage = new DynamoDbUsageStore(documentClient, stack.env[tables.state.envVar] ?? '');
  await seedSweepCustomers(simulator, usage, {
    partnerId: 'demo',
    count: customerCount,
    firstId: 800_000,
    isEdited,
  });
}, 600_000);

afterAll(async () => {
  documentClient?.destroy();
  await stack?.stop();
});

describe(`a billing sweep of ${customerCount} customers in the local stack`, () => {
  it(
    'reconciles every customer through the billing queue and corrects exactly the edited ones',
    async () => {
      const mark = (await simulatorRequests(stack.simulatorUrl)).at(-1)?.seq ?? 0;
      const started = await admin('POST', '/v1/admin/partners/demo/billing/sweep');
      expect(started.status).toBe(202);
      const run = (await started.json()) as { runId: string; queued: number; planned?: number };
      // The first page is queued; the billing queue plans the others behind it.
      expect(run).toMatchObject({ queued: planPageSize });
      expect(run.planned).toBeUndefined();

      const report = await pollUntil(
        `run ${run.runId} to finish`,
        async () =>
          (
            await getAdmin<{ reports: BillingRunReport[] }>(
              stack.apiUrl,
              '/v1/admin/partners/demo/billing/reports?limit=5',
              stack.settings.adminToken,
            )
          ).body.reports.find((candidate) => candidate.runId === run.runId),
        (candidate) => candidate?.finishedAt !== undefined,
        { timeoutMs: sweepTimeoutMs, intervalMs: 1000 },
      );

      expect(report).toMatchObject({
        planned: customerCount,
        queued: customerCount,
        recorded: customerCount,
      });
      expect(report?.summary).toMatchObject({
        customersChecked: customerCount,
        customersChanged: editedCount,
        customersDrifted: 0,
        errors: 0,
        driftByClass: { quantity: editedCount, description: 0, 'missing-addition': 0 },
      });
      const requests = await simulatorRequests(stack.simulatorUrl, mark);
      expect(requests.filter((entry) => entry.method === 'PATCH')).toHaveLength(editedCount);
      expect(requests.filter((entry) => entry.method === 'POST')).toEqual([]);
    },
    sweepTimeoutMs + 60_000,
  );
});
