import type { BillingRunRef } from './billing-reports.js';

/** One customer of one sweep run: what the billing queue carries. */
export interface BillingUnit extends BillingRunRef {
  readonly customerId: string;
  readonly customerName: string;
}

/**
 * The rest of a run's planning: the consumer that receives it lists the next page of customers
 * from `cursor`, so a run is planned one page at a time and the queue never holds a whole
 * partner's customers at once.
 */
export interface PlanContinuation extends BillingRunRef {
  readonly kind: 'plan-next';
  /** Pages planned before this one; the run's header must show the same, or this is a duplicate. */
  readonly step: number;
  readonly cursor: string;
  /** Units sent before this page. */
  readonly queued: number;
}

/** What the billing queue carries. */
export type BillingMessage = BillingUnit | PlanContinuation;

export const isPlanContinuation = (message: BillingMessage): message is PlanContinuation =>
  'kind' in message && message.kind === 'plan-next';

/** Where a sweep sends its units. */
export interface BillingUnitQueue {
  /** Sends every message in order (in batches); throws when some could not be sent after retries. */
  send(messages: readonly BillingMessage[]): Promise<void>;
}
