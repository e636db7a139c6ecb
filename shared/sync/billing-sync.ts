import { isOpenAgreement, planAdditionUpdates } from '../domain/addition-plan.js';
import { expectedBillingOf, type UnbilledAccount } from '../domain/billing-plan.js';
import type { PartnerConfig } from '../domain/partner-config.js';
import type { SyncProblem } from '../domain/sync-problem.js';
import type { BillingGateway, CrossReference } from '../ports/billing-gateway.js';
import type { StateCache, StateKey } from '../ports/state-cache.js';
import type { SyncMarkers } from '../ports/sync-markers.js';
import type { AccountUsage } from '../ports/usage-store.js';
import type { SyncChange } from './data-sync-outcome.js';
import { billedProductsKey, markerSeconds } from './marker-keys.js';
import { readThrough } from './read-through.js';

/**
 * How long the partner's integration and cross-references are trusted: longer than the 12-hour
 * window, so a customer's next sync finds them warm; an account without a cross-reference, or a
 * reprocess, reads them afresh. A company's agreements are read on every sync instead: a cancelled
 * agreement's additions must never be billed from a stale list.
 */
export const billingSetupCacheSeconds = 24 * 3600;

export interface BillingSetup {
  readonly integrationId: number | undefined;
  readonly crossReferences: readonly CrossReference[];
}

export interface BillingSyncDeps {
  readonly billing: BillingGateway;
  readonly cache: StateCache;
  /** The products the customer was billed through at its last sync. */
  readonly markers: SyncMarkers;
}

export interface BillingSyncInput {
  readonly partner: PartnerConfig;
  readonly companyId: number;
  readonly managedId: string;
  readonly accounts: readonly AccountUsage[];
  /** ISO 8601. */
  readonly now: string;
  /** Read the integration, cross-references and agreements afresh (an operator's reprocess). */
  readonly fresh: boolean;
}

const partnerPk = (partnerId: string) => `PARTNER#${partnerId}`;
const setupKey = (partner: PartnerConfig): StateKey => ({
  pk: partnerPk(partner.partnerId),
  sk: `BILLING#${partner.connectWise.managementSolutionName}`,
});

const billingSetupOf = async (
  deps: Pick<BillingSyncDeps, 'billing' | 'cache'>,
  input: Pick<BillingSyncInput, 'partner' | 'now'>,
  refresh: boolean,
): Promise<BillingSetup> => {
  const options = { now: input.now, ttlSeconds: billingSetupCacheSeconds, refresh };
  const setup = await readThrough(deps.cache, setupKey(input.partner), options, async () => {
    const integrationId = await deps.billing.findIntegrationId(
      input.partner.connectWise.managementSolutionName,
    );
    const crossReferences =
      integrationId === undefined ? [] : await deps.billing.listCrossReferences(integrationId);
    return { integrationId, crossReferences };
  });
  return setup;
};

const expectedFrom = (input: Pick<BillingSyncInput, 'partner' | 'accounts'>, setup: BillingSetup) =>
  expectedBillingOf({
    catalogue: input.partner.serviceCatalogue,
    crossReferences: setup.crossReferences,
    accounts: input.accounts,
  });

const noCrossReference = (
  account: Extract<UnbilledAccount, { reason: 'no-cross-reference' }>,
): SyncProblem => ({
  level: 'warning',
  code: 'no-cross-reference',
  message: `account ${account.account.accountId} (service ${account.account.service}) is not billed: no active cross-reference for type "${account.vendorType}", level "${account.vendorLevel}". In ConnectWise, System > Setup Tables > Managed Devices Integration > Cross-References, add one with that Type and Level and the product to bill`,
});

/** The partner has no managed-devices integration for its management solution. */
export const missingIntegration = (partner: PartnerConfig): SyncProblem => ({
  level: 'error',
  code: 'missing-integration',
  message: `no managed devices integration for the management solution "${partner.connectWise.managementSolutionName}": quantities were not updated. In ConnectWise, System > Setup Tables > Managed Devices Integration, create it for that solution (Login By Global, Billing Level Detailed, Match on Serial Number) and cross-reference the billed products`,
});

/**
 * The partner's billing setup (cached) and what the customer's accounts should bill. A
 * cross-reference added since the setup was cached is read once before an account is reported
 * as having none. Shared by the data sync and the billing reconciliation.
 */
export const expectedBillingFor = async (
  deps: Pick<BillingSyncDeps, 'billing' | 'cache'>,
  input: Pick<BillingSyncInput, 'partner' | 'accounts' | 'now' | 'fresh'>,
): Promise<{ setup: BillingSetup; expected: ReturnType<typeof expectedBillingOf> }> => {
  let setup = await billingSetupOf(deps, input, input.fresh);
  let expected = expectedFrom(input, setup);
  if (!input.fresh && expected.unbilled.some((account) => account.reason === 'no-cross-reference')) {
    setup = await billingSetupOf(deps, input, true);
    expected = expectedFrom(input, setup);
  }
  return { setup, expected };
};

/**
 * Billing quantities and invoice descriptions: the customer's additions with serial
 * `EFS-<customerId>` on its open agreements, for each cross-referenced product its usage is billed
 * through. Warm (the integration and cross-references cached), this is one read of the company's
 * agreements, one read of additions per open agreement, and one PATCH per changed addition.
 */
export const syncBilling = async (
  deps: BillingSyncDeps,
  input: BillingSyncInput,
  applied: SyncChange[],
): Promise<{ problems: SyncProblem[]; unchanged: number }> => {
  const { setup, expected } = await expectedBillingFor(deps, input);
  if (setup.integrationId === undefined)
    return { problems: [missingIntegration(input.partner)], unchanged: 0 };
  const unreferenced = expected.unbilled.flatMap((account) =>
    account.reason === 'no-cross-reference' ? [noCrossReference(account)] : [],
  );
  const billedKey = billedProductsKey(input.partner.partnerId, input.managedId);
  const before = new Set((await deps.markers.get<number[]>(billedKey))?.value ?? []);
  if (expected.lines.length === 0 && before.size === 0) return { problems: unreferenced, unchanged: 0 };
  const plan = await planFor(deps, input, expected.lines, before);
  for (const change of plan.changes) {
    await deps.billing.updateAddition(change.agreementId, change.additionId, change.update);
    const target = `addition #${change.additionId} (${change.productIdentifier ?? `product ${change.productId}`})`;
    applied.push(...change.changes.map((fieldChange) => ({ target, ...fieldChange })));
  }
  // Only the products still billed: one set to 0 now is not zeroed again at every sync.
  const billedNow = expected.lines.map((line) => line.productId);
  await deps.markers.put(billedKey, billedNow, {
    storedAt: input.now,
    ttlSeconds: markerSeconds.billedProducts,
  });
  return { problems: [...unreferenced, ...plan.problems], unchanged: plan.unchanged };
};

const planFor = async (
  deps: BillingSyncDeps,
  input: BillingSyncInput,
  lines: Parameters<typeof planAdditionUpdates>[0]['lines'],
  previouslyBilledProductIds: ReadonlySet<number>,
) => {
  const agreements = (await deps.billing.listAgreements(input.companyId)).filter((agreement) =>
    isOpenAgreement(agreement, input.now),
  );
  const additions =
    agreements.length === 0
      ? []
      : await deps.billing.listAdditions(
          agreements.map((agreement) => agreement.id),
          input.managedId,
        );
  return planAdditionUpdates({
    lines,
    additions,
    agreements,
    serialNumber: input.managedId,
    updateInvoiceDescriptions: input.partner.settings.updateInvoiceDescriptions,
    now: input.now,
    previouslyBilledProductIds,
  });
};
