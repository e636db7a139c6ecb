/**
 * What the bridge knows about each backup account's usage: the latest snapshot (by the event's
 * `occurredAt`) and the job counters of each calendar month (UTC). The data sync and the billing
 * sweep compute ConnectWise's figures from it, so it matters for correctness: writes are
 * conditional, and counting an event twice is impossible by construction.
 */

/** The latest usage of one account, taken from the newest event that carried `stats`. */
export interface AccountUsage {
  readonly accountId: string;
  readonly accountName: string;
  /** The portal's service (matched against the partner's service catalogue). */
  readonly service: string;
  readonly plan: string;
  readonly servers: number;
  readonly workstations: number;
  readonly storageGb: number;
  readonly localStorageGb: number;
  /** ISO 8601 in UTC (`…Z`): when the event this snapshot came from happened. */
  readonly occurredAt: string;
  /** The event this snapshot came from. */
  readonly eventId: string;
}

/** Job counters of one month: what the BackupStats record shows. */
export interface JobCounts {
  readonly successfulJobs: number;
  readonly failedJobs: number;
  /** Warning and error events. */
  readonly notifications: number;
}

/** Everything known about one customer: its accounts and the month's counters summed over them. */
export interface CustomerUsage {
  readonly accounts: readonly AccountUsage[];
  readonly jobs: JobCounts;
}

/** A customer that reported usage, as the partner's customer registry lists it. */
export interface KnownCustomer {
  readonly customerId: string;
  readonly customerName: string;
  /** ISO 8601: the newest usage the registry was told of. */
  readonly lastUsageAt: string;
}

/** What an event with usage tells the registry: the customer, and one of its accounts. */
export interface CustomerRegistration extends KnownCustomer {
  /** The account the usage came from: the registry lists every account of the customer. */
  readonly accountId: string;
}

/** One page of a partner's customers, in customer id order (as text). */
export interface KnownCustomerPage {
  readonly customers: readonly KnownCustomer[];
  /** The last customer id of this page, to continue after; absent on the last page. */
  readonly cursor?: string;
}

export interface UsageStore {
  /**
   * Stores the account's snapshot unless one at least as new (by `occurredAt`) is stored:
   * an older or replayed event never overwrites a newer snapshot.
   */
  putSnapshot(partnerId: string, customerId: string, usage: AccountUsage): Promise<'stored' | 'not-newer'>;
  /**
   * Adds one event's counts to its account's month (`YYYY-MM`), at most once per event id,
   * however often it is called.
   */
  addJobCounts(input: {
    readonly partnerId: string;
    readonly customerId: string;
    readonly accountId: string;
    readonly month: string;
    readonly eventId: string;
    readonly counts: JobCounts;
  }): Promise<'added' | 'already-counted'>;
  /** The customer's accounts and the month's counters summed over them (zeros when none). */
  getCustomerUsage(partnerId: string, customerId: string, month: string): Promise<CustomerUsage>;
  /** The customer's accounts alone, by account id: what billing needs, without the month's counters. */
  getCustomerAccounts(partnerId: string, customerId: string): Promise<readonly AccountUsage[]>;
  /**
   * Records that the customer reported usage from the account (keeps the newest name, and every
   * account); idempotent. Called before the account's snapshot is stored, so a listed account
   * without a snapshot can be seen for a moment, never a snapshot the registry does not list.
   */
  registerCustomer(partnerId: string, registration: CustomerRegistration): Promise<void>;
  /** The partner's customers that ever reported usage, a page at a time. */
  listCustomers(partnerId: string, options?: { cursor?: string; limit?: number }): Promise<KnownCustomerPage>;
}
