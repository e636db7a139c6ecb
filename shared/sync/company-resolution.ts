import { managedIdOf } from '../domain/portal-event.js';
import { PartnerConfigurationError } from '../errors.js';
import type { CompanyDirectory, CompanySummary } from '../ports/company-directory.js';
import type { StateCache, StateKey } from '../ports/state-cache.js';

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
  /** An unmapped customer is not rescanned for an hour. */
  unmappedSeconds: 3600,
  solutionSeconds: 24 * 3600,
} as const;

/** What company resolution works with. */
export interface CompanyResolutionDeps {
  readonly directory: CompanyDirectory;
  readonly cache: StateCache;
}

export interface CompanyQuery {
  readonly partnerId: string;
  readonly managementSolutionName: string;
  readonly customerId: string;
  /** Companies named like the customer are checked first during discovery. */
  readonly customerName: string;
  /** ISO 8601. */
  readonly now: string;
}

const managedIdPrefix = managedIdOf('');
const partnerPk = (partnerId: string) => `PARTNER#${partnerId}`;
const mappingKey = (partnerId: string, managedId: string): StateKey => ({
  pk: partnerPk(partnerId),
  sk: `COMPANY#${managedId}`,
});

const ageSeconds = (storedAt: string, now: string): number => (Date.parse(now) - Date.parse(storedAt)) / 1000;

const isMapped = (cached: CachedMapping): cached is CompanyMapping => !('unmapped' in cached);

const solutionIdOf = async (deps: CompanyResolutionDeps, query: CompanyQuery): Promise<number> => {
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
  if (cached && !isMapped(cached.value)) throw unmappedError(query, managedId);
  const known = cached && isMapped(cached.value) ? cached.value : undefined;
  if (cached && known && ageSeconds(cached.storedAt, query.now) < companyCacheTimes.refreshAfterSeconds) {
    return known;
  }
  const solutionId = await solutionIdOf(deps, query);
  if (known) {
    const ids = await deps.directory.listManagedIds(known.companyId, solutionId, managedId);
    if (ids.includes(managedId)) {
      await rememberMapping(deps, query, managedId, known);
      return known;
    }
  }
  return discoverCompany(deps, query, solutionId, managedId);
};

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

/** Companies whose name resembles the customer's come first: they are the likely holders. */
export const discoveryOrder = (
  companies: readonly CompanySummary[],
  customerName: string,
): CompanySummary[] => {
  const wanted = customerName.trim().toLowerCase();
  const rank = (company: CompanySummary): number => {
    const name = company.name.trim().toLowerCase();
    if (name === wanted) return 0;
    if (wanted.length > 0 && (name.includes(wanted) || wanted.includes(name))) return 1;
    return 2;
  };
  return companies
    .map((company, position) => ({ company, position, rank: rank(company) }))
    .sort((a, b) => a.rank - b.rank || a.position - b.position)
    .map((entry) => entry.company);
};

const discoverCompany = async (
  deps: CompanyResolutionDeps,
  query: CompanyQuery,
  solutionId: number,
  managedId: string,
): Promise<CompanyMapping> => {
  const companies = discoveryOrder(await deps.directory.listCompanies(), query.customerName);
  for (const company of companies) {
    const ids = await deps.directory.listManagedIds(company.id, solutionId, managedIdPrefix);
    const mapping: CompanyMapping = {
      companyId: company.id,
      identifier: company.identifier,
      name: company.name,
    };
    // Every mapping seen on the way is cached, so the next new customer does not rescan these.
    await Promise.all(ids.map((id) => rememberMapping(deps, query, id, mapping)));
    if (ids.includes(managedId)) return mapping;
  }
  await rememberMapping(deps, query, managedId, { unmapped: true });
  throw unmappedError(query, managedId);
};

const unmappedError = (query: CompanyQuery, managedId: string): PartnerConfigurationError =>
  new PartnerConfigurationError(
    `customer ${query.customerId} (${query.customerName}) is not mapped to a ConnectWise company: add Managed ID ${managedId} to its company's management summary reports under "${query.managementSolutionName}"`,
  );
