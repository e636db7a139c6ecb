import type { PartnerConfig } from '../domain/partner-config.js';
import { RetryableError } from '../errors.js';
import type {
  BillingReports,
  BillingRunRef,
  BillingRunReport,
  BillingRunTrigger,
} from '../ports/billing-reports.js';
import type { BillingUnit, BillingUnitQueue, PlanContinuation } from '../ports/billing-units.js';
import type { ConnectWiseGateways } from '../ports/connectwise-gateways.js';
import type { PartnerRepository } from '../ports/partner-repository.js';
import { summarizeReconciliation } from './billing-report.js';
import { type CustomerReconciliation, type ReconcileDeps, reconcileCustomer } from './reconcile-customer.js';

/**
 * A stored report lists at most this many changes, and as many customers needing attention (the
 * figures count them all; the preview lists everything): the report stays one DynamoDB item.
 */
export const maxReportedChanges = 300;

/** Customers listed from the registry, and sent to the queue, per page of a run's planning. */
export const defaultPlanPageSize = 500;

export interface SweepPlanDeps {
  readonly partners: Pick<PartnerRepository, 'listPartnerIds' | 'getConfig'>;
  readonly usage: ReconcileDeps['usage'];
  readonly reports: BillingReports;
  readonly queue: BillingUnitQueue;
  readonly now: () => Date;
  readonly newRunId: () => string;
  /** Told once per finished run (the handler logs the summary line and emits the metrics). */
  readonly onRunFinished: (report: FinishedRun) => void;
  /** @default defaultPlanPageSize */
  readonly planPageSize?: number;
}

/** What planning the rest of a run needs: the consumer of a continuation has no partner list. */
export type PlanPageDeps = Omit<SweepPlanDeps, 'partners' | 'newRunId'>;

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
  /** Customers sent to the queue so far. */
  readonly queued: number;
  /** Every customer of the run, once its planning is over; absent while pages remain to plan. */
  readonly planned?: number;
}

/**
 * Starts one sweep run per partner: a report header, then its first page of customers (those
 * that ever reported usage), one queue message each. No customer is reconciled here, so the run's
 * size never meets the function's time limit and one broken customer never stops the others. When
 * more customers remain, a continuation goes to the queue behind the page and the consumer plans
 * the next page: the queue holds about a page per partner, not every customer at once. A partner
 * without customers finishes at once.
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
    const page = await planPage(deps, run, 0, undefined, 0);
    planned.push({ ...run, ...page });
  }
  return planned;
};

/** What became of a continuation. */
export type ContinuationOutcome =
  | { readonly kind: 'planned'; readonly queued: number; readonly planned?: number }
  | { readonly kind: 'duplicate' };

/**
 * Plans the page a continuation names. A continuation delivered twice finds the run past its step
 * and does nothing; one whose work was cut off before the step was counted is planned again (its
 * units, sent twice, are recorded once).
 */
export const continuePlan = async (
  deps: PlanPageDeps,
  continuation: PlanContinuation,
): Promise<ContinuationOutcome> => {
  const run: BillingRunRef = {
    partnerId: continuation.partnerId,
    runId: continuation.runId,
    startedAt: continuation.startedAt,
  };
  if ((await deps.reports.planStep(run)) !== continuation.step) return { kind: 'duplicate' };
  const page = await planPage(deps, run, continuation.step, continuation.cursor, continuation.queued);
  return { kind: 'planned', ...page };
};

/**
 * Sends one page of a run's units, then either the continuation for the next page, counted as a
 * step only after it is sent (so a crash between the two repeats the page rather than losing the
 * rest of the run), or, on the last page, the run's size, set and counted as a step at once.
 */
const planPage = async (
  deps: PlanPageDeps,
  run: BillingRunRef,
  step: number,
  cursor: string | undefined,
  queuedBefore: number,
): Promise<{ queued: number; planned?: number }> => {
  const page = await deps.usage.listCustomers(run.partnerId, {
    limit: deps.planPageSize ?? defaultPlanPageSize,
    ...(cursor !== undefined && { cursor }),
  });
  const units = page.customers.map(
    (customer): BillingUnit => ({
      ...run,
      customerId: customer.customerId,
      customerName: customer.customerName,
    }),
  );
  const queued = queuedBefore + units.length;
  if (page.cursor !== undefined) {
    const next: PlanContinuation = { ...run, kind: 'plan-next', step: step + 1, cursor: page.cursor, queued };
    await deps.queue.send([...units, next]);
    await deps.reports.advancePlan(run, step, queued);
    return { queued };
  }
  await deps.queue.send(units);
  const progress = await deps.reports.setPlanned(run, step, queued);
  if (progress && progress.recorded >= queued) await finishRun(deps, run, queued);
  return { queued, planned: queued };
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
