import type { SummaryField, SummaryRecord } from '../ports/managed-id-gateway.js';
import type { CustomerUsage } from '../ports/usage-store.js';
import type { FieldChange } from './field-change.js';
import type { SyncProblem } from './sync-problem.js';
import { usageTotalsOf } from './usage.js';

/** The counters one Managed ID record gets, and what changes in it. */
export interface SummaryRecordUpdate {
  readonly recordId: number;
  readonly deviceType: string;
  /** Only the fields whose value changes. */
  readonly values: Partial<Record<SummaryField, number>>;
  readonly changes: FieldChange[];
}

/** What the data sync writes to a customer's two Managed ID records, and what is wrong with them. */
export interface StatisticsPlan {
  readonly updates: SummaryRecordUpdate[];
  readonly problems: SyncProblem[];
}

/** The two Managed ID entries the setup requires, in the order they must be entered. */
const requiredRecords = [
  { deviceType: 'WorkstationsAndServers', label: 'Workstations and Servers' },
  { deviceType: 'BackupStats', label: 'Backup Stats' },
] as const;
type RequiredDeviceType = (typeof requiredRecords)[number]['deviceType'];

const setupPath = 'in ConnectWise, System > Setup Tables > Managed Devices Integration > Companies';

/**
 * The counters of the customer's Managed ID records: servers, workstations and managed machines
 * on "Workstations and Servers"; the month's successful and failed jobs and notifications on
 * "Backup Stats". Only changed fields are written; a record with none is left alone.
 *
 * A missing record is an error (the other is still updated); entries in the wrong order or
 * duplicated are warnings (the lowest id of each device type is updated). Pure.
 */
export const planStatisticsUpdates = (input: {
  readonly managedId: string;
  readonly managementSolutionName: string;
  readonly records: readonly SummaryRecord[];
  readonly usage: CustomerUsage;
}): StatisticsPlan => {
  const targets = targetValuesOf(input.usage);
  const where = { managedId: input.managedId, solution: input.managementSolutionName };
  const updates: SummaryRecordUpdate[] = [];
  const problems: SyncProblem[] = [];
  const chosen = new Map<RequiredDeviceType, SummaryRecord>();
  for (const { deviceType, label } of requiredRecords) {
    const records = input.records.filter((r) => r.deviceType === deviceType).sort((a, b) => a.id - b.id);
    const [record, ...extra] = records;
    if (record === undefined) {
      problems.push(missingRecordProblem(where, label));
      continue;
    }
    if (extra.length > 0) problems.push(duplicateRecordsProblem(where, label, records));
    chosen.set(deviceType, record);
    const update = updateOf(record, targets[deviceType]);
    if (update) updates.push(update);
  }
  const first = chosen.get('WorkstationsAndServers');
  const second = chosen.get('BackupStats');
  if (first && second && second.id < first.id) problems.push(orderProblem(where, first, second));
  return { updates, problems };
};

/** ConnectWise keeps these counters as 32-bit integers: a larger sum would be refused with a 400. */
export const maxSummaryCounter = 2_147_483_647;
const counter = (value: number): number => Math.min(maxSummaryCounter, Math.round(value));

const targetValuesOf = (
  usage: CustomerUsage,
): Record<RequiredDeviceType, Partial<Record<SummaryField, number>>> => {
  const totals = usageTotalsOf(usage.accounts);
  return {
    WorkstationsAndServers: {
      totalServers: counter(totals.servers),
      totalWorkstations: counter(totals.workstations),
      totalManagedMachines: counter(totals.managedMachines),
    },
    BackupStats: {
      successfulBackupJobs: counter(usage.jobs.successfulJobs),
      failedBackupJobs: counter(usage.jobs.failedJobs),
      totalNotifications: counter(usage.jobs.notifications),
    },
  };
};

const updateOf = (
  record: SummaryRecord,
  targets: Partial<Record<SummaryField, number>>,
): SummaryRecordUpdate | undefined => {
  const values: Partial<Record<SummaryField, number>> = {};
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(targets) as [SummaryField, number][]) {
    const from = record.values[field];
    if (from === to) continue;
    values[field] = to;
    changes.push({ field, from, to });
  }
  if (changes.length === 0) return undefined;
  return { recordId: record.id, deviceType: record.deviceType, values, changes };
};

interface RecordLocation {
  readonly managedId: string;
  readonly solution: string;
}

const missingRecordProblem = (where: RecordLocation, label: string): SyncProblem => {
  const position =
    label === 'Backup Stats'
      ? 'after the "Workstations and Servers" entry'
      : 'as the first entry: delete a "Backup Stats" entry made before it and add that again afterwards';
  return {
    level: 'error',
    code: 'missing-managed-id-record',
    message:
      `Managed ID ${where.managedId} has no "${label}" record under "${where.solution}": ${setupPath}, ` +
      `add the Managed ID ${where.managedId} with Device Type "${label}" (${position}), Agreement blank`,
  };
};

const duplicateRecordsProblem = (
  where: RecordLocation,
  label: string,
  records: readonly SummaryRecord[],
): SyncProblem => {
  const ids = records.map((r) => r.id);
  return {
    level: 'warning',
    code: 'duplicate-managed-id-record',
    message:
      `Managed ID ${where.managedId} has ${ids.length} "${label}" records under "${where.solution}" ` +
      `(ids ${ids.join(', ')}): only id ${ids[0]} is updated; ${setupPath}, delete the extra entries`,
  };
};

const orderProblem = (where: RecordLocation, first: SummaryRecord, second: SummaryRecord): SyncProblem => ({
  level: 'warning',
  code: 'managed-id-order',
  message:
    `Managed ID ${where.managedId} under "${where.solution}": the "Backup Stats" entry (id ${second.id}) ` +
    `was entered before the "Workstations and Servers" entry (id ${first.id}), and ConnectWise's ` +
    `report data flow breaks when the two entries are switched: ${setupPath}, delete both entries ` +
    'and enter "Workstations and Servers" first, then "Backup Stats"',
});
