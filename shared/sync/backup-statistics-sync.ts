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

const remember = (deps: StatisticsSyncDeps, input: StatisticsSyncInput, records: readonly SummaryRecord[]) =>
  deps.cache.put(recordsKey(input), records, { storedAt: input.now, ttlSeconds: summaryRecordsCacheSeconds });

/** The counters as ConnectWise holds them after `updates` were written. */
const afterUpdates = (
  records: readonly SummaryRecord[],
  updates: ReturnType<typeof planStatisticsUpdates>['updates'],
): SummaryRecord[] =>
  records.map((record) => {
    const update = updates.find((candidate) => candidate.recordId === record.id);
    return update ? { ...record, values: { ...record.values, ...update.values } } : record;
  });

const apply = async (
  deps: StatisticsSyncDeps,
  input: StatisticsSyncInput,
  records: readonly SummaryRecord[],
): Promise<{ changes: SyncChange[]; problems: SyncProblem[] }> => {
  const plan = planStatisticsUpdates({
    managedId: input.managedId,
    managementSolutionName: input.managementSolutionName,
    records,
    usage: input.usage,
  });
  const changes: SyncChange[] = [];
  for (const update of plan.updates) {
    await deps.managedIds.updateSummaryRecord(input.companyId, update.recordId, update.values);
    const target = `${update.deviceType} #${update.recordId}`;
    changes.push(...update.changes.map((change) => ({ target, ...change })));
  }
  if (plan.updates.length > 0) await remember(deps, input, afterUpdates(records, plan.updates));
  return { changes, problems: plan.problems };
};

/**
 * "Update Backup Statistics": brings the customer's two Managed ID records (WorkstationsAndServers,
 * BackupStats) to the usage state's figures, one PATCH per changed record. Warm, the records come
 * from the cache (no read); a cached record that was deleted (404) makes it read them once afresh.
 */
export const syncBackupStatistics = async (
  deps: StatisticsSyncDeps,
  input: StatisticsSyncInput,
): Promise<{ changes: SyncChange[]; problems: SyncProblem[] }> => {
  const hit = input.fresh ? undefined : await deps.cache.get<SummaryRecord[]>(recordsKey(input));
  if (!hit) return apply(deps, input, await readRecords(deps, input));
  try {
    return await apply(deps, input, hit.value);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return apply(deps, input, await readRecords(deps, input));
  }
};
