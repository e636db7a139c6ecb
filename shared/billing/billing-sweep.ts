import type { PartnerConfig } from '../domain/partner-config.js';
import { RetryableError } from '../errors.js';
import type {
  BillingReports,
  BillingRunRef,
  BillingRunReport,
  BillingRunTrigger,
} from '../ports/billing-reports.js';
import type { BillingUnit, BillingUnitQueue } from '../ports/billing-units.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import type { PartnerRepository } from '../ports/partner-repository.js';
import { summarizeReconciliation } from './billing-report.js';
import { type CustomerReconciliation, type ReconcileDeps, reconcileCustomer } from './reconcile-customer.js';

/**
 * A stored report lists at most this many changes, and as many customers needing attention (the
 * figures count them all; the preview lists everything): the report stays one DynamoDB item.
 */
export const maxReportedChanges = 300;

/** Customers listed from the registry, and sent to the queue, at a time. */
const planPageSize = 500;

export interface SweepPlanDeps {
  readonly partners: Pick<PartnerRepository, 'listPartnerIds' | 'getConfig'>;
  readonly usage: ReconcileDeps['usage'];
  readonly reports: BillingReports;
  readonly queue: BillingUnitQueue;
  readonly now: () => Date;
  readonly newRunId: () => string;
  /** Told once per finished run (the handler logs the summary line and emits the metrics). */
  readonly onRunFinished: (report: FinishedRun) => void;
}

export interface SweepUnitDeps extends ReconcileDeps {
  readonly partners: Pick<PartnerRepository, 'getConfig'>;
  readonly reports: BillingReports;
  readonly connectWise: (partner: PartnerConfig) => Promise<ConnectWiseGateways>;
  readonly now: () => Date;
  readonly onRunFinished: (report: FinishedRun) => void;
}

/** A run whose every customer is recorded, with its summary. */
export interface FinishedRun extends BillingRunRef {
  readonly finishedAt: string;
  readonly planned: number;
  readonly summary: NonNullable<BillingRunReport['summary']>;
}

/** What planning one partner's sweep did. */
export interface PlannedRun extends BillingRunRef {
  readonly planned: number;
}

/**
 * Starts one sweep run per partner: a report header, then one queue message per customer that
 * ever reported usage. No customer is reconciled here, so the run's size never meets the
 * function's time limit and one broken customer never stops the others. A partner without
 * customers finishes at once.
 */
export const planSweep = async (
  deps: SweepPlanDeps,
  trigger: BillingRunTrigger,
  partnerIds?: readonly string[],
): Promise<PlannedRun[]> => {
  const planned: PlannedRun[] = [];
  for (const partnerId of partnerIds ?? (await deps.partners.listPartnerIds())) {
    const run: BillingRunRef = { partnerId, runId: deps.newRunId(), startedAt: deps.now().toISOString() };
    await deps.reports.startRun(run, trigger);
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await deps.usage.listCustomers(partnerId, {
        limit: planPageSize,
        ...(cursor !== undefined && { cursor }),
      });
      const units = page.customers.map(
        (customer): BillingUnit => ({
          ...run,
          customerId: customer.customerId,
          customerName: customer.customerName,
        }),
      );
      await deps.queue.send(units);
      count += units.length;
      cursor = page.cursor;
    } while (cursor !== undefined);
    const progress = await deps.reports.setPlanned(run, count);
    if (progress.recorded >= count) await finishRun(deps, run, count);
    planned.push({ ...run, planned: count });
  }
  return planned;
};

/** What became of one unit. */
export type SweepUnitOutcome =
  | { readonly kind: 'recorded'; readonly result: CustomerReconciliation }
  | { readonly kind: 'already-recorded' }
  | { readonly kind: 'partner-gone' };

/**
 * Reconciles one customer of a run and records its result; the last customer recorded finishes
 * the run. A permanent failure is recorded as that customer's error. A failure on ConnectWise's
 * side is thrown so the queue delivers the unit again — unless `lastAttempt`, when it is recorded
 * as an error instead: the next sweep tries the customer again, so nothing is lost by reporting it.
 * @throws RetryableError while ConnectWise is down, paced or rate limited (and not `lastAttempt`)
 */
export const runSweepUnit = async (
  deps: SweepUnitDeps,
  unit: BillingUnit,
  options: { readonly lastAttempt: boolean },
): Promise<SweepUnitOutcome> => {
  const partner = await deps.partners.getConfig(unit.partnerId);
  if (!partner) return { kind: 'partner-gone' };
  const customer = { customerId: unit.customerId, customerName: unit.customerName };
  let result: CustomerReconciliation;
  try {
    const gateways = await deps.connectWise(partner);
    result = await reconcileCustomer(deps, {
      partner,
      customer,
      gateways,
      now: deps.now().toISOString(),
      mode: 'apply',
    });
  } catch (error) {
    if (error instanceof RetryableError && !options.lastAttempt) throw error;
    result = {
      ...customer,
      status: 'error',
      findings: [],
      unchanged: 0,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  const progress = await deps.reports.recordCustomer(unit, result);
  if (!progress) return { kind: 'already-recorded' };
  if (progress.planned !== undefined && progress.recorded >= progress.planned) {
    await finishRun(deps, unit, progress.planned);
  }
  return { kind: 'recorded', result };
};

const finishRun = async (
  deps: Pick<SweepUnitDeps, 'reports' | 'now' | 'onRunFinished'>,
  run: BillingRunRef,
  planned: number,
): Promise<void> => {
  const results = await deps.reports.customerResults(run);
  const summary = summarizeReconciliation(results);
  const attention = results.filter((result) => result.status === 'drifted' || result.status === 'error');
  const stored = {
    ...summary,
    changes: summary.changes.slice(0, maxReportedChanges),
    changesTruncated: summary.changes.length > maxReportedChanges,
    needsAttention: attention.slice(0, maxReportedChanges),
    needsAttentionTruncated: attention.length > maxReportedChanges,
  };
  const finishedAt = deps.now().toISOString();
  if (await deps.reports.finish(run, stored, finishedAt)) {
    deps.onRunFinished({
      partnerId: run.partnerId,
      runId: run.runId,
      startedAt: run.startedAt,
      finishedAt,
      planned,
      summary: stored,
    });
  }
};
