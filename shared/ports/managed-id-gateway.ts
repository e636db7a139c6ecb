/** The counters of a management summary report record the data sync keeps current. */
export const summaryFields = [
  'totalServers',
  'totalWorkstations',
  'totalManagedMachines',
  'successfulBackupJobs',
  'failedBackupJobs',
  'totalNotifications',
] as const;
export type SummaryField = (typeof summaryFields)[number];

/** One record of a company's management summary reports (a Managed ID entry). */
export interface SummaryRecord {
  readonly id: number;
  /** `WorkstationsAndServers`, `BackupStats`, `Servers` or `Workstations`. */
  readonly deviceType: string;
  readonly groupIdentifier: string;
  /** The record's current counters; a field ConnectWise left empty is absent. */
  readonly values: Readonly<Partial<Record<SummaryField, number>>>;
}

/** The Managed ID records (management summary reports) of the partner's ConnectWise. */
export interface ManagedIdGateway {
  /** The company's records with this `groupIdentifier` under the management solution, by id. */
  listSummaryRecords(
    companyId: number,
    managementSolutionId: number,
    managedId: string,
  ): Promise<SummaryRecord[]>;
  /** PATCHes the counters given (only those: `replace` operations). */
  updateSummaryRecord(
    companyId: number,
    recordId: number,
    values: Readonly<Partial<Record<SummaryField, number>>>,
  ): Promise<void>;
}
