import type { CrossReference } from '../ports/billing-gateway.js';
import type { AccountUsage } from '../ports/usage-store.js';
import { billedQuantityOf } from './billing-quantities.js';
import { invoiceDescriptionOf } from './invoice-description.js';
import { type BillingUnit, defaultGbIncrement, type ServiceCatalogueEntry } from './partner-config.js';
import { byAccountId } from './usage.js';

/** What one cross-referenced product should bill for a customer. */
export interface ExpectedLine {
  readonly productId: number;
  readonly productIdentifier: string | undefined;
  readonly unit: BillingUnit;
  /** The catalogue services billed through this product, as the catalogue spells them, sorted. */
  readonly services: readonly string[];
  /** Sorted by account id. */
  readonly accounts: readonly AccountUsage[];
  readonly quantity: number;
  readonly invoiceDescription: string;
}

/** An account no product bills, and why. */
export type UnbilledAccount =
  | { readonly account: AccountUsage; readonly reason: 'service-not-in-catalogue' }
  | {
      readonly account: AccountUsage;
      readonly reason: 'no-cross-reference';
      /** The active cross-reference looked for. */
      readonly vendorType: string;
      readonly vendorLevel: string;
    };

/** Trimmed and lower-cased: ConnectWise compares text case-insensitively. */
export const normalised = (text: string | undefined): string => (text ?? '').trim().toLowerCase();

// An exact level wins over a cross-reference without level (which matches any); the lowest id
// breaks ties so the choice never depends on the order ConnectWise lists them in.
const crossReferenceFor = (
  crossReferences: readonly CrossReference[],
  vendorType: string,
  vendorLevel: string,
): CrossReference | undefined => {
  const candidates = crossReferences
    .filter((x) => !x.inactive && normalised(x.vendorType) === normalised(vendorType))
    .sort((a, b) => a.id - b.id);
  return (
    candidates.find((x) => normalised(x.vendorLevel) === normalised(vendorLevel)) ??
    candidates.find((x) => normalised(x.vendorLevel) === '')
  );
};

interface LineDraft {
  readonly productIdentifier: string | undefined;
  /** The catalogue entry that sets the unit and increment, and its catalogue position. */
  entry: ServiceCatalogueEntry;
  entryIndex: number;
  readonly services: Set<string>;
  readonly accounts: AccountUsage[];
}

/**
 * What each cross-referenced product should bill: every account's service is looked up in the
 * catalogue (trimmed, case-insensitive), then the active cross-reference of the entry's vendor
 * type and level (the entry's `vendorLevel`, else the account's plan). Accounts are grouped by
 * product; lines are sorted by product id.
 *
 * When accounts of entries with different units land on one product, the entry listed first in
 * the catalogue sets the unit and GB increment: one addition has one quantity. Pure.
 */
export const expectedBillingOf = (input: {
  readonly catalogue: readonly ServiceCatalogueEntry[];
  readonly crossReferences: readonly CrossReference[];
  readonly accounts: readonly AccountUsage[];
}): { lines: ExpectedLine[]; unbilled: UnbilledAccount[] } => {
  const drafts = new Map<number, LineDraft>();
  const unbilled: UnbilledAccount[] = [];
  for (const account of input.accounts) {
    const entryIndex = input.catalogue.findIndex(
      (e) => normalised(e.service) === normalised(account.service),
    );
    const entry = input.catalogue[entryIndex];
    if (entry === undefined) {
      unbilled.push({ account, reason: 'service-not-in-catalogue' });
      continue;
    }
    const vendorLevel = entry.vendorLevel ?? account.plan;
    const crossReference = crossReferenceFor(input.crossReferences, entry.vendorType, vendorLevel);
    if (crossReference === undefined) {
      unbilled.push({ account, reason: 'no-cross-reference', vendorType: entry.vendorType, vendorLevel });
      continue;
    }
    const draft = drafts.get(crossReference.productId) ?? {
      productIdentifier: crossReference.productIdentifier,
      entry,
      entryIndex,
      services: new Set<string>(),
      accounts: [],
    };
    if (entryIndex < draft.entryIndex) {
      draft.entry = entry;
      draft.entryIndex = entryIndex;
    }
    draft.services.add(entry.service);
    draft.accounts.push(account);
    drafts.set(crossReference.productId, draft);
  }
  const lines = [...drafts].sort(([a], [b]) => a - b).map(([productId, draft]) => lineOf(productId, draft));
  return { lines, unbilled };
};

const lineOf = (productId: number, draft: LineDraft): ExpectedLine => {
  const accounts = [...draft.accounts].sort(byAccountId);
  const gbIncrement = draft.entry.gbIncrement ?? defaultGbIncrement;
  return {
    productId,
    productIdentifier: draft.productIdentifier,
    unit: draft.entry.billing,
    services: [...draft.services].sort(),
    accounts,
    quantity: billedQuantityOf(draft.entry.billing, accounts, gbIncrement),
    invoiceDescription: invoiceDescriptionOf(accounts),
  };
};
