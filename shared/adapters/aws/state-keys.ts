import { ValidationError } from '../../errors.js';

/**
 * The one home of the key formats and TTLs of the state table's records that sit behind their own
 * ports (usage snapshots, monthly job counters, sync windows, delivery state). A part never holds
 * `#` and every prefix ends in one, so customer `1965`'s keys never match customer `19652`'s. The sync
 * markers, whose keys the use cases pass, keep theirs in `shared/sync/marker-keys.ts`; caches
 * (`PARTNER#…` items) keep theirs beside the use case they serve.
 */

/** A key of the state table. */
export interface StateTableKey {
  readonly pk: string;
  readonly sk: string;
}

/** What a `begins_with` Query needs: the partition and the sort key prefix. */
export interface StateTablePrefix {
  readonly pk: string;
  readonly skPrefix: string;
}

const secondsPerDay = 24 * 3600;

/**
 * Monthly job counters are billed after their month closes, and a year later the same month is
 * still worth comparing against; 400 days after the month ends the record expires.
 */
export const jobCountersTtlSeconds = 400 * secondsPerDay;

/**
 * A window record only refuses a claim for the 12-hour window; it is kept 30 days for looking into
 * sync questions, far longer than the window, so TTL deletion can never reopen a closed window.
 */
export const syncWindowTtlSeconds = 30 * secondsPerDay;

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * One customer's usage partition: its account snapshots and job counters, read together by one
 * Query each. A partition per customer, not per partner: a large partner's nightly burst of
 * events spreads over many partitions instead of heating one, and reading a customer costs the
 * same whatever the partner's size. The billing sweep lists customers from the registry below.
 */
const usagePartition = (partnerId: string, customerId: string): string =>
  `USAGE#${keyPart('partnerId', partnerId)}#CUSTOMER#${keyPart('customerId', customerId)}`;

/** The latest usage snapshot of one account. */
export const usageSnapshotKey = (
  partnerId: string,
  customerId: string,
  accountId: string,
): StateTableKey => ({
  pk: usagePartition(partnerId, customerId),
  sk: `${customerAccountsPrefix(partnerId, customerId).skPrefix}${keyPart('accountId', accountId)}`,
});

/** Every account snapshot of one customer. */
export const customerAccountsPrefix = (partnerId: string, customerId: string): StateTablePrefix => ({
  pk: usagePartition(partnerId, customerId),
  skPrefix: 'ACCOUNT#',
});

/**
 * One event's job counts, an item of their own under the account's month (`YYYY-MM`, UTC): writing
 * the same event again writes the same item, so a redelivery cannot count twice, and no item grows
 * with the month. The month's counters are the sum of these items.
 */
export const jobCountsKey = (
  partnerId: string,
  customerId: string,
  month: string,
  accountId: string,
  eventId: string,
): StateTableKey => ({
  pk: usagePartition(partnerId, customerId),
  sk: `${customerJobsPrefix(partnerId, customerId, month).skPrefix}${keyPart('accountId', accountId)}#${keyPart('eventId', eventId)}`,
});

/** Every account's job counters of one customer in one month (`YYYY-MM`, UTC). */
export const customerJobsPrefix = (
  partnerId: string,
  customerId: string,
  month: string,
): StateTablePrefix => ({
  pk: usagePartition(partnerId, customerId),
  skPrefix: `JOBS#${checkedMonth(month)}#`,
});

/**
 * Where usage was kept before it had a partition per customer: `USAGE#<partner>` with the customer
 * in the sort key. Still read (and merged) so an upgrade bills from every account at once instead
 * of only those that reported since; nothing writes there any more.
 */
export const legacyAccountsPrefix = (partnerId: string, customerId: string): StateTablePrefix => ({
  pk: `USAGE#${keyPart('partnerId', partnerId)}`,
  skPrefix: `CUSTOMER#${keyPart('customerId', customerId)}#ACCOUNT#`,
});

/** A month's job counters of one customer in the layout before (see `legacyAccountsPrefix`). */
export const legacyJobsPrefix = (partnerId: string, customerId: string, month: string): StateTablePrefix => ({
  pk: `USAGE#${keyPart('partnerId', partnerId)}`,
  skPrefix: `CUSTOMER#${keyPart('customerId', customerId)}#JOBS#${checkedMonth(month)}#`,
});

/**
 * One partner's customer registry: a small item per customer that ever reported usage, so the
 * billing sweep lists a partner's customers with one Query instead of reading every usage item.
 */
export const customerRegistryPartition = (partnerId: string): string =>
  `CUSTOMERS#${keyPart('partnerId', partnerId)}`;

/** A customer's entry in its partner's registry. */
export const customerRegistryKey = (partnerId: string, customerId: string): StateTableKey => ({
  pk: customerRegistryPartition(partnerId),
  sk: `CUSTOMER#${keyPart('customerId', customerId)}`,
});

/** The data sync window of one customer. */
export const syncWindowKey = (partnerId: string, customerId: string): StateTableKey => ({
  pk: `WINDOW#${keyPart('partnerId', partnerId)}`,
  sk: `CUSTOMER#${keyPart('customerId', customerId)}`,
});

/** The delivery state (pace, pause, circuit) of one partner's ConnectWise. */
export const deliveryStateKey = (partnerId: string): StateTableKey => ({
  pk: `DELIVERY#${keyPart('partnerId', partnerId)}`,
  sk: 'STATE',
});

/**
 * `expiresAt` (epoch seconds) of a month's job counts: derived from the month, not the clock, so
 * every write of the record sets the same value.
 */
export const jobCountersExpiresAt = (month: string): number => {
  const [year, monthNumber] = checkedMonth(month).split('-').map(Number);
  // Date.UTC's month is 0-based, so the 1-based month number is the start of the next month.
  const nextMonthStart = Date.UTC(year ?? 0, monthNumber ?? 0, 1) / 1000;
  return nextMonthStart + jobCountersTtlSeconds;
};

/** `expiresAt` (epoch seconds) of a window record written at `now` (ISO 8601). */
export const syncWindowExpiresAt = (now: string): number =>
  Math.floor(Date.parse(now) / 1000) + syncWindowTtlSeconds;

function keyPart(field: string, value: string): string {
  if (value === '' || value.includes('#')) {
    throw new ValidationError(`${field} cannot be part of a state key`, [
      { field, message: "must be non-empty and contain no '#'" },
    ]);
  }
  return value;
}

function checkedMonth(month: string): string {
  if (!monthPattern.test(month)) {
    throw new ValidationError('month must be YYYY-MM', [{ field: 'month', message: 'must be YYYY-MM' }]);
  }
  return month;
}

/** Billing reports are kept 90 days. */
export const billingReportTtlSeconds = 90 * secondsPerDay;

/** A partner's billing run headers, newest first by their sort key. */
export const billingRunsPartition = (partnerId: string): string =>
  `BILLING#${keyPart('partnerId', partnerId)}`;

/** The header of one billing run. */
export const billingRunKey = (partnerId: string, startedAt: string, runId: string): StateTableKey => ({
  pk: billingRunsPartition(partnerId),
  sk: `RUN#${keyPart('startedAt', startedAt)}#${keyPart('runId', runId)}`,
});

/** One customer's result in one billing run. */
export const billingRunCustomerKey = (
  partnerId: string,
  runId: string,
  customerId: string,
): StateTableKey => ({
  pk: `BILLINGRUN#${keyPart('partnerId', partnerId)}#${keyPart('runId', runId)}`,
  sk: `CUSTOMER#${keyPart('customerId', customerId)}`,
});

/** An unmapped customer is forgotten 30 days after its last event found no company. */
export const unmappedCustomerTtlSeconds = 30 * secondsPerDay;

/** A partner's unmapped customers, listed by the doctor with one Query. */
export const unmappedCustomersPartition = (partnerId: string): string =>
  `UNMAPPED#${keyPart('partnerId', partnerId)}`;

/** One unmapped customer and the events that stopped at its missing Managed ID. */
export const unmappedCustomerKey = (partnerId: string, customerId: string): StateTableKey => ({
  pk: unmappedCustomersPartition(partnerId),
  sk: `CUSTOMER#${keyPart('customerId', customerId)}`,
});

/** Admin audit entries are kept 400 days: a year of changes to look back on. */
export const adminAuditTtlSeconds = 400 * secondsPerDay;

/** The one partition of the admin audit trail: operators' changes are few, and read newest first. */
export const adminAuditPartition = 'AUDIT';
