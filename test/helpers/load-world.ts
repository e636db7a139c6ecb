import { randomUUID } from 'node:crypto';
import type { LocalStack } from '../../local/local-stack.js';
import { demoNotificationRules } from '../../local/seed-demo-partner.js';
import { type BillingCustomer, createBillingCustomer, inParallel } from './billing-customers.js';
import { getAdmin, stackSimulator } from './e2e-local-stack.js';
import type { LoadCustomer } from './load-plan.js';
import { usedSecret } from './test-secrets.js';

/** An admin API call with the stack's bearer token; fails unless it answers `expected`. */
const adminCall = async (
  stack: LocalStack,
  method: string,
  path: string,
  body: unknown,
  expected: number,
): Promise<void> => {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.settings.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== expected)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
};

/**
 * The load run's partners through the admin API: the demo partner at `requestsPerSecond`, and each
 * other id added as an operator would, against the same simulated tenant with the demo partner's
 * board, management solution, catalogue and rules, and a webhook secret of its own.
 * @returns partner id → webhook secret
 */
export const setUpLoadPartners = async (
  stack: LocalStack,
  partnerIds: readonly string[],
  requestsPerSecond: number,
): Promise<Map<string, string>> => {
  const demo = await getAdmin<Record<string, unknown>>(
    stack.apiUrl,
    '/v1/admin/partners/demo',
    stack.settings.adminToken,
  );
  const settings = { ...(demo.body.settings as object), connectWiseRequestsPerSecond: requestsPerSecond };
  const connectWise = {
    ...(demo.body.connectWise as object),
    publicKey: stack.demoTenant.publicKey,
    privateKey: stack.demoTenant.privateKey,
  };
  const secrets = new Map<string, string>();
  for (const partnerId of partnerIds) {
    const webhookSecret =
      partnerId === 'demo' ? stack.settings.demoWebhookSecret : usedSecret(`load-${randomUUID()}`);
    await adminCall(
      stack,
      'PUT',
      `/v1/admin/partners/${partnerId}`,
      { ...demo.body, partnerId, connectWise, settings, webhookSecret },
      // 201 for a partner the bridge did not know yet.
      partnerId === 'demo' ? 200 : 201,
    );
    await adminCall(
      stack,
      'PUT',
      `/v1/admin/partners/${partnerId}/notifications`,
      { rules: demoNotificationRules },
      200,
    );
    secrets.set(partnerId, webhookSecret);
  }
  return secrets;
};

/**
 * Each customer set up in the simulator as its partner would have it (`createBillingCustomer`: a
 * company holding both Managed ID records, an agreement, a storage and a device addition).
 * @returns customer id → what was created
 */
export const seedLoadCustomers = async (
  stack: LocalStack,
  customers: readonly LoadCustomer[],
): Promise<Map<string, BillingCustomer>> => {
  const simulator = stackSimulator(stack);
  const created = new Map<string, BillingCustomer>();
  await inParallel(customers, 10, async (customer) => {
    created.set(
      customer.customerId,
      await createBillingCustomer(simulator, {
        portalCustomerId: customer.customerId,
        name: customer.name,
        storageGb: 100,
        devices: 3,
      }),
    );
  });
  return created;
};
