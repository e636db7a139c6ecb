import { seedDemoCustomers } from './demo-seed-customers.js';
import type { MutationContext } from './mutation-context.js';
import { create } from './seed-create.js';
import type { SimulatorStore } from './store.js';

export {
  DEMO_CUSTOMERS,
  DEMO_ORDINARY_COMPANY_COUNT,
  DEMO_UNMAPPED_COMPANY,
  type DemoCustomer,
} from './demo-seed-customers.js';

/** The API member the demo keys belong to. */
export const DEMO_MEMBER = { id: 1, identifier: 'APIMember' } as const;

/** Service boards and their statuses. Tickets open on Backup Alerts in its NotResponded status. */
export const DEMO_BOARDS = {
  backupAlerts: { id: 1, name: 'Backup Alerts' },
  escalations: { id: 2, name: 'Escalations' },
} as const;

export const DEMO_STATUSES = {
  backupAlertsNew: { id: 1, name: 'New', boardId: 1, escalationStatus: 'NotResponded' },
  backupAlertsInProgress: { id: 2, name: 'In Progress', boardId: 1, escalationStatus: 'Responded' },
  backupAlertsResolved: { id: 3, name: 'Resolved', boardId: 1, escalationStatus: 'Resolved' },
  escalationsNew: { id: 4, name: 'New', boardId: 2, escalationStatus: 'NotResponded' },
  escalationsResolved: { id: 5, name: 'Resolved', boardId: 2, escalationStatus: 'Resolved' },
} as const;

/** The management IT solution the Managed ID records reference. */
export const DEMO_MANAGEMENT_SOLUTION = { id: 1, name: 'Axcient BDR', type: 'Custom' } as const;

/** Catalog items: storage-billed and device-billed (cross-referenced) and a flat fee (not). */
export const DEMO_PRODUCTS = {
  cloudStorage: { id: 1, identifier: 'BDR-CLOUD-GB' },
  device: { id: 2, identifier: 'BDR-DEVICE' },
  flatFee: { id: 3, identifier: 'BDR-FLAT-FEE' },
} as const;

/** The managed devices integration and its cross-references (vendorType → product). */
export const DEMO_INTEGRATION = {
  id: 1,
  name: 'Axcient',
  solution: DEMO_MANAGEMENT_SOLUTION.name,
  crossReferences: [
    { id: 1, vendorType: 'BDR', productId: DEMO_PRODUCTS.cloudStorage.id },
    { id: 2, vendorType: 'Workstation Backup', productId: DEMO_PRODUCTS.device.id },
  ],
} as const;

/** Agreement type every demo agreement and cross-reference uses (not a stored collection). */
export const DEMO_AGREEMENT_TYPE = { id: 1, name: 'Managed Services' } as const;

const seedSetup = (context: MutationContext): void => {
  create(
    'members',
    {
      identifier: DEMO_MEMBER.identifier,
      firstName: 'API',
      lastName: 'Member',
      licenseClass: 'A',
      hireDate: '2024-01-01T00:00:00Z',
      defaultEmail: 'Office',
      defaultPhone: 'Office',
      securityRole: { id: 1, name: 'Admin' },
    },
    context,
  );
  for (const board of Object.values(DEMO_BOARDS)) {
    create(
      'boards',
      { name: board.name, location: { id: 1, name: 'Main' }, department: { id: 1, name: 'Services' } },
      context,
    );
  }
  Object.values(DEMO_STATUSES).forEach((status, index) => {
    const closed = status.escalationStatus === 'Resolved';
    const fields = { name: status.name, escalationStatus: status.escalationStatus, closedStatus: closed };
    create(
      'statuses',
      { ...fields, sortOrder: index, defaultFlag: status.name === 'New' },
      context,
      status.boardId,
    );
  });
  create(
    'managementItSolutions',
    {
      name: DEMO_MANAGEMENT_SOLUTION.name,
      managementItSolutionType: DEMO_MANAGEMENT_SOLUTION.type,
      managementSolutionName: DEMO_MANAGEMENT_SOLUTION.name,
    },
    context,
  );
};

const seedProducts = (context: MutationContext): void => {
  const descriptions: Record<string, string> = {
    'BDR-CLOUD-GB': 'Cloud backup storage (per GB)',
    'BDR-DEVICE': 'Workstation backup (per device)',
    'BDR-FLAT-FEE': 'Backup management flat fee',
  };
  // The guide's two kinds: per-unit products billed by usage, and a fixed fee never cross-referenced.
  const pricing: Record<string, { price: number; priceAttribute: 'FixedFee' | 'OverrideRate' }> = {
    'BDR-CLOUD-GB': { price: 0.25, priceAttribute: 'OverrideRate' },
    'BDR-DEVICE': { price: 15, priceAttribute: 'OverrideRate' },
    'BDR-FLAT-FEE': { price: 99, priceAttribute: 'FixedFee' },
  };
  for (const product of Object.values(DEMO_PRODUCTS)) {
    const description = descriptions[product.identifier] ?? product.identifier;
    create(
      'catalog',
      {
        identifier: product.identifier,
        description,
        customerDescription: description,
        subcategory: { id: 1, name: 'Backup' },
        type: { id: 1, name: 'Service' },
        productClass: 'Agreement',
        ...pricing[product.identifier],
      },
      context,
    );
  }
  create(
    'managedDevicesIntegrations',
    {
      name: DEMO_INTEGRATION.name,
      // Setup step 5, "Select the management solution you created": the solution is its name.
      solution: DEMO_INTEGRATION.solution,
      loginBy: 'Global',
      defaultBillingLevel: 'Detail',
      matchOnSerialNumberFlag: true,
      disableNewCrossReferencesFlag: true,
    },
    context,
  );
  for (const reference of DEMO_INTEGRATION.crossReferences) {
    create(
      'crossReferences',
      {
        vendorType: reference.vendorType,
        vendorLevel: 'Default',
        agreementType: DEMO_AGREEMENT_TYPE,
        product: { id: reference.productId },
      },
      context,
      DEMO_INTEGRATION.id,
    );
  }
};

/** Fills an empty store with the demo tenant; `baseUrl` is the API root used in hrefs. */
export const seedDemo = (store: SimulatorStore, baseUrl: string): void => {
  const context: MutationContext = { store, baseUrl, now: new Date(), member: DEMO_MEMBER.identifier };
  seedSetup(context);
  seedProducts(context);
  seedDemoCustomers(context);
};
