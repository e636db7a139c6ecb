import { planStatisticsUpdates } from '../domain/backup-statistics.js';
import type { SyncProblem } from '../domain/sync-problem.js';
import { NotFoundError } from '../errors.js';
import type { ManagedIdGateway, SummaryRecord } from '../ports/managed-id-gateway.js';
import type { StateCache, StateKey } from '../ports/state-cache.js';
import type { CustomerUsage } from '../ports/usage-store.js';
import type { SyncChange } from './data-sync-outcome.js';

/**
 * How long a company's Managed ID records (ids, device types, the counters last read or written)
 * are trusted. Only the bridge writes those counters; a record deleted since is noticed by its 404.
 */
export const summaryRecordsCacheSeconds = 24 * 3600;

export interface StatisticsSyncDeps {
  readonly managedIds: ManagedIdGateway;
  readonly cache: StateCache;
}

export interface StatisticsSyncInput {
  readonly partnerId: string;
  readonly companyId: number;
  readonly managementSolutionId: number;
  readonly managementSolutionName: string;
  readonly managedId: string;
  readonly usage: CustomerUsage;
  /** ISO 8601. */
  readonly now: string;
  /** Read the records afresh instead of trusting the cache (an operator's reprocess). */
  readonly fresh: boolean;
}

const recordsKey = (input: StatisticsSyncInput): StateKey => ({
  pk: `PARTNER#${input.partnerId}`,
  sk: `MANAGED-ID#${input.companyId}#${input.managedId}`,
});

const readRecords = async (
  deps: StatisticsSyncDeps,
  input: StatisticsSyncInput,
): Promise<SummaryRecord[]> => {
  const records = await deps.managedIds.listSummaryRecords(
    input.companyId,
    input.managementSolutionId,
    input.managedId,
  );
  await remember(deps, input, records);
  return records;
};

const remember = (
  deps: StatisticsSyncDeps,
  input: StatisticsSyncInput,
  records: readonly SummaryRecord[],
  storedAt = input.now,
) => deps.cache.put(recordsKey(input), records, { storedAt, ttlSeconds: summaryRecordsCacheSeconds });

/** The counters as ConnectWise holds them after `updates` were written. */
const afterUpdates = (
  records: readonly SummaryRecord[],
  updates: ReturnType<typeof planStatisticsUpdates>['updates'],
): SummaryRecord[] =>
  records.map((record) => {
    const update = updates.find((candidate) => candidate.recordId === record.id);
    return update ? { ...record, values: { ...record.values, ...update.values } } : record;
  });

const planFor = (input: StatisticsSyncInput, records: readonly SummaryRecord[]) =>
  planStatisticsUpdates({
    managedId: input.managedId,
    managementSolutionName: input.managementSolutionName,
    records,
    usage: input.usage,
  });

const apply = async (
  deps: StatisticsSyncDeps,
  input: StatisticsSyncInput,
  listed: { records: readonly SummaryRecord[]; storedAt: string },
  applied: SyncChange[],
): Promise<SyncProblem[]> => {
  const plan = planFor(input, listed.records);
  for (const update of plan.updates) {
    await deps.managedIds.updateSummaryRecord(input.companyId, update.recordId, update.values);
    const target = `${update.deviceType} #${update.recordId}`;
    applied.push(...update.changes.map((change) => ({ target, ...change })));
  }
  // Kept with its first read's time: writing the counters must not postpone the next re-read.
  if (plan.updates.length > 0)
    await remember(deps, input, afterUpdates(listed.records, plan.updates), listed.storedAt);
  return plan.problems;
};

/**
 * "Update Backup Statistics": brings the customer's two Managed ID records (WorkstationsAndServers,
 * BackupStats) to the usage state's figures, one PATCH per changed record, each change pushed to
 * `applied` once ConnectWise took it. Warm, the records come from the cache (no read); they are
 * read afresh after a day, when a cached one was deleted (404), and when the cached list lacks a
 * record or holds a duplicate (the operator may have just fixed the setup).
 * @returns the setup problems found (a missing record, the wrong order)
 */
export const syncBackupStatistics = async (
  deps: StatisticsSyncDeps,
  input: StatisticsSyncInput,
  applied: SyncChange[],
): Promise<SyncProblem[]> => {
  const hit = input.fresh ? undefined : await deps.cache.get<SummaryRecord[]>(recordsKey(input));
  const fresh = async () => ({ records: await readRecords(deps, input), storedAt: input.now });
  if (!hit) return apply(deps, input, await fresh(), applied);
  const cached = { records: hit.value, storedAt: hit.storedAt };
  if (planFor(input, cached.records).problems.some((problem) => problem.level === 'error')) {
    return apply(deps, input, await fresh(), applied);
  }
  try {
    return await apply(deps, input, cached, applied);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return apply(deps, input, await fresh(), applied);
  }
};
