import type { AdditionRecord, AgreementSummary } from '../ports/billing-gateway.js';
import { type AdditionChange, isOpenAgreement, planAdditionUpdates } from './addition-plan.js';
import type { ExpectedLine, UnbilledAccount } from './billing-plan.js';
import { normalised } from './billing-plan.js';

/**
 * What the billing reconciliation can find for a customer. Only `quantity` and `description` are
 * corrected (the bridge owns those two fields); every other class is reported and left for a
 * person, because fixing it means choosing between additions, agreements or companies.
 */
export const driftClasses = [
  /** An addition's quantity differs from the usage: corrected, old → new recorded. */
  'quantity',
  /** An addition's invoice description differs (with "Update Invoice Descriptions" on): corrected. */
  'description',
  /** A cross-referenced service is billed through a product the customer has no addition for. */
  'missing-addition',
  /** Two or more active additions with the same product and serial: neither is touched. */
  'duplicate-additions',
  /** The customer's addition for the product sits on a cancelled or expired agreement: skipped. */
  'agreement-closed',
  /** No ConnectWise company holds the customer's Managed ID. */
  'customer-unmapped',
  /** An account's service has no active cross-reference, so nothing can bill it. */
  'no-cross-reference',
] as const;
export type DriftClass = (typeof driftClasses)[number];

/** The classes the reconciliation corrects itself. */
export const correctedDriftClasses: ReadonlySet<DriftClass> = new Set(['quantity', 'description']);

/** One drift of one customer, as the report lists it. */
export interface DriftFinding {
  readonly driftClass: DriftClass;
  /** What an operator reads: what differs and what to do about it, in ConnectWise's words. */
  readonly detail: string;
  readonly productId?: number;
  readonly productIdentifier?: string;
  readonly agreementId?: number;
  /** The additions concerned (several for duplicates). */
  readonly additionIds?: readonly number[];
  /** For a corrected field: what ConnectWise held and what it should hold. */
  readonly from?: number | string;
  readonly to?: number | string;
}

/** What to change and what to report for one customer's billing. */
export interface CustomerDrift {
  /** The PATCHes that correct the `quantity` and `description` findings. */
  readonly changes: readonly AdditionChange[];
  readonly findings: readonly DriftFinding[];
  /** Additions already right. */
  readonly unchanged: number;
}

const productOf = (line: ExpectedLine): string => line.productIdentifier ?? `product ${line.productId}`;

/**
 * Compares what a customer's usage should bill (`lines`, from `expectedBillingOf`) with the
 * additions ConnectWise holds on all the company's agreements, open or not, and classifies every
 * difference. The corrections are exactly the data sync's (`planAdditionUpdates`), so a sweep and
 * an event-driven sync can never disagree about a quantity. Pure.
 */
export const classifyBillingDrift = (input: {
  readonly lines: readonly ExpectedLine[];
  readonly unbilled: readonly UnbilledAccount[];
  /** Every agreement of the company, cancelled and expired ones included. */
  readonly agreements: readonly AgreementSummary[];
  /** The customer's additions (its serial number) on those agreements. */
  readonly additions: readonly AdditionRecord[];
  readonly serialNumber: string;
  readonly updateInvoiceDescriptions: boolean;
  readonly now: string;
  readonly previouslyBilledProductIds?: ReadonlySet<number>;
}): CustomerDrift => {
  const plan = planAdditionUpdates(input);
  const findings: DriftFinding[] = [];
  for (const change of plan.changes) {
    for (const field of change.changes) {
      const driftClass: DriftClass = field.field === 'quantity' ? 'quantity' : 'description';
      const product = change.productIdentifier ?? `product ${change.productId}`;
      findings.push({
        driftClass,
        detail:
          driftClass === 'quantity'
            ? `addition #${change.additionId} (${product}): quantity ${String(field.from)} → ${field.to}`
            : `addition #${change.additionId} (${product}): invoice description differs from the usage`,
        productId: change.productId,
        ...(change.productIdentifier !== undefined && { productIdentifier: change.productIdentifier }),
        agreementId: change.agreementId,
        additionIds: [change.additionId],
        ...(field.from !== undefined && { from: field.from }),
        to: field.to,
      });
    }
  }
  const open = new Set(input.agreements.filter((a) => isOpenAgreement(a, input.now)).map((a) => a.id));
  const serial = normalised(input.serialNumber);
  for (const gap of plan.gaps) {
    const product = productOf(gap.line);
    const base = {
      productId: gap.line.productId,
      ...(gap.line.productIdentifier !== undefined && { productIdentifier: gap.line.productIdentifier }),
    };
    if (gap.kind === 'duplicate') {
      findings.push({
        driftClass: 'duplicate-additions',
        detail: `${gap.additions.length} active additions for ${product} with serial number ${input.serialNumber}: cancel all but one (or give the others another serial number); none was changed`,
        ...base,
        additionIds: gap.additions.map((a) => a.id),
      });
      continue;
    }
    const onClosed = input.additions.find(
      (a) =>
        a.productId === gap.line.productId &&
        normalised(a.serialNumber) === serial &&
        !open.has(a.agreementId),
    );
    const agreement = onClosed && input.agreements.find((a) => a.id === onClosed.agreementId);
    if (onClosed && agreement) {
      const state = agreement.cancelled ? 'cancelled' : `ended ${agreement.endDate ?? ''}`.trim();
      findings.push({
        driftClass: 'agreement-closed',
        detail: `the addition for ${product} (serial ${input.serialNumber}) is on agreement "${agreement.name}", which is ${state}: skipped; move the addition to an active agreement if the customer is still billed`,
        ...base,
        agreementId: agreement.id,
        additionIds: [onClosed.id],
      });
    } else {
      findings.push({
        driftClass: 'missing-addition',
        detail: `no active agreement addition for ${product} with serial number ${input.serialNumber}: add one to the customer's agreement (Product ${product}, Serial Number ${input.serialNumber}); the bridge never creates additions`,
        ...base,
      });
    }
  }
  for (const account of input.unbilled) {
    if (account.reason !== 'no-cross-reference') continue;
    findings.push({
      driftClass: 'no-cross-reference',
      detail: `account ${account.account.accountId} (service ${account.account.service}) is not billed: no active cross-reference for type "${account.vendorType}", level "${account.vendorLevel}"`,
    });
  }
  return { changes: plan.changes, findings, unchanged: plan.unchanged };
};
