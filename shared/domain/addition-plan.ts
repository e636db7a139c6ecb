import type { AdditionRecord, AdditionUpdate, AgreementSummary } from '../ports/billing-gateway.js';
import { type ExpectedLine, normalised } from './billing-plan.js';
import type { FieldChange } from './field-change.js';
import type { SyncProblem } from './sync-problem.js';

/** An expected line no single billable addition carries: none, or several (ambiguous). */
export interface AdditionGap {
  readonly kind: 'missing' | 'duplicate';
  readonly line: ExpectedLine;
  /** The billable additions found: none when missing, two or more when duplicated. */
  readonly additions: readonly AdditionRecord[];
}

/** One agreement addition the billing sync corrects, and what changes in it. */
export interface AdditionChange {
  readonly agreementId: number;
  readonly additionId: number;
  readonly productId: number;
  readonly productIdentifier: string | undefined;
  /** Only `quantity` and `invoiceDescription`, and only when they differ. */
  readonly update: AdditionUpdate;
  readonly changes: FieldChange[];
}

// Quantities are compared with a tolerance so a float round trip through ConnectWise is no change.
const quantityTolerance = 1e-9;

/**
 * The agreement additions to correct so ConnectWise bills what `lines` expect. Only billable
 * additions are considered: the customer's serial number, not cancelled by `now`, on an agreement
 * neither cancelled nor ended by `now`. Everything else (flat fees, other serials, cancelled
 * ones) is never touched, and an update holds only `quantity` and, with
 * `updateInvoiceDescriptions`, `invoiceDescription`: never prices, "less included" or dates.
 *
 * A line without a billable addition, or with several, is an error and changes nothing: the
 * bridge never creates additions nor guesses between two. Pure.
 */
export const planAdditionUpdates = (input: {
  readonly lines: readonly ExpectedLine[];
  readonly additions: readonly AdditionRecord[];
  readonly agreements: readonly AgreementSummary[];
  readonly serialNumber: string;
  readonly updateInvoiceDescriptions: boolean;
  readonly now: string;
  /**
   * The products the customer's accounts were billed through before (at its last sync). A
   * billable addition of one of them that no line expects any more (its accounts moved to another
   * service or left) is set to quantity 0, or the customer would keep paying for it. A product
   * never billed from a known account is left alone: the bridge may just not have seen its
   * accounts yet.
   */
  readonly previouslyBilledProductIds?: ReadonlySet<number>;
}): { changes: AdditionChange[]; problems: SyncProblem[]; gaps: AdditionGap[]; unchanged: number } => {
  const billable = billableAdditionsOf(input);
  const serial = input.serialNumber.trim();
  const changes: AdditionChange[] = [];
  const problems: SyncProblem[] = [];
  const gaps: AdditionGap[] = [];
  let unchanged = 0;
  for (const line of input.lines) {
    const matches = billable.filter((a) => a.productId === line.productId);
    const [addition] = matches;
    if (addition === undefined) {
      problems.push(missingAdditionProblem(line, serial));
      gaps.push({ kind: 'missing', line, additions: [] });
    } else if (matches.length > 1) {
      problems.push(duplicateAdditionsProblem(line, serial, matches));
      gaps.push({ kind: 'duplicate', line, additions: matches });
    } else {
      const change = additionChangeOf(line, addition, input.updateInvoiceDescriptions);
      if (change) changes.push(change);
      else unchanged += 1;
    }
  }
  const expected = new Set(input.lines.map((line) => line.productId));
  for (const addition of billable) {
    if (expected.has(addition.productId) || !input.previouslyBilledProductIds?.has(addition.productId))
      continue;
    const change = emptiedAdditionChangeOf(addition);
    if (change) changes.push(change);
    else unchanged += 1;
  }
  return { changes, problems, gaps, unchanged };
};

/** Quantity 0 for an addition no account is billed through any more; its description is left as it is. */
const emptiedAdditionChangeOf = (addition: AdditionRecord): AdditionChange | undefined => {
  if (Math.abs(addition.quantity ?? 0) <= quantityTolerance) return undefined;
  return {
    agreementId: addition.agreementId,
    additionId: addition.id,
    productId: addition.productId,
    productIdentifier: addition.productIdentifier,
    update: { quantity: 0 },
    changes: [{ field: 'quantity', from: addition.quantity, to: 0 }],
  };
};

const dayMs = 86_400_000;

/**
 * An agreement bills until the end of its end date (ConnectWise keeps the last billable day, at
 * midnight), unless cancelled. Pure.
 */
export const isOpenAgreement = (agreement: AgreementSummary, now: string): boolean =>
  !agreement.cancelled &&
  (agreement.endDate === undefined || Date.parse(agreement.endDate) + dayMs > Date.parse(now));

const billableAdditionsOf = (input: {
  readonly additions: readonly AdditionRecord[];
  readonly agreements: readonly AgreementSummary[];
  readonly serialNumber: string;
  readonly now: string;
}): AdditionRecord[] => {
  const now = Date.parse(input.now);
  if (Number.isNaN(now)) throw new RangeError(`now must be an ISO 8601 time, got "${input.now}"`);
  const notYet = (iso: string | undefined): boolean => iso === undefined || Date.parse(iso) > now;
  const agreementIds = new Set(
    input.agreements.filter((a) => isOpenAgreement(a, input.now)).map((a) => a.id),
  );
  const serial = normalised(input.serialNumber);
  return input.additions.filter(
    (a) =>
      normalised(a.serialNumber) === serial && notYet(a.cancelledDate) && agreementIds.has(a.agreementId),
  );
};

const additionChangeOf = (
  line: ExpectedLine,
  addition: AdditionRecord,
  updateInvoiceDescriptions: boolean,
): AdditionChange | undefined => {
  const update: { quantity?: number; invoiceDescription?: string } = {};
  const changes: FieldChange[] = [];
  const from = addition.quantity;
  if (from === undefined || Math.abs(from - line.quantity) > quantityTolerance) {
    update.quantity = line.quantity;
    changes.push({ field: 'quantity', from, to: line.quantity });
  }
  if (updateInvoiceDescriptions && addition.invoiceDescription !== line.invoiceDescription) {
    update.invoiceDescription = line.invoiceDescription;
    changes.push({
      field: 'invoiceDescription',
      from: addition.invoiceDescription,
      to: line.invoiceDescription,
    });
  }
  if (changes.length === 0) return undefined;
  return {
    agreementId: addition.agreementId,
    additionId: addition.id,
    productId: addition.productId,
    productIdentifier: addition.productIdentifier ?? line.productIdentifier,
    update,
    changes,
  };
};

const productNameOf = (line: ExpectedLine): string => line.productIdentifier ?? `id ${line.productId}`;

const missingAdditionProblem = (line: ExpectedLine, serial: string): SyncProblem => {
  const product = productNameOf(line);
  return {
    level: 'error',
    code: 'missing-addition',
    message:
      `no active agreement addition for product ${product} with serial number ${serial}: add one to the ` +
      `customer's agreement (Product ${product}, Serial Number ${serial}); the bridge never creates additions`,
  };
};

const duplicateAdditionsProblem = (
  line: ExpectedLine,
  serial: string,
  additions: readonly AdditionRecord[],
): SyncProblem => {
  const ids = additions.map((a) => `${a.id} (agreement ${a.agreementId})`).join(', ');
  return {
    level: 'error',
    code: 'duplicate-additions',
    message:
      `${additions.length} active agreement additions for product ${productNameOf(line)} with serial ` +
      `number ${serial}: ids ${ids}; none is updated until all but one are cancelled or get another serial number`,
  };
};
