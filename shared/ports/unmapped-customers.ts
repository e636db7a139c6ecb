/**
 * Customers whose events found no ConnectWise company (no Managed ID `EFS-<id>`), with the
 * events an operator reprocesses once the Managed ID is added. Company resolution notes them and
 * clears a customer once its company is found; the doctor lists them.
 */

/** The events kept per customer: enough to reprocess after a fix, bounded whatever the traffic. */
export const unmappedEventIdsKept = 25;

export interface UnmappedCustomer {
  readonly customerId: string;
  readonly customerName: string;
  readonly managedId: string;
  /** ISO 8601. */
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  /** Events that stopped at the missing mapping (at most `unmappedEventIdsKept`, sorted). */
  readonly eventIds: readonly string[];
  /** More events stopped there than `eventIds` holds. */
  readonly moreEvents: boolean;
}

export interface UnmappedCustomerNote {
  readonly customerId: string;
  readonly customerName: string;
  readonly managedId: string;
  /** The event that found no company, when an event did. */
  readonly eventId?: string;
  /** ISO 8601. */
  readonly at: string;
}

export interface UnmappedCustomers {
  /** Idempotent: noting the same event again changes nothing but `lastSeenAt`. */
  note(partnerId: string, note: UnmappedCustomerNote): Promise<void>;
  /** The customer's company was found: it is no longer listed. */
  clear(partnerId: string, customerId: string): Promise<void>;
  /** The partner's unmapped customers, by customer id (as text), at most `limit`. */
  list(partnerId: string, options?: { readonly limit?: number }): Promise<UnmappedCustomer[]>;
}
