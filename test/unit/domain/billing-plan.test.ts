import { describe, expect, it } from 'vitest';
import { planAdditionUpdates } from '../../../shared/domain/addition-plan.js';
import { expectedBillingOf } from '../../../shared/domain/billing-plan.js';
import { billedQuantityOf, roundUpToIncrement } from '../../../shared/domain/billing-quantities.js';
import { invoiceDescriptionOf } from '../../../shared/domain/invoice-description.js';
import type { ServiceCatalogueEntry } from '../../../shared/domain/partner-config.js';
import type { CrossReference } from '../../../shared/ports/billing-gateway.js';
import {
  aLine,
  anAddition,
  anAgreement,
  aSerialNumber as serialNumber,
} from '../../helpers/billing-factories.js';
import { anAccountUsage } from '../../helpers/usage-factories.js';

const now = '2026-12-01T00:00:00Z';

const aCrossReference = (overrides: Partial<CrossReference> = {}): CrossReference => ({
  id: 1,
  vendorType: 'Online Backup',
  vendorLevel: 'Basic',
  productId: 20,
  productIdentifier: 'BDR-CLOUD-GB',
  inactive: false,
  ...overrides,
});
const anEntry = (overrides: Partial<ServiceCatalogueEntry> = {}): ServiceCatalogueEntry => ({
  service: 'Online Backup',
  billing: 'storage',
  vendorType: 'Online Backup',
  ...overrides,
});
describe('roundUpToIncrement', () => {
  it.each([
    [152.401, 0.01, 152.41],
    [152.4, 0.01, 152.4],
    [0.3, 0.01, 0.3],
    [0, 0.01, 0],
    [10.2, 1, 11],
    [10, 1, 10],
    [1.01, 0.25, 1.25],
    [0.0000001, 0.01, 0.01],
  ])('rounds %d at an increment of %d up to %d', (value, increment, expected) => {
    expect(roundUpToIncrement(value, increment)).toBe(expected);
  });

  it('rejects an increment that is not positive', () => {
    expect(() => roundUpToIncrement(1, 0)).toThrow(RangeError);
  });
});

describe('billedQuantityOf', () => {
  const accounts = [
    anAccountUsage({ accountId: 'EFS1', servers: 2, workstations: 5, storageGb: 0.001 }),
    anAccountUsage({ accountId: 'EFS2', servers: 1, workstations: 0, storageGb: 0.001 }),
    anAccountUsage({ accountId: 'EFS3', servers: 0, workstations: 3, storageGb: 0.001 }),
  ];

  describe('given storage billing', () => {
    it('rounds the total up once, not each account', () => {
      expect(billedQuantityOf('storage', accounts, 0.01)).toBe(0.01);
    });

    it('bills no extra increment for float noise from adding accounts', () => {
      const noisy = [anAccountUsage({ storageGb: 0.1 }), anAccountUsage({ storageGb: 0.2 })];
      expect(billedQuantityOf('storage', noisy, 0.01)).toBe(0.3);
    });

    it('bills whole GB at an increment of 1', () => {
      const big = [anAccountUsage({ storageGb: 100.2 }), anAccountUsage({ storageGb: 52.2 })];
      expect(billedQuantityOf('storage', big, 1)).toBe(153);
    });
  });

  describe('given device billing', () => {
    it('bills servers plus workstations', () => {
      expect(billedQuantityOf('devices', accounts, 0.01)).toBe(11);
    });

    it('bills servers only', () => {
      expect(billedQuantityOf('servers', accounts, 0.01)).toBe(3);
    });

    it('bills workstations only', () => {
      expect(billedQuantityOf('workstations', accounts, 0.01)).toBe(8);
    });
  });
});

describe('invoiceDescriptionOf', () => {
  const accountsNamed = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      anAccountUsage({ accountId: `EFS${100 + i}`, accountName: 'Office server', storageGb: i }),
    );

  describe('given a few accounts', () => {
    it('lists each account with its storage, sorted by account id', () => {
      const accounts = [
        anAccountUsage({ accountId: 'EFS200', accountName: 'Laptop fleet', storageGb: 3 }),
        anAccountUsage({ accountId: 'EFS123', accountName: 'Office server', storageGb: 152.4 }),
      ];

      expect(invoiceDescriptionOf(accounts)).toBe(
        'EFS123 Office server: 152.40 GB\nEFS200 Laptop fleet: 3.00 GB',
      );
    });
  });

  describe('given more accounts than fit', () => {
    it('keeps the leading lines that fit and says how many were left out', () => {
      // Each line is "EFS10x Office server: x.00 GB" (29 characters).
      const text = invoiceDescriptionOf(accountsNamed(5), 85);

      expect(text).toBe(
        'EFS100 Office server: 0.00 GB\nEFS101 Office server: 1.00 GB\n… and 3 more accounts',
      );
      expect(text.length).toBeLessThanOrEqual(85);
    });

    it('says "1 more account" when one is left out', () => {
      const text = invoiceDescriptionOf(accountsNamed(2), 55);

      expect(text).toBe('EFS100 Office server: 0.00 GB\n… and 1 more account');
    });

    it("stays within ConnectWise's 6000 characters by default", () => {
      const text = invoiceDescriptionOf(accountsNamed(1000));

      expect(text.length).toBeLessThanOrEqual(6000);
      expect(text).toMatch(/\n… and \d+ more accounts$/);
    });
  });
});

describe('expectedBillingOf', () => {
  describe('given accounts of one cross-referenced service', () => {
    it('bills their storage on one line for the product', () => {
      const { lines, unbilled } = expectedBillingOf({
        catalogue: [anEntry({ service: ' online backup ' })],
        crossReferences: [aCrossReference()],
        accounts: [
          anAccountUsage({ accountId: 'EFS2', service: 'Online Backup', plan: 'basic', storageGb: 100.001 }),
          anAccountUsage({ accountId: 'EFS1', service: 'ONLINE BACKUP', plan: 'Basic', storageGb: 52.4 }),
        ],
      });

      expect(unbilled).toEqual([]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        productId: 20,
        productIdentifier: 'BDR-CLOUD-GB',
        unit: 'storage',
        services: [' online backup '],
        quantity: 152.41,
      });
      expect(lines[0]?.accounts.map((a) => a.accountId)).toEqual(['EFS1', 'EFS2']);
      expect(lines[0]?.invoiceDescription).toBe(
        'EFS1 Head office server: 52.40 GB\nEFS2 Head office server: 100.00 GB',
      );
    });

    it("uses the catalogue's GB increment", () => {
      const { lines } = expectedBillingOf({
        catalogue: [anEntry({ gbIncrement: 1 })],
        crossReferences: [aCrossReference()],
        accounts: [anAccountUsage({ service: 'Online Backup', plan: 'Basic', storageGb: 152.4 })],
      });

      expect(lines[0]?.quantity).toBe(153);
    });
  });

  describe('given the cross-reference level', () => {
    const account = anAccountUsage({ service: 'Online Backup', plan: 'Basic' });

    it("prefers the catalogue's vendor level to the account's plan", () => {
      const { lines } = expectedBillingOf({
        catalogue: [anEntry({ vendorLevel: 'Premium' })],
        crossReferences: [
          aCrossReference({ productId: 20 }),
          aCrossReference({ id: 2, vendorLevel: 'premium', productId: 30 }),
        ],
        accounts: [account],
      });

      expect(lines.map((l) => l.productId)).toEqual([30]);
    });

    it('matches a cross-reference without level for any level', () => {
      const { lines } = expectedBillingOf({
        catalogue: [anEntry()],
        crossReferences: [aCrossReference({ vendorLevel: undefined, productId: 40 })],
        accounts: [account],
      });

      expect(lines.map((l) => l.productId)).toEqual([40]);
    });

    it('prefers the exact level to a cross-reference without level', () => {
      const { lines } = expectedBillingOf({
        catalogue: [anEntry()],
        crossReferences: [
          aCrossReference({ id: 1, vendorLevel: '', productId: 40 }),
          aCrossReference({ id: 2, vendorLevel: 'Basic', productId: 20 }),
        ],
        accounts: [account],
      });

      expect(lines.map((l) => l.productId)).toEqual([20]);
    });
  });

  describe('given accounts that no product bills', () => {
    it('reports a service missing from the catalogue', () => {
      const account = anAccountUsage({ service: 'Local Backup' });
      const { lines, unbilled } = expectedBillingOf({
        catalogue: [anEntry()],
        crossReferences: [aCrossReference()],
        accounts: [account],
      });

      expect(lines).toEqual([]);
      expect(unbilled).toEqual([{ account, reason: 'service-not-in-catalogue' }]);
    });

    it('reports the cross-reference it looked for when only an inactive one exists', () => {
      const account = anAccountUsage({ service: 'Online Backup', plan: 'Basic' });
      const { unbilled } = expectedBillingOf({
        catalogue: [anEntry()],
        crossReferences: [aCrossReference({ inactive: true })],
        accounts: [account],
      });

      expect(unbilled).toEqual([
        { account, reason: 'no-cross-reference', vendorType: 'Online Backup', vendorLevel: 'Basic' },
      ]);
    });
  });

  describe('given several services and products', () => {
    it('gives each product one line, sorted by product id', () => {
      const { lines } = expectedBillingOf({
        catalogue: [anEntry(), anEntry({ service: 'BDR', billing: 'devices', vendorType: 'BDR' })],
        crossReferences: [
          aCrossReference({ productId: 20 }),
          aCrossReference({ id: 2, vendorType: 'BDR', vendorLevel: undefined, productId: 10 }),
        ],
        accounts: [
          anAccountUsage({ accountId: 'EFS1', service: 'Online Backup', plan: 'Basic' }),
          anAccountUsage({ accountId: 'EFS2', service: 'BDR', servers: 1, workstations: 4 }),
        ],
      });

      expect(lines.map((l) => [l.productId, l.unit, l.quantity])).toEqual([
        [10, 'devices', 5],
        [20, 'storage', 152.4],
      ]);
    });

    it("bills two services on one product in the first catalogue entry's unit", () => {
      const { lines } = expectedBillingOf({
        catalogue: [
          anEntry({ service: 'BDR', billing: 'servers', vendorType: 'BDR' }),
          anEntry({ service: 'Online Backup', billing: 'storage', vendorType: 'Online Backup' }),
        ],
        crossReferences: [
          aCrossReference({ productId: 20 }),
          aCrossReference({ id: 2, vendorType: 'BDR', vendorLevel: undefined, productId: 20 }),
        ],
        accounts: [
          anAccountUsage({ accountId: 'EFS1', service: 'Online Backup', plan: 'Basic', servers: 0 }),
          anAccountUsage({ accountId: 'EFS2', service: 'BDR', servers: 3 }),
        ],
      });

      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ unit: 'servers', quantity: 3, services: ['BDR', 'Online Backup'] });
    });
  });
});

describe('planAdditionUpdates', () => {
  const plan = (overrides: Partial<Parameters<typeof planAdditionUpdates>[0]> = {}) =>
    planAdditionUpdates({
      lines: [aLine()],
      additions: [anAddition()],
      agreements: [anAgreement()],
      serialNumber,
      updateInvoiceDescriptions: false,
      now,
      ...overrides,
    });

  describe("given the seed's flat fee and per-GB products on one agreement", () => {
    // "Online Backup Basic Storage Flat Fee" ($8, not cross-referenced) and
    // "Online Backup Basic Storage w/25 GB" ($1.50/GB, cross-referenced, Less Included 25).
    const flatFee = anAddition({
      id: 71,
      productId: 11,
      productIdentifier: 'Online Backup Basic Storage Flat Fee',
      quantity: 1,
      serialNumber,
    });
    const flatFeeWithoutSerial = anAddition({ ...flatFee, id: 72, serialNumber: undefined });
    const perGb = anAddition({
      id: 73,
      productId: 12,
      productIdentifier: 'Online Backup Basic Storage w/25 GB',
      quantity: 20,
      lessIncluded: 25,
    });
    // Only the per-GB product is cross-referenced (seed step 2b e), so only it gets a line.
    const { lines } = expectedBillingOf({
      catalogue: [anEntry({ service: 'Online Backup', vendorType: 'Online Backup', vendorLevel: 'Basic' })],
      crossReferences: [
        aCrossReference({ productId: 12, productIdentifier: 'Online Backup Basic Storage w/25 GB' }),
      ],
      accounts: [
        anAccountUsage({ accountId: 'EFS1', service: 'Online Backup', storageGb: 20.25 }),
        anAccountUsage({ accountId: 'EFS2', service: 'Online Backup', storageGb: 11.25 }),
      ],
    });

    it('changes only the quantity of the per-GB addition', () => {
      const { changes, problems, unchanged } = plan({
        lines,
        additions: [flatFee, flatFeeWithoutSerial, perGb],
      });

      expect(problems).toEqual([]);
      expect(unchanged).toBe(0);
      expect(changes).toEqual([
        {
          agreementId: 7,
          additionId: 73,
          productId: 12,
          productIdentifier: 'Online Backup Basic Storage w/25 GB',
          update: { quantity: 31.5 },
          changes: [{ field: 'quantity', from: 20, to: 31.5 }],
        },
      ]);
    });

    it('leaves "Less Included" to ConnectWise: the update never carries it', () => {
      const { changes } = plan({ lines, additions: [flatFee, perGb] });

      expect(changes[0]?.update).not.toHaveProperty('lessIncluded');
      expect(perGb.lessIncluded).toBe(25);
    });
  });

  describe('given an addition already billing the expected quantity', () => {
    it('counts it as unchanged', () => {
      const result = plan({ additions: [anAddition({ quantity: 152.40000000001 })] });

      expect(result).toEqual({ changes: [], problems: [], gaps: [], unchanged: 1 });
    });
  });

  describe('given invoice descriptions are updated', () => {
    it('writes the description when it differs', () => {
      const { changes } = plan({
        updateInvoiceDescriptions: true,
        additions: [anAddition({ quantity: 152.4, invoiceDescription: 'Backup' })],
      });

      expect(changes[0]?.update).toEqual({
        invoiceDescription: 'EFS123456789 Head office server: 152.40 GB',
      });
    });
  });

  describe('given invoice descriptions are not updated', () => {
    it("keeps the partner's own description", () => {
      const { changes, unchanged } = plan({
        additions: [anAddition({ quantity: 152.4, invoiceDescription: 'Backup' })],
      });

      expect(changes).toEqual([]);
      expect(unchanged).toBe(1);
    });
  });

  describe('given additions that are not billable', () => {
    it.each([
      ['cancelled', { additions: [anAddition({ cancelledDate: '2026-11-15T00:00:00Z' })] }],
      ['of another serial number', { additions: [anAddition({ serialNumber: 'EFS-55555' })] }],
      ['on a cancelled agreement', { agreements: [anAgreement({ cancelled: true })] }],
      ['on an ended agreement', { agreements: [anAgreement({ endDate: '2026-11-30T00:00:00Z' })] }],
      ['on an agreement not listed', { agreements: [anAgreement({ id: 8 })] }],
    ])('leaves an addition %s alone and reports the missing one', (_name, overrides) => {
      const { changes, problems } = plan(overrides);

      expect(changes).toEqual([]);
      expect(problems.map((p) => p.code)).toEqual(['missing-addition']);
    });

    it('still bills an addition cancelled in the future, matching the serial loosely', () => {
      const { changes } = plan({
        additions: [anAddition({ cancelledDate: '2027-01-31T00:00:00Z', serialNumber: ' efs-19652 ' })],
        agreements: [anAgreement({ endDate: '2027-12-31T00:00:00Z' })],
      });

      expect(changes.map((c) => c.additionId)).toEqual([70]);
    });
  });

  describe('given no addition for a line', () => {
    it('reports how to add one, because the bridge never creates additions', () => {
      const { problems } = plan({ additions: [] });

      expect(problems).toEqual([
        {
          level: 'error',
          code: 'missing-addition',
          message:
            'no active agreement addition for product BDR-CLOUD-GB with serial number EFS-19652: add one to ' +
            "the customer's agreement (Product BDR-CLOUD-GB, Serial Number EFS-19652); the bridge never " +
            'creates additions',
        },
      ]);
    });
  });

  describe('given two additions for one product', () => {
    it('touches neither and reports both ids', () => {
      const { changes, problems } = plan({
        additions: [anAddition({ id: 70 }), anAddition({ id: 75, agreementId: 7 })],
      });

      expect(changes).toEqual([]);
      expect(problems).toEqual([expect.objectContaining({ level: 'error', code: 'duplicate-additions' })]);
      expect(problems[0]?.message).toContain('ids 70 (agreement 7), 75 (agreement 7)');
    });
  });
});
