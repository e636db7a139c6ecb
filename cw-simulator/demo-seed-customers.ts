import type { MutationContext } from './mutation-context.js';
import { create } from './seed-create.js';

/** A demo customer: a ConnectWise company mapped to a portal customer through its Managed ID. */
export interface DemoCustomer {
  portalCustomerId: number;
  companyId: number;
  identifier: string;
  name: string;
  /** `groupIdentifier` of its managementSummaryReports, `EFS-<portalCustomerId>`. */
  managedId: string;
  agreementId: number;
  /** BackupStats was created before WorkstationsAndServers, which setup checks report. */
  recordsInWrongOrder: boolean;
}

const customer = (
  portalCustomerId: number,
  index: number,
  identifier: string,
  name: string,
  wrongOrder = false,
): DemoCustomer => ({
  portalCustomerId,
  companyId: index + 1,
  identifier,
  name,
  managedId: `EFS-${portalCustomerId}`,
  agreementId: index + 1,
  recordsInWrongOrder: wrongOrder,
});

/** Mapped customers; company and agreement ids follow creation order. */
export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  customer(19652, 0, 'AcmeDental', 'Acme Dental Group'),
  customer(20417, 1, 'OBrienIT', `O'Brien "IT" & Sons`),
  customer(31008, 2, 'RiversideLaw', 'Riverside Law LLP', true),
];

/** A company with no Managed ID at all. */
export const DEMO_UNMAPPED_COMPANY = {
  id: 4,
  identifier: 'UnmappedVentures',
  name: 'Unmapped Ventures',
} as const;

/** Ordinary companies after the unmapped one, so company scans span several small pages. */
export const DEMO_ORDINARY_COMPANY_COUNT = 12;

// Demo ids of the setup records these reference (see demo-seed.ts).
const solution = { id: 1 };
const products = { cloudStorage: { id: 1 }, device: { id: 2 }, flatFee: { id: 3 } };
const agreementType = { id: 1, name: 'Managed Services' };

const summaryRecords = (entry: DemoCustomer) => {
  const workstations = {
    groupIdentifier: entry.managedId,
    managementSolution: solution,
    deviceType: 'WorkstationsAndServers',
    totalWorkstations: 5,
    totalServers: 1,
    totalManagedMachines: 6,
  };
  const backupStats = {
    groupIdentifier: entry.managedId,
    managementSolution: solution,
    deviceType: 'BackupStats',
    successfulBackupJobs: 120,
    failedBackupJobs: 2,
    totalNotifications: 3,
  };
  return entry.recordsInWrongOrder ? [backupStats, workstations] : [workstations, backupStats];
};

const additions = (entry: DemoCustomer) => [
  {
    product: products.cloudStorage,
    billCustomer: 'Billable',
    quantity: 250,
    unitPrice: 0.25,
    serialNumber: entry.managedId,
    effectiveDate: '2025-01-01T00:00:00Z',
    invoiceDescription: 'Cloud backup storage (GB)',
  },
  {
    product: products.device,
    billCustomer: 'Billable',
    quantity: 6,
    unitPrice: 15,
    serialNumber: entry.managedId,
    effectiveDate: '2025-01-01T00:00:00Z',
    invoiceDescription: 'Protected devices',
  },
  {
    product: products.flatFee,
    billCustomer: 'Billable',
    quantity: 1,
    unitPrice: 99,
    effectiveDate: '2025-01-01T00:00:00Z',
    invoiceDescription: 'Backup management',
  },
  // Cancelled long ago: a sync must not update or revive it.
  {
    product: products.device,
    billCustomer: 'Billable',
    quantity: 3,
    unitPrice: 15,
    serialNumber: entry.managedId,
    effectiveDate: '2024-01-01T00:00:00Z',
    cancelledDate: '2024-06-30T00:00:00Z',
  },
];

const seedCustomer = (entry: DemoCustomer, context: MutationContext): void => {
  const company = create('companies', { identifier: entry.identifier, name: entry.name }, context);
  for (const record of summaryRecords(entry)) create('managementSummaryReports', record, context, company.id);
  const agreement = create(
    'agreements',
    {
      name: 'Managed Backup',
      type: agreementType,
      company: { id: company.id },
      contact: { id: 1, name: 'Primary Contact' },
    },
    context,
  );
  for (const addition of additions(entry)) create('additions', addition, context, agreement.id);
  if (company.id !== entry.companyId || agreement.id !== entry.agreementId) {
    throw new Error(`demo seed ids drifted for ${entry.identifier}`);
  }
};

/** Mapped customers with Managed IDs and agreements, one unmapped company, and ordinary ones. */
export const seedDemoCustomers = (context: MutationContext): void => {
  for (const entry of DEMO_CUSTOMERS) seedCustomer(entry, context);
  create(
    'companies',
    { identifier: DEMO_UNMAPPED_COMPANY.identifier, name: DEMO_UNMAPPED_COMPANY.name },
    context,
  );
  for (let index = 1; index <= DEMO_ORDINARY_COMPANY_COUNT; index += 1) {
    create('companies', { identifier: `Ordinary${index}`, name: `Ordinary Customer ${index}` }, context);
  }
};
