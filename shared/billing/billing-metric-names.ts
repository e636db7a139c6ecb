import type { DriftClass } from '../domain/billing-drift.js';

/**
 * The billing sweep's metric names (stable: the dashboard and the error alarm are built on them),
 * one per drift class plus the run's figures.
 */
export const billingMetricNames = {
  customersChecked: 'billingCustomersChecked',
  customersChanged: 'billingCustomersChanged',
  customersDrifted: 'billingCustomersDrifted',
  /** Customers a run could not check (alarmed). */
  errors: 'billingErrors',
  runsFinished: 'billingRunsFinished',
  drift: (driftClass: DriftClass): string =>
    `billingDrift${driftClass
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join('')}`,
} as const;
