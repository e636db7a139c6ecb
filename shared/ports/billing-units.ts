/** One customer of one sweep run: what the billing queue carries. */
export interface BillingUnit {
  readonly partnerId: string;
  readonly runId: string;
  readonly startedAt: string;
  readonly customerId: string;
  readonly customerName: string;
}

/** Where a sweep sends its units. */
export interface BillingUnitQueue {
  /** Sends every unit (in batches); throws when some could not be sent after retries. */
  send(units: readonly BillingUnit[]): Promise<void>;
}
