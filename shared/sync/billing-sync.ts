import { planAdditionUpdates } from '../domain/addition-plan.js';
import { expectedBillingOf, type UnbilledAccount } from '../domain/billing-plan.js';
import type { PartnerConfig } from '../domain/partner-config.js';
import type { SyncProblem } from '../domain/sync-problem.js';
import type { AgreementSummary, BillingGateway, CrossReference } from '../ports/billing-gateway.js';
import type { StateCache, StateKey } from '../ports/state-cache.js';
import type { AccountUsage } from '../ports/usage-store.js';
import type { SyncChange } from './data-sync-outcome.js';

/**
 * How long the partner's integration and cross-references are trusted. A company's agreements are
 * read on every sync instead: a cancelled agreement's additions must never be billed from a stale list.
 */
export const billingSetupCacheSeconds = 3600;

interface BillingSetup {
  readonly integrationId: number | undefined;
  readonly crossReferences: readonly CrossReference[];
}

export interface BillingSyncDeps {
  readonly billing: BillingGateway;
  readonly cache: StateCache;
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

/** A cached value, or `load`ed and cached when absent or `refresh`. */
const cached = async <T>(
  deps: BillingSyncDeps,
  key: StateKey,
  options: { now: string; ttlSeconds: number; refresh: boolean },
  load: () => Promise<T>,
): Promise<T> => {
  const hit = options.refresh ? undefined : await deps.cache.get<T>(key);
  if (hit) return hit.value;
  const value = await load();
  await deps.cache.put(key, value, { storedAt: options.now, ttlSeconds: options.ttlSeconds });
  return value;
};

const billingSetupOf = async (deps: BillingSyncDeps, input: BillingSyncInput): Promise<BillingSetup> => {
  const options = { now: input.now, ttlSeconds: billingSetupCacheSeconds, refresh: input.fresh };
  const setup = await cached(deps, setupKey(input.partner), options, async () => {
    const integrationId = await deps.billing.findIntegrationId(
      input.partner.connectWise.managementSolutionName,
    );
    const crossReferences =
      integrationId === undefined ? [] : await deps.billing.listCrossReferences(integrationId);
    return { integrationId, crossReferences };
  });
  return setup;
};

const isOpen = (agreement: AgreementSummary, now: string): boolean =>
  !agreement.cancelled &&
  (agreement.endDate === undefined || Date.parse(agreement.endDate) > Date.parse(now));

const noCrossReference = (
  account: Extract<UnbilledAccount, { reason: 'no-cross-reference' }>,
): SyncProblem => ({
  level: 'warning',
  code: 'no-cross-reference',
  message: `account ${account.account.accountId} (service ${account.account.service}) is not billed: no active cross-reference for type "${account.vendorType}", level "${account.vendorLevel}". In ConnectWise, System > Setup Tables > Managed Devices Integration > Cross-References, add one with that Type and Level and the product to bill`,
});

const missingIntegration = (partner: PartnerConfig): SyncProblem => ({
  level: 'error',
  code: 'missing-integration',
  message: `no managed devices integration for the management solution "${partner.connectWise.managementSolutionName}": quantities were not updated. In ConnectWise, System > Setup Tables > Managed Devices Integration, create it for that solution (Login By Global, Billing Level Detailed, Match on Serial Number) and cross-reference the billed products`,
});

/**
 * Billing quantities and invoice descriptions: the customer's additions with serial
 * `EFS-<customerId>` on its open agreements, for each cross-referenced product its usage is billed
 * through. Warm (the integration and cross-references cached), this is one read of the company's
 * agreements, one read of additions per open agreement, and one PATCH per changed addition.
 */
export const syncBilling = async (
  deps: BillingSyncDeps,
  input: BillingSyncInput,
): Promise<{ changes: SyncChange[]; problems: SyncProblem[]; unchanged: number }> => {
  const setup = await billingSetupOf(deps, input);
  if (setup.integrationId === undefined)
    return { changes: [], problems: [missingIntegration(input.partner)], unchanged: 0 };
  const { lines, unbilled } = expectedBillingOf({
    catalogue: input.partner.serviceCatalogue,
    crossReferences: setup.crossReferences,
    accounts: input.accounts,
  });
  const unreferenced = unbilled.flatMap((account) =>
    account.reason === 'no-cross-reference' ? [noCrossReference(account)] : [],
  );
  if (lines.length === 0) return { changes: [], problems: unreferenced, unchanged: 0 };
  const plan = await planFor(deps, input, lines);
  const changes: SyncChange[] = [];
  for (const change of plan.changes) {
    await deps.billing.updateAddition(change.agreementId, change.additionId, change.update);
    const target = `addition #${change.additionId} (${change.productIdentifier ?? `product ${change.productId}`})`;
    changes.push(...change.changes.map((fieldChange) => ({ target, ...fieldChange })));
  }
  return { changes, problems: [...unreferenced, ...plan.problems], unchanged: plan.unchanged };
};

const planFor = async (
  deps: BillingSyncDeps,
  input: BillingSyncInput,
  lines: Parameters<typeof planAdditionUpdates>[0]['lines'],
) => {
  const agreements = (await deps.billing.listAgreements(input.companyId)).filter((agreement) =>
    isOpen(agreement, input.now),
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
  });
};
