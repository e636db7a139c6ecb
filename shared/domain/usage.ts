import type { AccountUsage, JobCounts } from '../ports/usage-store.js';
import type { PortalEvent } from './portal-event.js';

/** A customer's figures summed over its accounts: what the Managed ID records and billing show. */
export interface UsageTotals {
  readonly servers: number;
  readonly workstations: number;
  /** Servers + workstations. */
  readonly managedMachines: number;
  readonly storageGb: number;
}

/**
 * The calendar month (`YYYY-MM`, UTC) an instant falls in: job counters are kept per month.
 * `2026-11-30T23:30:00-02:00` is `2026-12`. Throws a `RangeError` for a string that is no time.
 */
export const monthOf = (isoTime: string): string => new Date(isoTime).toISOString().slice(0, 7);

/**
 * The account's usage snapshot an event carries, or `undefined` when it has no `stats` (a
 * service status alert, say). `occurredAt` is normalised to UTC (`…Z`) so snapshots compare as
 * strings.
 */
export const accountUsageOf = (event: PortalEvent): AccountUsage | undefined => {
  const { stats, account } = event;
  if (stats === undefined) return undefined;
  return {
    accountId: account.id,
    accountName: account.name,
    service: account.service,
    plan: account.plan,
    servers: stats.servers,
    workstations: stats.workstations,
    storageGb: stats.storageGb,
    localStorageGb: stats.localStorageGb,
    occurredAt: new Date(event.occurredAt).toISOString(),
    eventId: event.eventId,
  };
};

/**
 * What one event adds to its month's job counters: the jobs its `stats` report and one
 * notification for a warning or error. `undefined` when it adds nothing.
 */
export const jobCountsOf = (event: PortalEvent): JobCounts | undefined => {
  const counts: JobCounts = {
    successfulJobs: event.stats?.successfulJobs ?? 0,
    failedJobs: event.stats?.failedJobs ?? 0,
    notifications: event.severity === 'warning' || event.severity === 'error' ? 1 : 0,
  };
  const total = counts.successfulJobs + counts.failedJobs + counts.notifications;
  return total === 0 ? undefined : counts;
};

/** Orders accounts by account id (code-unit order, the same in every locale). */
export const byAccountId = (a: AccountUsage, b: AccountUsage): number =>
  a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;

// Summing GB values leaves float noise (0.1 + 0.2 = 0.30000000000000004); a micro-GB is ~1 KB.
const storagePrecision = 1e6;

/**
 * Servers, workstations, managed machines and storage summed over a customer's accounts.
 * Storage is rounded to 1e-6 GB so that float noise from adding never shows or gets billed.
 */
export const usageTotalsOf = (accounts: readonly AccountUsage[]): UsageTotals => {
  let servers = 0;
  let workstations = 0;
  let storageGb = 0;
  for (const account of accounts) {
    servers += account.servers;
    workstations += account.workstations;
    storageGb += account.storageGb;
  }
  return {
    servers,
    workstations,
    managedMachines: servers + workstations,
    storageGb: Math.round(storageGb * storagePrecision) / storagePrecision,
  };
};
