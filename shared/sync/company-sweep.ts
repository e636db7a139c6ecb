import { RetryableError } from '../errors.js';
import type { CompanyDirectory, CompanySummary } from '../ports/company-directory.js';
import type { StateCache } from '../ports/state-cache.js';
import type { SyncMarkers } from '../ports/sync-markers.js';
import { companySweepKey, markerSeconds } from './marker-keys.js';

/** Where a partner's sweep of its companies' Managed IDs stands. */
interface SweepState {
  /** Every company with this id or a lower one was checked in the current pass. */
  readonly after: number;
  /** When a pass last reached the end (ISO 8601). */
  readonly completedAt?: string;
}

export interface SweepDeps {
  readonly directory: CompanyDirectory;
  /** Company mappings and the management solution's id. */
  readonly cache: StateCache;
  /** The partner's saved sweep cursor. */
  readonly markers: SyncMarkers;
  /** Seconds the invocation may still run; the sweep pauses before it runs out. Unbounded if absent. */
  readonly remainingSeconds?: () => number;
}

export interface SweepRequest {
  readonly partnerId: string;
  readonly solutionId: number;
  /** The Managed ID looked for, e.g. `EFS-19652`. */
  readonly managedId: string;
  /** What every Managed ID of the bridge starts with: all of them are remembered on the way. */
  readonly prefix: string;
  /** Companies named like the customer are checked first. */
  readonly customerName: string;
  /** ISO 8601. */
  readonly now: string;
  /**
   * A pass that reached the end this recently saw (and remembered) every Managed ID that existed
   * then, so a miss is answered without scanning again. 0 always scans.
   */
  readonly trustPassForSeconds: number;
  /** List the companies afresh rather than reuse a recent listing (an operator's reprocess). */
  readonly fresh?: boolean;
  /** Stores one mapping seen on the way. */
  readonly remember: (managedId: string, company: CompanySummary) => Promise<void>;
}

/** A short customer name ("IT") resembles half the tenant: only the closest few are checked first. */
export const maxLikelyHolders = 10;
/** Time kept for the rest of the record (board lookup, ticket create) when the sweep pauses. */
export const sweepReserveSeconds = 30;
/** How long a paused pass may be continued before the sweep starts over. */
const sweepResumeSeconds = 3600;

const ageSeconds = (storedAt: string, now: string): number => (Date.parse(now) - Date.parse(storedAt)) / 1000;

const resemblance = (company: CompanySummary, customerName: string): number => {
  const wanted = customerName.trim().toLowerCase();
  const name = company.name.trim().toLowerCase();
  if (name === wanted) return 0;
  if (wanted.length > 0 && (name.includes(wanted) || wanted.includes(name))) return 1;
  return 2;
};

/** Companies whose name resembles the customer's, closest first: they are the likely holders. */
export const likelyHolders = (companies: readonly CompanySummary[], customerName: string): CompanySummary[] =>
  companies
    .map((company, position) => ({ company, position, rank: resemblance(company, customerName) }))
    .filter((entry) => entry.rank < 2)
    .sort((a, b) => a.rank - b.rank || a.position - b.position)
    .slice(0, maxLikelyHolders)
    .map((entry) => entry.company);

/**
 * The company holding `managedId`, or undefined when none does. Checks the likely holders, then
 * sweeps the rest by ascending id from where the partner's last sweep stopped, remembering every
 * Managed ID seen. The cursor is shared by all records of the partner and saved whenever the
 * sweep stops, so a tenant too large for one invocation is swept across several instead of
 * restarting from the first company on every retry; and one completed pass answers every
 * unmapped customer for `trustPassForSeconds` instead of a full scan per customer.
 * @throws RetryableError when the invocation runs short of time; the next try continues the sweep.
 */
export const findManagedIdHolder = async (
  deps: SweepDeps,
  request: SweepRequest,
): Promise<CompanySummary | undefined> => {
  const key = companySweepKey(request.partnerId, request.solutionId);
  const stored = await deps.markers.get<SweepState>(key);
  const state = resumable(stored?.value, stored?.storedAt, request.now);
  const { completedAt } = state;
  if (completedAt !== undefined && ageSeconds(completedAt, request.now) < request.trustPassForSeconds) {
    return undefined;
  }
  const companies = await deps.directory.listCompanies({ fresh: request.fresh === true });
  const likely = likelyHolders(companies, request.customerName);
  const checked = new Set(likely.map((company) => company.id));
  const rest = companies
    .filter((company) => company.id > state.after && !checked.has(company.id))
    .sort((a, b) => a.id - b.id);
  let after = state.after;
  let complete = false;
  const save = (next: SweepState) =>
    deps.markers.put(key, next, { storedAt: request.now, ttlSeconds: markerSeconds.companySweep });
  try {
    for (const company of likely) {
      pauseWhenShortOfTime(deps, request, after);
      if (await holds(deps, request, company)) return company;
    }
    for (const company of rest) {
      pauseWhenShortOfTime(deps, request, after);
      const found = await holds(deps, request, company);
      after = company.id;
      if (found) return company;
    }
    complete = true;
  } finally {
    // Saved however the sweep stops (found, paused, or a ConnectWise failure), so no work is redone.
    if (complete) await save({ after: 0, completedAt: request.now });
    else if (after !== state.after) await save({ ...state, after });
  }
  return undefined;
};

/** A paused pass resumes only while fresh; an old cursor would skip Managed IDs added since. */
const resumable = (state: SweepState | undefined, storedAt: string | undefined, now: string): SweepState => {
  if (state === undefined || storedAt === undefined) return { after: 0 };
  if (ageSeconds(storedAt, now) < sweepResumeSeconds) return state;
  return state.completedAt === undefined ? { after: 0 } : { after: 0, completedAt: state.completedAt };
};

const pauseWhenShortOfTime = (deps: SweepDeps, request: SweepRequest, after: number): void => {
  if ((deps.remainingSeconds?.() ?? Number.POSITIVE_INFINITY) >= sweepReserveSeconds) return;
  throw new RetryableError(
    `company discovery for ${request.managedId} paused after company #${after}: it continues on the next try`,
    { retryAfterSeconds: 1 },
  );
};

const holds = async (deps: SweepDeps, request: SweepRequest, company: CompanySummary): Promise<boolean> => {
  const ids = await deps.directory.listManagedIds(company.id, request.solutionId, request.prefix);
  await Promise.all(ids.map((id) => request.remember(id, company)));
  return ids.includes(request.managedId);
};
