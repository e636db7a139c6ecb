import type { BillingReportSummary } from '../billing/billing-report.js';
import type { CustomerReconciliation } from '../billing/reconcile-customer.js';

/** Names one sweep run of one partner. */
export interface BillingRunRef {
  readonly partnerId: string;
  readonly runId: string;
  /** ISO 8601; runs list newest first by it. */
  readonly startedAt: string;
}

/** Who started a run. */
export type BillingRunTrigger = 'schedule' | 'operator';

/** A stored report: the run, how far it got, and once finished its figures and changes. */
export interface BillingRunReport extends BillingRunRef {
  readonly trigger: BillingRunTrigger;
  /** Customers sent out; absent while the sweep is still listing them. */
  readonly planned?: number;
  /** Customers sent out so far, page by page; equals `planned` once that is known. */
  readonly queued?: number;
  /** Customers whose result is recorded. */
  readonly recorded: number;
  readonly finishedAt?: string;
  /** Present once finished; the lists hold at most `maxReportedChanges` entries each. */
  readonly summary?: BillingReportSummary & {
    readonly changesTruncated: boolean;
    /** Customers drifted in a way only a person can fix, or that could not be checked. */
    readonly needsAttention: readonly CustomerReconciliation[];
    readonly needsAttentionTruncated: boolean;
  };
}

/** Progress after a write: finished when `planned` is known and every customer is recorded. */
export interface BillingRunProgress {
  readonly planned: number | undefined;
  readonly recorded: number;
}

/** The billing reports: one per partner and run, kept 90 days. */
export interface BillingReports {
  /** Stores the run's header, no page planned yet. */
  startRun(run: BillingRunRef, trigger: BillingRunTrigger): Promise<void>;
  /** Pages of customers the run has planned so far; undefined when the run is not stored. */
  planStep(run: BillingRunRef): Promise<number | undefined>;
  /**
   * Counts one more page planned, from `step` to `step + 1`, with the units sent so far; false when
   * the run is not at `step` (another delivery of the same page got there first).
   */
  advancePlan(run: BillingRunRef, step: number, queued: number): Promise<boolean>;
  /**
   * Sets how many customers the run sent out with its last page, `step`, and counts that step: its
   * planning is over. Undefined when the run is not at `step` (another delivery got there first).
   */
  setPlanned(run: BillingRunRef, step: number, planned: number): Promise<BillingRunProgress | undefined>;
  /**
   * Stores one customer's result, once: a redelivered unit's second result is not stored and
   * not counted (`undefined`).
   */
  recordCustomer(run: BillingRunRef, result: CustomerReconciliation): Promise<BillingRunProgress | undefined>;
  /** Every customer result of the run. */
  customerResults(run: BillingRunRef): Promise<CustomerReconciliation[]>;
  /** Marks the run finished with its summary; false when another call already did. */
  finish(
    run: BillingRunRef,
    summary: NonNullable<BillingRunReport['summary']>,
    finishedAt: string,
  ): Promise<boolean>;
  /** The partner's latest runs, newest first. */
  latestRuns(partnerId: string, limit: number): Promise<BillingRunReport[]>;
}
