import { correctedDriftClasses, type DriftClass, driftClasses } from '../domain/billing-drift.js';
import type { CustomerReconciliation, ReconcileMode } from './reconcile-customer.js';

/** One field of one addition the reconciliation corrected (or, in a preview, would correct). */
export interface ReportedChange {
  readonly customerId: string;
  readonly agreementId: number | undefined;
  readonly additionId: number | undefined;
  readonly productIdentifier: string | undefined;
  readonly field: 'quantity' | 'invoiceDescription';
  readonly from: number | string | undefined;
  readonly to: number | string | undefined;
  readonly corrected: boolean;
}

/** What a reconciliation found for one partner: the figures, the changes and every finding. */
export interface BillingReportSummary {
  readonly customersChecked: number;
  /** Customers with at least one corrected (in a preview: correctable) field. */
  readonly customersChanged: number;
  /** Customers with drift a person must fix. */
  readonly customersDrifted: number;
  readonly errors: number;
  /** Findings per class, every class present (0 when none). */
  readonly driftByClass: Readonly<Record<DriftClass, number>>;
  readonly changes: readonly ReportedChange[];
}

const changesOf = (result: CustomerReconciliation): ReportedChange[] =>
  result.findings.flatMap((finding) =>
    correctedDriftClasses.has(finding.driftClass)
      ? [
          {
            customerId: result.customerId,
            agreementId: finding.agreementId,
            additionId: finding.additionIds?.[0],
            productIdentifier: finding.productIdentifier,
            field: finding.driftClass === 'quantity' ? 'quantity' : 'invoiceDescription',
            from: finding.from,
            to: finding.to,
            corrected: finding.corrected,
          },
        ]
      : [],
  );

/** Sums customers' results into a report's figures. Pure. */
export const summarizeReconciliation = (results: readonly CustomerReconciliation[]): BillingReportSummary => {
  const driftByClass = Object.fromEntries(driftClasses.map((name) => [name, 0])) as Record<
    DriftClass,
    number
  >;
  for (const result of results) for (const finding of result.findings) driftByClass[finding.driftClass] += 1;
  return {
    customersChecked: results.length,
    customersChanged: results.filter((r) => r.findings.some((f) => correctedDriftClasses.has(f.driftClass)))
      .length,
    customersDrifted: results.filter((r) => r.status === 'drifted').length,
    errors: results.filter((r) => r.status === 'error').length,
    driftByClass,
    changes: results.flatMap(changesOf),
  };
};

/** A preview: the report of a reconciliation that wrote nothing. */
export interface BillingPreview extends BillingReportSummary {
  readonly partnerId: string;
  readonly mode: ReconcileMode;
  readonly generatedAt: string;
  /** False when the preview stopped early (time, ConnectWise unavailable); `nextCursor` continues it. */
  readonly complete: boolean;
  readonly stoppedBecause?: string;
  readonly nextCursor?: string;
  /** Every customer that is not in line, with its findings. */
  readonly customers: readonly CustomerReconciliation[];
}
