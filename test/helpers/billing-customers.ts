import { DEMO_MANAGEMENT_SOLUTION, DEMO_PRODUCTS } from '../../cw-simulator/demo-seed.js';
import type { RunningSimulator } from '../../cw-simulator/server.js';
import type { UsageStore } from '../../shared/ports/usage-store.js';
import { callApi } from './cw-simulator-client.js';
import { anAccountUsage } from './usage-factories.js';

/** A customer created in the simulator through its REST API, as a partner's setup would have it. */
export interface BillingCustomer {
  readonly portalCustomerId: string;
  readonly name: string;
  readonly managedId: string;
  readonly companyId: number;
  readonly agreementId: number;
  readonly storageAdditionId: number;
  readonly deviceAdditionId: number;
}

const created = async (simulator: RunningSimulator, path: string, body: unknown): Promise<number> => {
  const response = await callApi<{ id: number }>(simulator, { method: 'POST', path, body });
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}`);
  return response.body.id;
};

/**
 * Creates a company holding Managed ID `EFS-<id>` (both records, in order), an agreement and two
 * billed additions with that serial: cloud storage (GB) and protected devices.
 */
export const createBillingCustomer = async (
  simulator: RunningSimulator,
  customer: {
    portalCustomerId: string;
    name: string;
    storageGb: number;
    devices: number;
    description?: string;
  },
): Promise<BillingCustomer> => {
  const managedId = `EFS-${customer.portalCustomerId}`;
  const companyId = await created(simulator, '/company/companies', {
    identifier: `Billing${customer.portalCustomerId}`,
    name: customer.name,
  });
  const solution = { id: DEMO_MANAGEMENT_SOLUTION.id };
  for (const deviceType of ['WorkstationsAndServers', 'BackupStats']) {
    await created(simulator, `/company/companies/${companyId}/managementSummaryReports`, {
      groupIdentifier: managedId,
      managementSolution: solution,
      deviceType,
    });
  }
  const agreementId = await created(simulator, '/finance/agreements', {
    name: 'Managed Backup',
    type: { id: 1, name: 'Managed Services' },
    company: { id: companyId },
    contact: { id: 1, name: 'Primary Contact' },
  });
  const addition = (product: { id: number }, quantity: number) =>
    created(simulator, `/finance/agreements/${agreementId}/additions`, {
      product: { id: product.id },
      billCustomer: 'Billable',
      quantity,
      serialNumber: managedId,
      effectiveDate: '2025-01-01T00:00:00Z',
      ...(customer.description !== undefined && { invoiceDescription: customer.description }),
    });
  const storageAdditionId = await addition(DEMO_PRODUCTS.cloudStorage, customer.storageGb);
  const deviceAdditionId = await addition(DEMO_PRODUCTS.device, customer.devices);
  return {
    portalCustomerId: customer.portalCustomerId,
    name: customer.name,
    managedId,
    companyId,
    agreementId,
    storageAdditionId,
    deviceAdditionId,
  };
};

/** Runs `work` over `items`, `width` at a time. */
export const inParallel = async <T>(
  items: readonly T[],
  width: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        await work(items[index] as T, index);
      }
    }),
  );
};

/**
 * `count` customers of a partner ready for a billing sweep, as a data sync would leave them: each
 * created in the simulator (`createBillingCustomer`, 152.4 GB and 7 devices billed, except where
 * `isEdited` says a person changed the storage quantity to 100), with a BDR and a Workstation
 * Backup account's usage stored and the customer registered. Ids run from `firstId` up.
 */
export const seedSweepCustomers = async (
  simulator: RunningSimulator,
  usage: Pick<UsageStore, 'putSnapshot' | 'registerCustomer'>,
  options: { partnerId: string; count: number; firstId: number; isEdited: (index: number) => boolean },
): Promise<void> => {
  const ids = Array.from({ length: options.count }, (_, index) => String(options.firstId + index));
  const usageOf = anAccountUsage({ storageGb: 152.4, servers: 2, workstations: 5 });
  await inParallel(ids, 10, async (customerId, index) => {
    const customerName = `Sweep customer ${customerId}`;
    await createBillingCustomer(simulator, {
      portalCustomerId: customerId,
      name: customerName,
      storageGb: options.isEdited(index) ? 100 : 152.4,
      devices: 7,
    });
    const occurredAt = new Date().toISOString();
    for (const [suffix, service] of [
      ['01', 'BDR'],
      ['02', 'Workstation Backup'],
    ] as const) {
      const accountId = `EFS${customerId}${suffix}`;
      // As an event's usage is recorded: the registry, then the snapshot.
      await usage.registerCustomer(options.partnerId, {
        customerId,
        customerName,
        lastUsageAt: occurredAt,
        accountId,
      });
      await usage.putSnapshot(options.partnerId, customerId, {
        ...usageOf,
        accountId,
        service,
        plan: 'Default',
        occurredAt,
      });
    }
  });
};
