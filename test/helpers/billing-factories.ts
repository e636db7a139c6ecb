import type { ExpectedLine } from '../../shared/domain/billing-plan.js';
import type { AdditionRecord, AgreementSummary } from '../../shared/ports/billing-gateway.js';
import { anAccountUsage } from './usage-factories.js';

/** The serial number of customer 19652's billed additions. */
export const aSerialNumber = 'EFS-19652';

/** An open agreement (id 7) with no end date; override any field. */
export const anAgreement = (overrides: Partial<AgreementSummary> = {}): AgreementSummary => ({
  id: 7,
  name: 'Managed backup',
  cancelled: false,
  endDate: undefined,
  ...overrides,
});

/** A cloud storage addition (id 70, product 20) with customer 19652's serial on agreement 7. */
export const anAddition = (overrides: Partial<AdditionRecord> = {}): AdditionRecord => ({
  id: 70,
  agreementId: 7,
  productId: 20,
  productIdentifier: 'BDR-CLOUD-GB',
  quantity: 100,
  lessIncluded: undefined,
  invoiceDescription: undefined,
  serialNumber: aSerialNumber,
  cancelledDate: undefined,
  ...overrides,
});

/** What product 20 should bill for `anAccountUsage()`: 152.4 GB. */
export const aLine = (overrides: Partial<ExpectedLine> = {}): ExpectedLine => ({
  productId: 20,
  productIdentifier: 'BDR-CLOUD-GB',
  unit: 'storage',
  services: ['Online Backup'],
  accounts: [anAccountUsage()],
  quantity: 152.4,
  invoiceDescription: 'EFS123456789 Head office server: 152.40 GB',
  ...overrides,
});
