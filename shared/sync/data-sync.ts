import { managedIdOf } from '../domain/portal-event.js';
import type { SyncProblem } from '../domain/sync-problem.js';
import type { StateCache } from '../ports/state-cache.js';
import type { SyncMarkers } from '../ports/sync-markers.js';
import type { UnmappedCustomers } from '../ports/unmapped-customers.js';
import type { CustomerUsage } from '../ports/usage-store.js';
import { syncBackupStatistics } from './backup-statistics-sync.js';
import { syncBilling } from './billing-sync.js';
import { resolveCompany, resolveManagementSolutionId } from './company-resolution.js';
import type { SyncChange } from './data-sync-outcome.js';
import type { JobContext } from './sync-job.js';

export interface CustomerDataDeps {
  /** Where customers that map to no company are noted for the doctor. */
  readonly unmapped?: UnmappedCustomers;
  readonly cache: StateCache;
  readonly markers: SyncMarkers;
  readonly remainingSeconds: () => number;
}

export interface CustomerDataResult {
  readonly companyId: number;
  readonly changes: SyncChange[];
  readonly problems: SyncProblem[];
  /** Additions already right. */
  readonly unchanged: number;
  /** What the partner's settings left out, for the event log. */
  readonly skipped: string[];
}

/**
 * Pushes one customer's usage into its ConnectWise company: the Managed ID records when "Update
 * Backup Statistics" is on, and the billing of every service the catalogue bills.
 * @throws PartnerConfigurationError when the customer maps to no company (names the Managed ID)
 */
export const syncCustomerData = async (
  deps: CustomerDataDeps,
  context: JobContext,
  usage: CustomerUsage,
  /** Every change is pushed here as soon as ConnectWise took it, so a failure can say what was done. */
  applied: SyncChange[],
): Promise<CustomerDataResult> => {
  const { event, partner, now } = context;
  const gateways = await context.connect();
  const managedId = managedIdOf(event.customer.id);
  const managementSolutionName = partner.connectWise.managementSolutionName;
  const lookup = {
    directory: gateways.directory,
    cache: deps.cache,
    markers: deps.markers,
    remainingSeconds: deps.remainingSeconds,
    ...(deps.unmapped && { unmapped: deps.unmapped }),
  };
  const company = await resolveCompany(lookup, {
    partnerId: partner.partnerId,
    managementSolutionName,
    customerId: event.customer.id,
    customerName: event.customer.name,
    now,
    fresh: context.force,
    eventId: event.eventId,
  });
  const problems: SyncProblem[] = [];
  const skipped: string[] = [];
  let unchanged = 0;
  if (partner.settings.updateBackupStatistics) {
    const managementSolutionId = await resolveManagementSolutionId(lookup, {
      partnerId: partner.partnerId,
      managementSolutionName,
      now,
    });
    const statisticsInput = {
      partnerId: partner.partnerId,
      now,
      fresh: context.force,
      companyId: company.companyId,
      managementSolutionId,
      managementSolutionName,
      managedId,
      usage,
    };
    const statisticsDeps = { managedIds: gateways.managedIds, cache: deps.cache };
    problems.push(...(await syncBackupStatistics(statisticsDeps, statisticsInput, applied)));
  } else skipped.push('backup statistics: Update Backup Statistics is off');
  if (partner.serviceCatalogue.length > 0) {
    const billing = await syncBilling(
      { billing: gateways.billing, cache: deps.cache, markers: deps.markers },
      {
        partner,
        companyId: company.companyId,
        managedId,
        accounts: usage.accounts,
        now,
        fresh: context.force,
      },
      applied,
    );
    problems.push(...billing.problems);
    unchanged += billing.unchanged;
  } else skipped.push('billing: the service catalogue bills no service');
  return { companyId: company.companyId, changes: [...applied], problems, unchanged, skipped };
};
