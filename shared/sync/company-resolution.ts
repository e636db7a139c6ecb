import type { PartnerConfig } from '../domain/partner-config.js';
import { managedIdOf } from '../domain/portal-event.js';
import { PartnerConfigurationError } from '../errors.js';
import type { CompanySummary } from '../ports/company-directory.js';
import type { StateKey } from '../ports/state-cache.js';
import type { UnmappedCustomers } from '../ports/unmapped-customers.js';
import { findManagedIdHolder, type SweepDeps } from './company-sweep.js';

/** The ConnectWise company a portal customer maps to. */
export interface CompanyMapping {
  readonly companyId: number;
  readonly identifier: string;
  readonly name: string;
}

type CachedMapping = CompanyMapping | { readonly unmapped: true };

/** How long cached facts are trusted before they are checked again. */
export const companyCacheTimes = {
  /** A mapping is re-verified (one request) after a day. */
  refreshAfterSeconds: 24 * 3600,
  /** Kept long after its refresh age, so a stale mapping is verified instead of rediscovered. */
  keepSeconds: 30 * 24 * 3600,
  /** An unmapped customer, and any customer after a complete pass, is not rescanned for an hour. */
  unmappedSeconds: 3600,
  solutionSeconds: 24 * 3600,
} as const;

/**
 * What company resolution works with: the directory, the cache, the invocation's time left, and
 * where unmapped customers are noted for the doctor (none in the billing preview and sweep).
 */
export type CompanyResolutionDeps = SweepDeps & { readonly unmapped?: UnmappedCustomers };

/** No ConnectWise company holds the customer's Managed ID: the partner must add it. */
export class UnmappedCustomerError extends PartnerConfigurationError {
  override readonly name = 'UnmappedCustomerError';

  constructor(
    message: string,
    readonly customerId: string,
    readonly managedId: string,
  ) {
    super(message);
  }
}

export interface CompanyQuery {
  readonly partnerId: string;
  readonly managementSolutionName: string;
  readonly customerId: string;
  /** Companies named like the customer are checked first during discovery. */
  readonly customerName: string;
  /** ISO 8601. */
  readonly now: string;
  /**
   * Look the company up afresh (an operator's reprocess, after fixing the setup): a cached
   * "unmapped" and a recent complete pass are not trusted, and a cached mapping is verified.
   */
  readonly fresh?: boolean;
  /** The event being synced, noted against the customer when it turns out unmapped. */
  readonly eventId?: string;
}

const managedIdPrefix = managedIdOf('');
const partnerPk = (partnerId: string) => `PARTNER#${partnerId}`;
const mappingKey = (partnerId: string, managedId: string): StateKey => ({
  pk: partnerPk(partnerId),
  sk: `COMPANY#${managedId}`,
});

const ageSeconds = (storedAt: string, now: string): number => (Date.parse(now) - Date.parse(storedAt)) / 1000;

const isMapped = (cached: CachedMapping): cached is CompanyMapping => !('unmapped' in cached);

/**
 * The id of the partner's management solution (the Managed ID records hang under it), cached.
 * @throws PartnerConfigurationError when ConnectWise has no solution of that name
 */
export const resolveManagementSolutionId = async (
  deps: Pick<CompanyResolutionDeps, 'directory' | 'cache'>,
  query: Pick<CompanyQuery, 'partnerId' | 'managementSolutionName' | 'now'>,
): Promise<number> => {
  const key = { pk: partnerPk(query.partnerId), sk: `SOLUTION#${query.managementSolutionName}` };
  const cached = await deps.cache.get<number>(key);
  if (cached) return cached.value;
  const id = await deps.directory.findManagementSolutionId(query.managementSolutionName);
  if (id === undefined) {
    throw new PartnerConfigurationError(
      `management solution "${query.managementSolutionName}" does not exist in ConnectWise: create it or fix the partner's managementSolutionName`,
    );
  }
  await deps.cache.put(key, id, { storedAt: query.now, ttlSeconds: companyCacheTimes.solutionSeconds });
  return id;
};

/**
 * The customer's ConnectWise company: the one holding Managed ID `EFS-<customerId>` in its
 * management summary reports under the partner's management solution. Answers from the cache
 * when it can, re-verifies a stale mapping with one request, and otherwise discovers it.
 * @throws PartnerConfigurationError naming the Managed ID to add when no company holds it.
 */
export const resolveCompany = async (
  deps: CompanyResolutionDeps,
  query: CompanyQuery,
): Promise<CompanyMapping> => {
  const managedId = managedIdOf(query.customerId);
  const cached = await deps.cache.get<CachedMapping>(mappingKey(query.partnerId, managedId));
  if (cached && !isMapped(cached.value) && !query.fresh)
    throw await noteUnmapped(deps, query, managedId, cached.storedAt);
  const known = cached && isMapped(cached.value) ? cached.value : undefined;
  const trusted =
    !query.fresh &&
    ageSeconds(cached?.storedAt ?? query.now, query.now) < companyCacheTimes.refreshAfterSeconds;
  if (known && trusted) return known;
  const solutionId = await resolveManagementSolutionId(deps, query);
  if (known) {
    const ids = await deps.directory.listManagedIds(known.companyId, solutionId, managedId);
    if (ids.includes(managedId)) {
      await rememberMapping(deps, query, managedId, known);
      if (query.fresh) await deps.unmapped?.clear(query.partnerId, query.customerId);
      return known;
    }
  }
  // A mapping that no longer holds was true at the last pass: only a fresh scan can find where it went.
  const found = await discoverCompany(
    deps,
    query,
    solutionId,
    managedId,
    known === undefined && !query.fresh,
  );
  await deps.unmapped?.clear(query.partnerId, query.customerId);
  return found;
};

/**
 * `resolveCompany` for one of a partner's customers: the partner's management solution, the
 * caches and the invocation's time as every job passes them.
 */
export const resolvePartnerCustomer = (
  deps: Omit<CompanyResolutionDeps, 'directory'>,
  directory: CompanyResolutionDeps['directory'],
  query: {
    partner: PartnerConfig;
    customerId: string;
    customerName: string;
    now: string;
    fresh?: boolean;
    eventId?: string;
  },
): Promise<CompanyMapping> =>
  resolveCompany(
    {
      directory,
      cache: deps.cache,
      markers: deps.markers,
      remainingSeconds: deps.remainingSeconds,
      ...(deps.unmapped && { unmapped: deps.unmapped }),
    },
    {
      partnerId: query.partner.partnerId,
      managementSolutionName: query.partner.connectWise.managementSolutionName,
      customerId: query.customerId,
      customerName: query.customerName,
      now: query.now,
      ...(query.fresh && { fresh: true }),
      ...(query.eventId !== undefined && { eventId: query.eventId }),
    },
  );

const rememberMapping = (
  deps: CompanyResolutionDeps,
  query: CompanyQuery,
  managedId: string,
  mapping: CachedMapping,
): Promise<void> =>
  deps.cache.put(mappingKey(query.partnerId, managedId), mapping, {
    storedAt: query.now,
    ttlSeconds: isMapped(mapping) ? companyCacheTimes.keepSeconds : companyCacheTimes.unmappedSeconds,
  });

const mappingOf = (company: CompanySummary): CompanyMapping => ({
  companyId: company.id,
  identifier: company.identifier,
  name: company.name,
});

const discoverCompany = async (
  deps: CompanyResolutionDeps,
  query: CompanyQuery,
  solutionId: number,
  managedId: string,
  trustLastPass: boolean,
): Promise<CompanyMapping> => {
  const holder = await findManagedIdHolder(deps, {
    partnerId: query.partnerId,
    solutionId,
    managedId,
    prefix: managedIdPrefix,
    customerName: query.customerName,
    now: query.now,
    trustPassForSeconds: trustLastPass ? companyCacheTimes.unmappedSeconds : 0,
    ...(query.fresh && { fresh: true }),
    // Every mapping seen on the way is cached, so the next new customer does not rescan these.
    remember: (id, company) => rememberMapping(deps, query, id, mappingOf(company)),
  });
  if (holder) return mappingOf(holder);
  await rememberMapping(deps, query, managedId, { unmapped: true });
  throw await noteUnmapped(deps, query, managedId, query.now);
};

/** Notes the customer (and the event) for the doctor, and gives the error to throw. */
const noteUnmapped = async (
  deps: CompanyResolutionDeps,
  query: CompanyQuery,
  managedId: string,
  checkedAt: string,
): Promise<UnmappedCustomerError> => {
  await deps.unmapped?.note(query.partnerId, {
    customerId: query.customerId,
    customerName: query.customerName,
    managedId,
    at: query.now,
    ...(query.eventId !== undefined && { eventId: query.eventId }),
  });
  return unmappedError(query, managedId, checkedAt);
};

/** Says what to add in ConnectWise, and until when the answer stands unless the event is reprocessed. */
const unmappedError = (query: CompanyQuery, managedId: string, checkedAt: string): UnmappedCustomerError => {
  const until = new Date(Date.parse(checkedAt) + companyCacheTimes.unmappedSeconds * 1000).toISOString();
  return new UnmappedCustomerError(
    `customer ${query.customerId} (${query.customerName}) is not mapped to a ConnectWise company: add Managed ID ${managedId} to its company's management summary reports under "${query.managementSolutionName}". Later events look again after ${until}; reprocess this event to look now`,
    query.customerId,
    managedId,
  );
};
