import type { FieldChange } from '../domain/field-change.js';
import type { SyncProblem } from '../domain/sync-problem.js';
import type { EventLogEntry } from '../ports/event-log.js';
import { entryFor, type JobContext } from './sync-job.js';
import { syncMetricNames } from './sync-metric-names.js';

/** One field ConnectWise now holds differently: which record or addition, and old → new. */
export interface SyncChange extends FieldChange {
  /** e.g. `WorkstationsAndServers #12`, `addition #5 (BDR-CLOUD-GB)`. */
  readonly target: string;
}

/** The line the seed's portal writes when the 12-hour window is closed, word for word. */
export const skippedMessage = 'Skipping ConnectWise synchronization (only updating every 12 hours)';

/** The result of the data sync job for one event; JSON, because the once-only store keeps it. */
export type DataSyncOutcome =
  | { readonly kind: 'no-rule' }
  | { readonly kind: 'not-needed'; readonly reason: string }
  | { readonly kind: 'skipped' }
  | {
      readonly kind: 'synced';
      readonly forced: boolean;
      readonly companyId: number;
      readonly changes: readonly SyncChange[];
      readonly problems: readonly SyncProblem[];
      /** Additions already right. */
      readonly unchanged: number;
      /** What the partner's settings left out ("Update Backup Statistics is off"). */
      readonly skipped?: readonly string[];
    };

const valueText = (value: number | string | undefined): string => {
  if (value === undefined) return '(empty)';
  if (typeof value === 'number') return String(value);
  return value.length > 40 ? `"${value.slice(0, 37)}…"` : JSON.stringify(value);
};

/** `totalServers 1 → 2`; a description only says it changed, the details keep it whole. */
const fieldText = (change: SyncChange): string =>
  change.field === 'invoiceDescription'
    ? 'invoiceDescription updated'
    : `${change.field} ${valueText(change.from)} → ${valueText(change.to)}`;

/** `WorkstationsAndServers #12: totalServers 1 → 2, totalManagedMachines 6 → 7; addition #5 (…): …`. */
export const changesText = (changes: readonly SyncChange[]): string => {
  const byTarget = new Map<string, string[]>();
  for (const change of changes)
    byTarget.set(change.target, [...(byTarget.get(change.target) ?? []), fieldText(change)]);
  return [...byTarget].map(([target, fields]) => `${target}: ${fields.join(', ')}`).join('; ');
};

const syncedEntries = (
  context: JobContext,
  outcome: Extract<DataSyncOutcome, { kind: 'synced' }>,
): EventLogEntry[] => {
  const prefix = outcome.forced ? 'reprocessed: ' : '';
  const done = outcome.changes.length === 0 ? 'nothing changed' : changesText(outcome.changes);
  // A setting that left part of the sync out is said on the line itself, not only in the details.
  const left = outcome.skipped?.length ? ` (not synced: ${outcome.skipped.join('; ')})` : '';
  const summary = `ConnectWise synchronized: ${done}${left}`;
  const main = entryFor(context.event, context.now, {
    level: outcome.changes.length === 0 ? 'info' : 'success',
    message: `${prefix}${summary}`,
    details: {
      job: 'data-sync',
      companyId: outcome.companyId,
      changes: outcome.changes,
      unchanged: outcome.unchanged,
      ...(outcome.skipped?.length ? { skipped: outcome.skipped } : {}),
      ...(outcome.forced ? { reprocessed: true } : {}),
    },
  });
  const problems = outcome.problems.map((problem) =>
    entryFor(context.event, context.now, {
      level: problem.level,
      message: `${prefix}${problem.message}`,
      details: { job: 'data-sync', problem: problem.code },
    }),
  );
  return [main, ...problems];
};

/** The account's event-log lines of a data sync outcome; none when no sync rule matched. */
export const dataSyncEntriesOf = (context: JobContext, outcome: DataSyncOutcome): EventLogEntry[] => {
  switch (outcome.kind) {
    case 'no-rule':
      // The ticket job's line already says what happened to an event no rule asked to sync.
      return [];
    case 'not-needed':
      return [
        entryFor(context.event, context.now, {
          level: 'info',
          message: `ConnectWise synchronization not needed: ${outcome.reason}`,
          details: { job: 'data-sync' },
        }),
      ];
    case 'skipped':
      return [
        entryFor(context.event, context.now, {
          level: 'info',
          message: skippedMessage,
          details: { job: 'data-sync' },
        }),
      ];
    case 'synced':
      return syncedEntries(context, outcome);
  }
};

/** The data sync's metrics of one outcome. */
export const dataSyncMetricsOf = (outcome: DataSyncOutcome): Readonly<Record<string, number>> => {
  switch (outcome.kind) {
    case 'no-rule':
      return { [syncMetricNames.eventsWithoutSyncRule]: 1 };
    case 'not-needed':
      return { [syncMetricNames.dataSyncsNotNeeded]: 1 };
    case 'skipped':
      return { [syncMetricNames.dataSyncsSkipped]: 1 };
    case 'synced':
      return {
        [syncMetricNames.dataSyncsCompleted]: 1,
        [syncMetricNames.dataSyncChanges]: outcome.changes.length,
        [syncMetricNames.dataSyncProblems]: outcome.problems.length,
      };
  }
};
