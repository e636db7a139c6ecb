import { classifyBillingDrift, correctedDriftClasses, type DriftFinding } from '../domain/billing-drift.js';
import type { PartnerConfig } from '../domain/partner-config.js';
import { managedIdOf } from '../domain/portal-event.js';
import { PartnerConfigurationError } from '../errors.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import type { StateCache } from '../ports/state-cache.js';
import type { SyncMarkers } from '../ports/sync-markers.js';
import type { KnownCustomer, UsageStore } from '../ports/usage-store.js';
import { expectedBillingFor, missingIntegration } from '../sync/billing-sync.js';
import { resolvePartnerCustomer } from '../sync/company-resolution.js';
import { billedProductsKey } from '../sync/marker-keys.js';

/** `preview` computes the report and writes nothing to ConnectWise; `apply` corrects drift. */
export type ReconcileMode = 'preview' | 'apply';

export interface ReconcileDeps {
  readonly usage: UsageStore;
  readonly cache: StateCache;
  readonly markers: SyncMarkers;
  /** Seconds the invocation may still run (company discovery pauses in time). */
  readonly remainingSeconds: () => number;
}

export interface ReconcileInput {
  readonly partner: PartnerConfig;
  readonly customer: Pick<KnownCustomer, 'customerId' | 'customerName'>;
  readonly gateways: ConnectWiseGateways;
  /** ISO 8601. */
  readonly now: string;
  readonly mode: ReconcileMode;
}

/** A finding as the report keeps it: corrected only when the sweep wrote the fix. */
export type ReportedFinding = DriftFinding & { readonly corrected: boolean };

/** One customer's part of a reconciliation report. */
export interface CustomerReconciliation {
  readonly customerId: string;
  readonly customerName: string;
  readonly companyId?: number;
  /**
   * `in-line`: nothing differs; `changed`: drift was corrected (in preview: would be); `drifted`:
   * drift only a person can fix (reported); `error`: the customer could not be checked.
   */
  readonly status: 'in-line' | 'changed' | 'drifted' | 'error';
  readonly findings: readonly ReportedFinding[];
  /** Additions already right. */
  readonly unchanged: number;
  /** Why the customer could not be checked (status `error`). */
  readonly error?: string;
}

const statusOf = (findings: readonly ReportedFinding[]): CustomerReconciliation['status'] => {
  if (findings.length === 0) return 'in-line';
  const needsPerson = findings.some((f) => !correctedDriftClasses.has(f.driftClass));
  return needsPerson ? 'drifted' : 'changed';
};

/**
 * Reconciles one customer's billing: what its usage should bill against the additions
 * ConnectWise holds, classified (`classifyBillingDrift`). In `apply` mode the quantity and
 * description findings are PATCHed, one request per addition; nothing else is ever written. The
 * 12-hour data sync window is neither checked nor closed. A permanent failure (unmapped
 * customer, missing integration, ConnectWise refusing a request) is reported, not thrown.
 * @throws RetryableError (ConnectWise down, paced, rate limited): the caller retries the customer
 */
export const reconcileCustomer = async (
  deps: ReconcileDeps,
  input: ReconcileInput,
): Promise<CustomerReconciliation> => {
  const { partner, customer, gateways, now } = input;
  const base = { customerId: customer.customerId, customerName: customer.customerName };
  const accounts = await deps.usage.getCustomerAccounts(partner.partnerId, customer.customerId);
  let companyId: number;
  try {
    const company = await resolvePartnerCustomer(deps, gateways.directory, {
      partner,
      customerId: customer.customerId,
      customerName: customer.customerName,
      now,
    });
    companyId = company.companyId;
  } catch (error) {
    if (!(error instanceof PartnerConfigurationError)) throw error;
    const finding: ReportedFinding = {
      driftClass: 'customer-unmapped',
      detail: error.message,
      corrected: false,
    };
    return { ...base, status: 'drifted', findings: [finding], unchanged: 0 };
  }
  const { setup, expected } = await expectedBillingFor(
    { billing: gateways.billing, cache: deps.cache },
    { partner, accounts, now, fresh: false },
  );
  if (setup.integrationId === undefined) {
    return {
      ...base,
      companyId,
      status: 'error',
      findings: [],
      unchanged: 0,
      error: missingIntegration(partner).message,
    };
  }
  const managedId = managedIdOf(customer.customerId);
  const agreements = await gateways.billing.listAgreements(companyId);
  const additions =
    agreements.length === 0
      ? []
      : await gateways.billing.listAdditions(
          agreements.map((agreement) => agreement.id),
          managedId,
        );
  const billedBefore = (await deps.markers.get<number[]>(billedProductsKey(partner.partnerId, managedId)))
    ?.value;
  const drift = classifyBillingDrift({
    lines: expected.lines,
    unbilled: expected.unbilled,
    agreements,
    additions,
    serialNumber: managedId,
    updateInvoiceDescriptions: partner.settings.updateInvoiceDescriptions,
    now,
    previouslyBilledProductIds: new Set(billedBefore ?? []),
  });
  if (input.mode === 'apply') {
    for (const change of drift.changes) {
      await gateways.billing.updateAddition(change.agreementId, change.additionId, change.update);
    }
  }
  const findings = drift.findings.map(
    (finding): ReportedFinding => ({
      ...finding,
      corrected: input.mode === 'apply' && correctedDriftClasses.has(finding.driftClass),
    }),
  );
  return { ...base, companyId, status: statusOf(findings), findings, unchanged: drift.unchanged };
};
